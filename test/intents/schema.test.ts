import Ajv from 'ajv';
import { promises as fs } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { INTENTS_SCHEMA } from '../../src/intents/schema';
import { HEADER, problemsOf, problemsOfYaml, VALID, validWith } from './intents-text';

describe('structure: header', () => {
  it('GIVEN a wrong apiVersion and kind WHEN validated THEN both are reported and the rest of the document is skipped [api-version] [kind]', () => {
    expect(
      problemsOfYaml('apiVersion: gitops.vworkspace.io/v1\nkind: Intent\nclusters: [{ idd: x }]\n'),
    ).toEqual([
      {
        file: 'intents.yaml',
        path: 'apiVersion',
        rule: 'api-version',
        message:
          "line 1:1: apiVersion is 'gitops.vworkspace.io/v1'; intents documents declare apiVersion: gitops.vworkspace.io/v1alpha1",
      },
      {
        file: 'intents.yaml',
        path: 'kind',
        rule: 'kind',
        message: "line 2:1: kind is 'Intent'; intents documents declare kind: Intents",
      },
    ]);
  });

  it('GIVEN a document with no header and one that is a list WHEN validated THEN each says what an intents document is', () => {
    expect(problemsOfYaml('clusters: []\n---\n- a\n')).toEqual([
      {
        file: 'intents.yaml',
        path: '',
        rule: 'wrong-type',
        message:
          'line 3:1: an intents document must be a map starting with apiVersion: gitops.vworkspace.io/v1alpha1 and kind: Intents (document 2 in the file)',
      },
      {
        file: 'intents.yaml',
        path: 'apiVersion',
        rule: 'api-version',
        message:
          'line 1:1: apiVersion is missing; intents documents declare apiVersion: gitops.vworkspace.io/v1alpha1',
      },
      {
        file: 'intents.yaml',
        path: 'kind',
        rule: 'kind',
        message: 'line 1:1: kind is missing; intents documents declare kind: Intents',
      },
    ]);
  });

  it('GIVEN empty and missing lists WHEN validated THEN there is no problem', () => {
    expect(problemsOfYaml(`${HEADER}clusters:\napplications: []\n`)).toEqual([]);
    expect(
      problemsOf({ 'a.json': '{"apiVersion": "gitops.vworkspace.io/v1alpha1", "kind": "Intents"}' }),
    ).toEqual([]);
  });
});

