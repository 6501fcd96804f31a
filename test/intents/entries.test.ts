import { MAX_INTENT_VALUES_BYTES } from '../../src/intents/rules';
import { problemsOfYaml, validWith } from './intents-text';

const APP_NAME = '    name: nextcloud-myteam\n    app';
const OP_NAME = '    name: nextcloud-myteam-backup-2026-05-28\n';

describe('entries: names', () => {
  it('GIVEN a cluster id that is no DNS-1123 label WHEN validated THEN it is reported [dns-1123-label]', () => {
    const text = validWith('  - id: cluster-prod-1\n', '  - id: cluster-prod-1\n  - id: Cluster_Prod\n');
    expect(problemsOfYaml(text)).toEqual([
      {
        file: 'intents.yaml',
        path: 'clusters[1].id',
        rule: 'dns-1123-label',
        message:
          "line 5:5: cluster id 'Cluster_Prod' is not a DNS-1123 label: use lowercase letters, digits and '-', starting and ending with a letter or digit",
      },
    ]);
  });

  it('GIVEN a namespace longer than 63 characters and an app that is no label WHEN validated THEN both are reported [dns-1123-label]', () => {
    const text = validWith('    app: nextcloud\n', '    app: Next.cloud\n').replace(
      '  - cluster: cluster-prod-1\n    namespace: org-myteam\n    name: nextcloud-myteam-backup',
      `  - cluster: cluster-prod-1\n    namespace: ${'n'.repeat(64)}\n    name: nextcloud-myteam-backup`,
    );
    expect(problemsOfYaml(text)).toEqual([
      {
        file: 'intents.yaml',
        path: 'applications[0].app',
        rule: 'dns-1123-label',
        message:
          "line 9:5: app 'Next.cloud' is not a DNS-1123 label: use lowercase letters, digits and '-', starting and ending with a letter or digit",
      },
      {
        file: 'intents.yaml',
        path: 'operations[0].namespace',
        rule: 'dns-1123-label',
        message: `line 14:5: namespace '${'n'.repeat(64)}' is 64 characters long; a DNS-1123 label has at most 63`,
      },
      {
        file: 'intents.yaml',
        path: 'operations[0].target',
        rule: 'operation-target-missing',
        message: `line 17:5: target 'nextcloud-myteam' is not an application in cluster 'cluster-prod-1', namespace '${'n'.repeat(64)}'; an application of that name is in cluster 'cluster-prod-1', namespace 'org-myteam' (intents.yaml applications[0] (line 6:5)); an operation must be in its target's cluster and namespace`,
      },
    ]);
  });

  it('GIVEN an application name that is no DNS-1123 subdomain WHEN validated THEN it is reported [dns-1123-subdomain]', () => {
    const text = validWith(APP_NAME, '    name: nextcloud_myteam\n    app').replace(
      'target: nextcloud-myteam',
      'target: nextcloud_myteam',
    );
    expect(problemsOfYaml(text)).toEqual([
      {
        file: 'intents.yaml',
        path: 'applications[0].name',
        rule: 'dns-1123-subdomain',
        message:
          "line 8:5: name 'nextcloud_myteam' is not a DNS-1123 subdomain: use lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit",
      },
    ]);
  });

  it('GIVEN an application name of 64 characters WHEN validated THEN it is refused as a label value, saying why [label-value]', () => {
    const name = `nextcloud.${'x'.repeat(54)}`;
    const text = validWith(APP_NAME, `    name: ${name}\n    app`).replace(
      'target: nextcloud-myteam',
      `target: ${name.slice(0, 63)}`,
    );
    expect(problemsOfYaml(text).filter((p) => p.path === 'applications[0].name')).toEqual([
      {
        file: 'intents.yaml',
        path: 'applications[0].name',
        rule: 'label-value',
        message: `line 8:5: name '${name}' is 64 characters long; a Kubernetes label value has at most 63, and the application name is written as the app.kubernetes.io/instance label value; shorten it to 63 characters or fewer`,
      },
    ]);
  });

  it('GIVEN an application name of 240 characters WHEN validated THEN both the label and the file name rules report it [file-name-length]', () => {
    const name = Array(6).fill('a'.repeat(39)).join('.').padEnd(240, 'b');
    const problems = problemsOfYaml(validWith(APP_NAME, `    name: ${name}\n    app`)).filter(
      (p) => p.path === 'applications[0].name',
    );
    expect(problems.map((p) => p.rule)).toEqual(['file-name-length', 'label-value']);
    expect(problems[0].message).toBe(
      'line 8:5: a name of 240 characters makes the file name applicationinstance-<name>.yaml 265 bytes long; file names have at most 255 bytes, so the name has at most 230 characters',
    );
  });

  it('GIVEN an operation name of 241 characters (a valid subdomain) WHEN validated THEN operation-<name>.yaml is too long [file-name-length]', () => {
    const name = `${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(58)}`;
    expect(problemsOfYaml(validWith(OP_NAME, `    name: ${name}\n`))).toEqual([
      {
        file: 'intents.yaml',
        path: 'operations[0].name',
        rule: 'file-name-length',
        message:
          'line 15:5: a name of 241 characters makes the file name operation-<name>.yaml 256 bytes long; file names have at most 255 bytes, so the name has at most 240 characters',
      },
    ]);
    expect(problemsOfYaml(validWith(OP_NAME, `    name: ${name.slice(1)}\n`))).toEqual([]);
  });

  it('GIVEN an operation target that is no label value WHEN validated THEN it is reported as a label value [label-value]', () => {
    expect(problemsOfYaml(validWith('    target: nextcloud-myteam\n', '    target: -nextcloud\n'))).toEqual([
      {
        file: 'intents.yaml',
        path: 'operations[0].target',
        rule: 'label-value',
        message:
          "line 17:5: target '-nextcloud' is not a valid Kubernetes label value (letters, digits, '-', '_' and '.', starting and ending with a letter or digit); the target names an application and is written as a label value",
      },
    ]);
  });

  it('GIVEN reserved namespaces WHEN validated THEN each is refused [reserved-namespace]', () => {
    for (const namespace of ['kube-system', 'kube-public', 'flux-system', 'argocd', 'default']) {
      const text = validWith(
        '    namespace: org-myteam\n    name: nextcloud-myteam\n',
        `    namespace: ${namespace}\n    name: nextcloud-myteam\n`,
      ).replace('namespace: org-myteam', `namespace: ${namespace}`);
      expect(problemsOfYaml(text)).toEqual([
        {
          file: 'intents.yaml',
          path: 'applications[0].namespace',
          rule: 'reserved-namespace',
          message: `line 7:5: namespace '${namespace}' is reserved for the platform (kube-*, flux-system, argocd, default); use a namespace of your own, such as org-<team>`,
        },
        {
          file: 'intents.yaml',
          path: 'operations[0].namespace',
          rule: 'reserved-namespace',
          message: `line 14:5: namespace '${namespace}' is reserved for the platform (kube-*, flux-system, argocd, default); use a namespace of your own, such as org-<team>`,
        },
      ]);
    }
    expect(
      problemsOfYaml(
        validWith(
          'namespace: org-myteam\n    name: nextcloud-myteam\n',
          'namespace: kubeflow\n    name: nextcloud-myteam\n',
        ).replace('namespace: org-myteam', 'namespace: kubeflow'),
      ),
    ).toEqual([]);
  });
});

