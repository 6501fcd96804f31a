import { loadCrdRegistry, type CrdRegistry } from '../../src/schema/registry';
import { validateManifest } from '../../src/schema/validate-manifest';
import {
  APPLICATION_INSTANCE,
  ARGO_APPLICATION,
  HELM_RELEASE,
  NAMESPACE,
  NS,
  OPERATION,
  OWNED_FIXTURES,
  edited,
  readFixture,
  EditCase,
  expectedProblems,
} from './manifests';

let registry: CrdRegistry;
beforeAll(() => {
  registry = loadCrdRegistry();
});

describe('validateManifest on valid objects', () => {
  it.each(OWNED_FIXTURES)(
    'GIVEN the valid fixture %s WHEN it is validated THEN there is no problem',
    (treePath) => {
      expect(validateManifest(treePath, readFixture(treePath), registry)).toEqual([]);
    },
  );
});

const VALIDATEMANIFEST_AGAINST_THE_CRD_SCHEMA_CASES: readonly EditCase[] = [
  {
    given: 'a field the CRD does not define',
    then: 'it is an unknown-field problem listing the known fields',
    file: HELM_RELEASE,
    edit: (o) => {
      o.spec.chart.spec.chartVersion = '8.6.0';
    },
    problem: {
      path: 'spec.chart.spec.chartVersion',
      rule: 'unknown-field',
      message:
        'unknown field "chartVersion": the CRD does not define it, so Kubernetes would drop it silently; known fields here: chart, ignoreMissingValuesFiles, interval, reconcileStrategy, sourceRef, valuesFiles, verify, version',
    },
  },
  {
    given: 'unknown fields inside preserve-unknown-fields values',
    then: 'they are accepted',
    file: HELM_RELEASE,
    edit: (o) => {
      o.spec.values.anything = { deeply: [{ nested: null }] };
    },
  },
  {
    given: 'a value outside an enum',
    then: 'the problem names the allowed values',
    file: HELM_RELEASE,
    edit: (o) => {
      o.spec.upgrade.remediation.strategy = 'revert';
    },
    problem: {
      path: 'spec.upgrade.remediation.strategy',
      rule: 'crd-schema:enum',
      message: 'must be one of "rollback", "uninstall" (got "revert")',
    },
  },
  {
    given: 'a value that breaks a pattern',
    then: 'the problem names the pattern',
    file: OPERATION,
    edit: (o) => {
      o.spec.target = 'Next_Cloud';
    },
    problem: {
      path: 'spec.target',
      rule: 'crd-schema:pattern',
      message: 'must match the pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ (got "Next_Cloud")',
    },
  },
  {
    given: 'a Flux interval that is not a duration',
    then: 'the problem says what a duration looks like',
    file: HELM_RELEASE,
    edit: (o) => {
      o.spec.interval = '10 minutes';
    },
    problem: {
      path: 'spec.interval',
      rule: 'crd-schema:pattern',
      message:
        'must be a duration such as 30s, 10m or 1h30m, matching the pattern ^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$ (got "10 minutes")',
    },
  },
  {
    given: 'a missing required field',
    then: 'the path points at the missing field',
    file: APPLICATION_INSTANCE,
    edit: (o) => {
      delete o.spec.chart.version;
    },
    problem: {
      path: 'spec.chart.version',
      rule: 'crd-schema:required',
      message: 'required field "version" is missing',
    },
  },
  {
    given: 'a status in the manifest',
    then: 'it is reported, not silently ignored',
    file: APPLICATION_INSTANCE,
    edit: (o) => {
      o.status = { installedVersion: '29.0.4' };
    },
    problem: {
      path: 'status',
      rule: 'status-not-allowed',
      message: 'status is written by the controller, not by manifests; remove it',
    },
  },
];