describe('structure: fields', () => {
  it('GIVEN misspelt fields at every level WHEN validated THEN each is reported with the nearest known field [unknown-field]', () => {
    const text =
      VALID.replace('  - id: cluster-prod-1\n', '  - id: cluster-prod-1\n    helmRelease: true\n')
        .replace('version: "4.6.2" }', 'version: "4.6.2", repo: x }')
        .replace(
          '    app: nextcloud\n',
          '    app: nextcloud\n    valuesFrom: [{ kind: Secret, name: db, valueKey: pw }]\n    values: { anyKey: 1, nested: { whatever: 2 } }\n',
        )
        .replace(
          '    type: backup\n',
          '    type: backup\n    parameters: { anything: goes }\n    requestedby: bob\n',
        ) + 'aplications: []\n';
    expect(problemsOfYaml(text)).toEqual([
      {
        file: 'intents.yaml',
        path: 'aplications',
        rule: 'unknown-field',
        message: "line 25:1: unknown field 'aplications' in the document; did you mean 'applications'?",
      },
      {
        file: 'intents.yaml',
        path: 'applications[0].chart.repo',
        rule: 'unknown-field',
        message: "line 14:98: unknown field 'repo' in applications[0].chart; did you mean 'repository'?",
      },
      {
        file: 'intents.yaml',
        path: 'applications[0].valuesFrom[0].valueKey',
        rule: 'unknown-field',
        message:
          "line 11:44: unknown field 'valueKey' in applications[0].valuesFrom[0]; did you mean 'valuesKey'?",
      },
      {
        file: 'intents.yaml',
        path: 'clusters[0].helmRelease',
        rule: 'unknown-field',
        message: "line 5:5: unknown field 'helmRelease' in clusters[0]; did you mean 'helmReleases'?",
      },
      {
        file: 'intents.yaml',
        path: 'operations[0].requestedby',
        rule: 'unknown-field',
        message: "line 21:5: unknown field 'requestedby' in operations[0]; did you mean 'requestedBy'?",
      },
    ]);
  });

  it('GIVEN an unknown field unlike any known one WHEN validated THEN the known fields are listed [unknown-field]', () => {
    expect(
      problemsOfYaml(validWith('  - id: cluster-prod-1\n', '  - id: cluster-prod-1\n    colour: blue\n')),
    ).toEqual([
      {
        file: 'intents.yaml',
        path: 'clusters[0].colour',
        rule: 'unknown-field',
        message:
          "line 5:5: unknown field 'colour' in clusters[0]; the known fields are id, sync, helmReleases, owners",
      },
    ]);
  });

  it('GIVEN a missing required field WHEN validated THEN the path names the field and the line the entry [required-field]', () => {
    expect(problemsOfYaml(validWith('    requestedBy: "alice@example.org"\n', ''))).toEqual([
      {
        file: 'intents.yaml',
        path: 'operations[0].requestedBy',
        rule: 'required-field',
        message: "line 13:5: operations[0] is missing the required field 'requestedBy'",
      },
    ]);
  });

  it('GIVEN a version written as an unquoted number WHEN validated THEN the message says to quote it as written [wrong-type]', () => {
    expect(problemsOfYaml(validWith('version: "28.0.4"', 'version: 28.0'))).toEqual([
      {
        file: 'intents.yaml',
        path: 'applications[0].version',
        rule: 'wrong-type',
        message:
          'line 10:5: applications[0].version must be a string, but is the number 28: an unquoted 28.0 is read as a number (28); quote it: "28.0"',
      },
    ]);
  });

  it('GIVEN yes for a boolean and a string for a list WHEN validated THEN each says what to write [wrong-type]', () => {
    expect(
      problemsOfYaml(
        validWith(
          '  - id: cluster-prod-1\n',
          '  - id: cluster-prod-1\n    helmReleases: yes\n    owners: "@acme/x"\n',
        ),
      ),
    ).toEqual([
      {
        file: 'intents.yaml',
        path: 'clusters[0].helmReleases',
        rule: 'wrong-type',
        message:
          "line 5:5: clusters[0].helmReleases must be true or false, but is 'yes'; write true or false (YAML 1.2 reads yes, no, on and off as strings)",
      },
      {
        file: 'intents.yaml',
        path: 'clusters[0].owners',
        rule: 'wrong-type',
        message:
          'line 6:5: clusters[0].owners must be a list, but is \'@acme/x\'; write a list, even of one item: ["@acme/x"]',
      },
    ]);
  });

  it('GIVEN a sync mode and an operation type outside their sets WHEN validated THEN the valid values are listed [allowed-values]', () => {
    const text = validWith('  - id: cluster-prod-1\n', '  - id: cluster-prod-1\n    sync: fluxcd\n').replace(
      'type: backup',
      'type: snapshot',
    );
    expect(problemsOfYaml(text)).toEqual([
      {
        file: 'intents.yaml',
        path: 'clusters[0].sync',
        rule: 'allowed-values',
        message:
          "line 5:5: clusters[0].sync is 'fluxcd', which is not one of: flux, argocd; did you mean 'flux'?",
      },
      {
        file: 'intents.yaml',
        path: 'operations[0].type',
        rule: 'allowed-values',
        message:
          "line 17:5: operations[0].type is 'snapshot', which is not one of: backup, restore, upgrade, restart",
      },
    ]);
  });
});

describe('schemas/intents.v1alpha1.json', () => {
  it('GIVEN the realistic fixture WHEN checked against the full schema (patterns and all) THEN it passes, so the schema is no stricter than the loader', async () => {
    // GIVEN
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(
      INTENTS_SCHEMA,
    );
    const dir = path.join(__dirname, '..', 'fixtures', 'intents', 'fleet');
    const files = ['clusters.yaml', 'applications/prod.yaml', 'applications/staging.json', 'operations.yml'];
    for (const file of files) {
      const text = await fs.readFile(path.join(dir, file), 'utf8');
      for (const doc of text.split(/^---$/m).map((part) => parse(part, { merge: true }) as unknown)) {
        // WHEN / THEN
        expect([file, validate(doc), validate.errors ?? []]).toEqual([file, true, []]);
      }
    }
  });

  it('GIVEN a reserved namespace WHEN checked against the schema alone THEN editors see it too', () => {
    const validate = new Ajv({ strict: false, validateFormats: false }).compile(INTENTS_SCHEMA);
    const data = parse(
      validWith(
        '    namespace: org-myteam\n    name: nextcloud-myteam\n',
        '    namespace: kube-system\n    name: nextcloud-myteam\n',
      ),
    ) as unknown;
    expect(validate(data)).toBe(false);
  });
});