describe('entries: clusters', () => {
  it('GIVEN helmReleases: true on an Argo CD cluster WHEN validated THEN it is refused [helm-releases-need-flux]', () => {
    expect(
      problemsOfYaml(
        validWith(
          '  - id: cluster-prod-1\n',
          '  - id: cluster-prod-1\n    sync: argocd\n    helmReleases: true\n',
        ),
      ),
    ).toEqual([
      {
        file: 'intents.yaml',
        path: 'clusters[0].helmReleases',
        rule: 'helm-releases-need-flux',
        message:
          "line 6:5: helmReleases: true needs sync: flux (a HelmRelease is applied by Flux's helm-controller, which an Argo CD cluster does not run); set sync: flux or helmReleases: false",
      },
    ]);
  });

  it('GIVEN owners that are no CODEOWNERS owners WHEN validated THEN each is reported, the valid ones are not [codeowners-owner]', () => {
    const owners =
      '["acme/team", "@acme/", "@alice", "@acme/prod-approvers", "ops@acme.example.org", "not an email@x"]';
    expect(
      problemsOfYaml(
        validWith('  - id: cluster-prod-1\n', `  - id: cluster-prod-1\n    owners: ${owners}\n`),
      ),
    ).toEqual([
      {
        file: 'intents.yaml',
        path: 'clusters[0].owners[0]',
        rule: 'codeowners-owner',
        message:
          "line 5:14: owner 'acme/team' is not a CODEOWNERS owner; write @user, @org/team or an email address",
      },
      {
        file: 'intents.yaml',
        path: 'clusters[0].owners[1]',
        rule: 'codeowners-owner',
        message:
          "line 5:27: owner '@acme/' is not a CODEOWNERS owner; write @user, @org/team or an email address",
      },
      {
        file: 'intents.yaml',
        path: 'clusters[0].owners[5]',
        rule: 'codeowners-owner',
        message:
          "line 5:95: owner 'not an email@x' is not a CODEOWNERS owner; write @user, @org/team or an email address",
      },
    ]);
  });
});