describe('validateManifest against the CRD schema', () => {
  it.each(VALIDATEMANIFEST_AGAINST_THE_CRD_SCHEMA_CASES)('GIVEN $given WHEN validated THEN $then', (row) => {
    expect(validateManifest(row.file, edited(row.file, row.edit), registry)).toEqual(expectedProblems(row));
  });

  it('GIVEN int-or-string fields WHEN given an integer, a string and a boolean THEN only the boolean is a problem', () => {
    const text = edited(ARGO_APPLICATION, (o) => {
      o.spec.source.kustomize = {
        replicas: [
          { name: 'web', count: 3 },
          { name: 'api', count: '2' },
          { name: 'db', count: true },
        ],
      };
    });
    expect(validateManifest(ARGO_APPLICATION, text, registry)).toEqual([
      {
        file: ARGO_APPLICATION,
        path: 'spec.source.kustomize.replicas[2].count',
        rule: 'crd-schema:type',
        message: 'must be an integer or a string (got boolean true)',
      },
    ]);
  });

  it('GIVEN a timestamp that is not RFC 3339 and a fractional int64 WHEN validated THEN both are reported', () => {
    const text = edited(OPERATION, (o) => {
      o.spec.requestedAt = 'yesterday';
      o.spec.ttlSecondsAfterFinished = 1.5;
    });
    expect(validateManifest(OPERATION, text, registry)).toEqual([
      {
        file: OPERATION,
        path: 'spec.requestedAt',
        rule: 'crd-schema:format',
        message: 'must be a valid date-time (got "yesterday")',
      },
      {
        file: OPERATION,
        path: 'spec.ttlSecondsAfterFinished',
        rule: 'crd-schema:type',
        message: 'must be an integer (got number 1.5)',
      },
    ]);
  });

  it('GIVEN an unquoted timestamp WHEN validated THEN it is read as the string Kubernetes reads', () => {
    const text = readFixture(OPERATION).replace(
      'requestedAt: "2026-05-28T09:30:00Z"',
      'requestedAt: 2026-05-28T09:30:00Z',
    );
    expect(validateManifest(OPERATION, text, registry)).toEqual([]);
  });
});

describe('validateManifest on kinds and versions', () => {
  it('GIVEN a HelmRelease v2beta1 WHEN validated THEN the problem says to use v2', () => {
    const text = edited(HELM_RELEASE, (o) => {
      o.apiVersion = 'helm.toolkit.fluxcd.io/v2beta1';
    });
    expect(validateManifest(HELM_RELEASE, text, registry)).toEqual([
      {
        file: HELM_RELEASE,
        path: 'apiVersion',
        rule: 'unsupported-version',
        message:
          'HelmRelease helm.toolkit.fluxcd.io/v2beta1 is not served (version v2beta1 was removed); use apiVersion helm.toolkit.fluxcd.io/v2',
      },
    ]);
  });

  it('GIVEN a kind no CRD serves WHEN validated THEN it is an unknown-kind problem listing what is known', () => {
    const file = `${NS}/deployment-web.yaml`;
    const text = edited(HELM_RELEASE, (o) => {
      o.apiVersion = 'apps/v1';
      o.kind = 'Deployment';
      o.metadata.name = 'web';
    });
    expect(validateManifest(file, text, registry)).toEqual([
      {
        file,
        path: 'kind',
        rule: 'unknown-kind',
        message: expect.stringMatching(
          /^no CRD serves apps\/v1 Deployment; gitops-synth writes .*helm\.toolkit\.fluxcd\.io\/v2 HelmRelease.*, v1 Namespace$/,
        ),
      },
    ]);
  });

  it('GIVEN a document without apiVersion and kind WHEN validated THEN both are required', () => {
    expect(validateManifest(NAMESPACE, 'metadata:\n  name: team-a\n', registry)).toEqual([
      {
        file: NAMESPACE,
        path: 'apiVersion',
        rule: 'required',
        message: 'apiVersion is required and must be a string',
      },
      { file: NAMESPACE, path: 'kind', rule: 'required', message: 'kind is required and must be a string' },
    ]);
  });
});

describe('validateManifest on the file itself', () => {
  it('GIVEN two documents in one file WHEN validated THEN it is a single-document problem', () => {
    const text = `${readFixture(NAMESPACE)}---\n${readFixture(HELM_RELEASE)}`;
    expect(validateManifest(NAMESPACE, text, registry)).toEqual([
      {
        file: NAMESPACE,
        path: '',
        rule: 'single-document',
        message:
          'a manifest file holds exactly one YAML document, this one holds 2; write one object per file',
      },
    ]);
  });

  it('GIVEN a leading comment document and a trailing --- WHEN validated THEN the one real document counts', () => {
    const text = `# owned by gitops-synth\n---\n${readFixture(NAMESPACE)}---\n`;
    expect(validateManifest(NAMESPACE, text, registry)).toEqual([]);
  });

  it('GIVEN broken YAML WHEN validated THEN it is a yaml-syntax problem', () => {
    const problems = validateManifest(NAMESPACE, 'apiVersion: v1\nkind: [Namespace\n', registry);
    expect(problems).toEqual([
      { file: NAMESPACE, path: '', rule: 'yaml-syntax', message: expect.stringMatching(/^not valid YAML: /) },
    ]);
  });

  it('GIVEN a list instead of a mapping WHEN validated THEN it is a not-an-object problem', () => {
    expect(validateManifest(NAMESPACE, '- a\n- b\n', registry)).toEqual([
      {
        file: NAMESPACE,
        path: '',
        rule: 'not-an-object',
        message: 'a manifest must be a mapping with apiVersion, kind and metadata (got ["a","b"])',
      },
    ]);
  });
});