describe('entries: applications and operations', () => {
  it('GIVEN a chart repository that is no http(s)/oci URL WHEN validated THEN it is reported with examples [chart-repository-url]', () => {
    expect(
      problemsOfYaml(
        validWith(
          'repository: "https://charts.example.org/stable"',
          'repository: "ftp://charts.example.org"',
        ),
      ),
    ).toEqual([
      {
        file: 'intents.yaml',
        path: 'applications[0].chart.repository',
        rule: 'chart-repository-url',
        message:
          "line 11:14: chart repository 'ftp://charts.example.org' is not an http://, https:// or oci:// URL (for example https://charts.example.org/stable or oci://ghcr.io/acme/charts)",
      },
    ]);
  });

  it('GIVEN an empty chart name and version WHEN validated THEN each is reported [empty-value]', () => {
    expect(problemsOfYaml(validWith('name: nextcloud, version: "4.6.2"', 'name: "", version: " "'))).toEqual([
      {
        file: 'intents.yaml',
        path: 'applications[0].chart.name',
        rule: 'empty-value',
        message: 'line 11:63: applications[0].chart.name is empty; give it a value',
      },
      {
        file: 'intents.yaml',
        path: 'applications[0].chart.version',
        rule: 'empty-value',
        message: 'line 11:73: applications[0].chart.version is empty; give it a value',
      },
    ]);
  });

  it('GIVEN a version longer than 128 characters WHEN validated THEN it is reported [too-long]', () => {
    expect(problemsOfYaml(validWith('version: "28.0.4"', `version: "${'9'.repeat(129)}"`))).toEqual([
      {
        file: 'intents.yaml',
        path: 'applications[0].version',
        rule: 'too-long',
        message: 'line 10:5: applications[0].version is 129 characters long; at most 128 are allowed',
      },
    ]);
  });

  it('GIVEN requestedAt values that are not strict RFC 3339 WHEN validated THEN each is reported [rfc3339-timestamp]', () => {
    for (const bad of [
      '2026-05-28',
      '2026-02-30T00:00:00Z',
      '2026-05-28T02:00:00',
      '2026-05-28 02:00:00Z',
      '2026-05-28T24:00:00Z',
    ]) {
      expect(
        problemsOfYaml(validWith('requestedAt: "2026-05-28T02:00:00Z"', `requestedAt: "${bad}"`)),
      ).toEqual([
        {
          file: 'intents.yaml',
          path: 'operations[0].requestedAt',
          rule: 'rfc3339-timestamp',
          message: `line 18:5: requestedAt '${bad}' is not an RFC 3339 timestamp; write a date, time and zone that exist, such as 2026-05-28T02:00:00Z or 2026-05-28T04:00:00.5+02:00`,
        },
      ]);
    }
  });

  it('GIVEN a valuesFrom with a bad name and key WHEN validated THEN both are reported [dns-1123-subdomain] [values-key]', () => {
    expect(
      problemsOfYaml(
        validWith(
          '    app: nextcloud\n',
          '    app: nextcloud\n    valuesFrom: [{kind: Secret, name: My_Secret, valuesKey: "a/b"}]\n',
        ),
      ),
    ).toEqual([
      {
        file: 'intents.yaml',
        path: 'applications[0].valuesFrom[0].name',
        rule: 'dns-1123-subdomain',
        message:
          "line 10:33: Secret name 'My_Secret' is not a DNS-1123 subdomain: use lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit",
      },
      {
        file: 'intents.yaml',
        path: 'applications[0].valuesFrom[0].valuesKey',
        rule: 'values-key',
        message:
          "line 10:50: valuesKey 'a/b' is not a Secret/ConfigMap key: use 1 to 253 letters, digits, '-', '_' or '.'",
      },
    ]);
  });

  it('GIVEN values and parameters just over the size cap WHEN validated THEN each is reported; at the cap they pass [size-limit]', () => {
    // {"blob":"..."} is 11 bytes of JSON around the string.
    const atCap = 'x'.repeat(MAX_INTENT_VALUES_BYTES - 11);
    const ok = validWith('    app: nextcloud\n', `    app: nextcloud\n    values: { blob: "${atCap}" }\n`);
    expect(problemsOfYaml(ok)).toEqual([]);
    const text = validWith(
      '    app: nextcloud\n',
      `    app: nextcloud\n    values: { blob: "${atCap}x" }\n`,
    ).replace('    type: backup\n', `    type: backup\n    parameters: { blob: "${atCap}x" }\n`);
    expect(problemsOfYaml(text)).toEqual([
      {
        file: 'intents.yaml',
        path: 'applications[0].values',
        rule: 'size-limit',
        message:
          'line 10:5: values is 65537 bytes as compact JSON; the limit is 65536 bytes (64 KiB). Move bulky configuration into a ConfigMap in the namespace and reference it with valuesFrom: [{kind: ConfigMap, name: ..., valuesKey: ...}]',
      },
      {
        file: 'intents.yaml',
        path: 'operations[0].parameters',
        rule: 'size-limit',
        message:
          'line 18:5: parameters is 65537 bytes as compact JSON; the limit is 65536 bytes (64 KiB). Move bulky configuration into a ConfigMap in the namespace',
      },
    ]);
  });
});