describe('validateManifest on ownership labels and placement', () => {
  it('GIVEN a cluster-id label naming another cluster WHEN validated THEN it is a label-mismatch', () => {
    const text = edited(OPERATION, (o) => {
      o.metadata.labels['app.vworkspace.io/cluster-id'] = 'prod-us-1';
    });
    expect(validateManifest(OPERATION, text, registry)).toEqual([
      {
        file: OPERATION,
        path: 'metadata.labels["app.vworkspace.io/cluster-id"]',
        rule: 'label-mismatch',
        message:
          'label app.vworkspace.io/cluster-id is "prod-us-1" but the file is under clusters/prod-eu-1/',
      },
    ]);
  });

  it('GIVEN no managed-by label and a wrong managed-by value WHEN validated THEN label-missing and label-mismatch', () => {
    const missing = edited(OPERATION, (o) => {
      delete o.metadata.labels['app.vworkspace.io/managed-by'];
    });
    expect(validateManifest(OPERATION, missing, registry)).toEqual([
      {
        file: OPERATION,
        path: 'metadata.labels["app.vworkspace.io/managed-by"]',
        rule: 'label-missing',
        message:
          'label app.vworkspace.io/managed-by: control-plane is missing; gitops-synth marks everything it writes with it',
      },
    ]);
    const wrong = edited(OPERATION, (o) => {
      o.metadata.labels['app.vworkspace.io/managed-by'] = 'helm';
    });
    expect(validateManifest(OPERATION, wrong, registry)).toEqual([
      {
        file: OPERATION,
        path: 'metadata.labels["app.vworkspace.io/managed-by"]',
        rule: 'label-mismatch',
        message: 'label app.vworkspace.io/managed-by is "helm" but must be "control-plane"',
      },
    ]);
  });

  it('GIVEN no cluster-id label WHEN validated THEN it is label-missing naming the cluster', () => {
    const text = edited(NAMESPACE, (o) => {
      delete o.metadata.labels['app.vworkspace.io/cluster-id'];
    });
    expect(validateManifest(NAMESPACE, text, registry)).toEqual([
      {
        file: NAMESPACE,
        path: 'metadata.labels["app.vworkspace.io/cluster-id"]',
        rule: 'label-missing',
        message: 'label app.vworkspace.io/cluster-id is missing; it must name the cluster ("prod-eu-1")',
      },
    ]);
  });

  it('GIVEN a file whose name does not match kind and name WHEN validated THEN it is a file-name problem', () => {
    const file = `${NS}/helmrelease-grafana-old.yaml`;
    expect(validateManifest(file, readFixture(HELM_RELEASE), registry)).toEqual([
      {
        file,
        path: '',
        rule: 'file-name',
        message:
          'a HelmRelease named "grafana" belongs in helmrelease-grafana.yaml, not helmrelease-grafana-old.yaml',
      },
    ]);
  });

  it('GIVEN an object in another namespace directory WHEN validated THEN it is a namespace-directory problem', () => {
    const file = 'clusters/prod-eu-1/namespaces/team-b/helmrelease-grafana.yaml';
    expect(validateManifest(file, readFixture(HELM_RELEASE), registry)).toEqual([
      {
        file,
        path: 'metadata.namespace',
        rule: 'namespace-directory',
        message:
          'the file is under namespaces/team-b/ but metadata.namespace is "team-a"; they must be equal',
      },
    ]);
  });

  it('GIVEN a Namespace in another namespace directory WHEN validated THEN its name must match the directory', () => {
    const file = 'clusters/prod-eu-1/namespaces/team-b/namespace.yaml';
    expect(validateManifest(file, readFixture(NAMESPACE), registry)).toEqual([
      {
        file,
        path: 'metadata.name',
        rule: 'namespace-directory',
        message: 'the file is under namespaces/team-b/ but metadata.name is "team-a"; they must be equal',
      },
    ]);
  });

  it('GIVEN an object in a file named kustomization.yaml WHEN validated THEN it is a file-name problem', () => {
    const file = 'clusters/prod-eu-1/kustomization.yaml';
    expect(validateManifest(file, readFixture(ARGO_APPLICATION), registry)).toEqual([
      {
        file,
        path: '',
        rule: 'file-name',
        message:
          "kustomization.yaml is kustomize's file name; it must hold a kustomize.config.k8s.io/v1beta1 Kustomization",
      },
    ]);
  });
});
