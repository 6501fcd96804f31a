import { loadCrdRegistry, type CrdRegistry } from '../../src/schema/registry';
import { validateManifest } from '../../src/schema/validate-manifest';
import { FLUX_KUSTOMIZATION, GIT_REPOSITORY, HELM_RELEASE, HELM_REPOSITORY, edited } from './manifests';

let registry: CrdRegistry;
beforeAll(() => {
  registry = loadCrdRegistry();
});

/**
 * The CRDs' own `x-kubernetes-validations`, evaluated in the path validate and synth use
 * (validateManifest): each finding names the file, the field and the rule as the CRD
 * states it. test/schema/crd-cel-coverage.test.ts proves every rule in crds/ is reached.
 */
describe('HelmRelease CEL rules', () => {
  it('GIVEN both spec.chart and spec.chartRef WHEN validated THEN the CRD chart-xor-chartRef rule refuses it', () => {
    const text = edited(HELM_RELEASE, (o) => {
      o.spec.chartRef = { kind: 'OCIRepository', name: 'grafana' };
    });
    expect(validateManifest(HELM_RELEASE, text, registry)).toEqual([
      {
        file: HELM_RELEASE,
        path: 'spec',
        rule: 'crd-cel',
        message:
          'either chart or chartRef must be set (x-kubernetes-validations: (has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef)))',
      },
    ]);
  });

  it('GIVEN neither spec.chart nor spec.chartRef WHEN validated THEN the same rule refuses it', () => {
    const text = edited(HELM_RELEASE, (o) => {
      delete o.spec.chart;
    });
    expect(validateManifest(HELM_RELEASE, text, registry)).toEqual([
      {
        file: HELM_RELEASE,
        path: 'spec',
        rule: 'crd-cel',
        message:
          'either chart or chartRef must be set (x-kubernetes-validations: (has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef)))',
      },
    ]);
  });

  it('GIVEN only spec.chartRef WHEN validated THEN there is no problem', () => {
    const text = edited(HELM_RELEASE, (o) => {
      delete o.spec.chart;
      o.spec.chartRef = { kind: 'OCIRepository', name: 'grafana' };
    });
    expect(validateManifest(HELM_RELEASE, text, registry)).toEqual([]);
  });

  it('GIVEN install.strategy RemediateOnFailure with a retryInterval WHEN validated THEN the install strategy rule refuses it', () => {
    const text = edited(HELM_RELEASE, (o) => {
      o.spec.install.strategy = { name: 'RemediateOnFailure', retryInterval: '5m' };
    });
    expect(validateManifest(HELM_RELEASE, text, registry)).toEqual([
      {
        file: HELM_RELEASE,
        path: 'spec.install.strategy',
        rule: 'crd-cel',
        message:
          ".retryInterval cannot be set when .name is 'RemediateOnFailure' (x-kubernetes-validations: !has(self.retryInterval) || self.name != 'RemediateOnFailure')",
      },
    ]);
  });

  it('GIVEN upgrade.strategy RemediateOnFailure with a retryInterval WHEN validated THEN the upgrade strategy rule refuses it', () => {
    const text = edited(HELM_RELEASE, (o) => {
      o.spec.upgrade.strategy = { name: 'RemediateOnFailure', retryInterval: '5m' };
    });
    expect(validateManifest(HELM_RELEASE, text, registry)).toEqual([
      {
        file: HELM_RELEASE,
        path: 'spec.upgrade.strategy',
        rule: 'crd-cel',
        message:
          ".retryInterval can only be set when .name is 'RetryOnFailure' (x-kubernetes-validations: !has(self.retryInterval) || self.name == 'RetryOnFailure')",
      },
    ]);
  });

  it('GIVEN upgrade.strategy RetryOnFailure with a retryInterval WHEN validated THEN there is no problem', () => {
    const text = edited(HELM_RELEASE, (o) => {
      o.spec.upgrade.strategy = { name: 'RetryOnFailure', retryInterval: '5m' };
    });
    expect(validateManifest(HELM_RELEASE, text, registry)).toEqual([]);
  });

  it('GIVEN a kubeConfig with both refs WHEN validated THEN one of the two kubeConfig rules refuses it', () => {
    const text = edited(HELM_RELEASE, (o) => {
      o.spec.kubeConfig = { configMapRef: { name: 'remote' }, secretRef: { name: 'remote' } };
    });
    expect(validateManifest(HELM_RELEASE, text, registry)).toEqual([
      {
        file: HELM_RELEASE,
        path: 'spec.kubeConfig',
        rule: 'crd-cel',
        message:
          'exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified (x-kubernetes-validations: !has(self.configMapRef) || !has(self.secretRef))',
      },
    ]);
  });
});

describe('Kustomization CEL rules', () => {
  it('GIVEN a kubeConfig with neither ref WHEN validated THEN one of the two kubeConfig rules refuses it', () => {
    const text = edited(FLUX_KUSTOMIZATION, (o) => {
      o.spec.kubeConfig = {};
    });
    expect(validateManifest(FLUX_KUSTOMIZATION, text, registry)).toEqual([
      {
        file: FLUX_KUSTOMIZATION,
        path: 'spec.kubeConfig',
        rule: 'crd-cel',
        message:
          'exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified (x-kubernetes-validations: has(self.configMapRef) || has(self.secretRef))',
      },
    ]);
  });

  it('GIVEN a kubeConfig with one secretRef WHEN validated THEN there is no problem', () => {
    const text = edited(FLUX_KUSTOMIZATION, (o) => {
      o.spec.kubeConfig = { secretRef: { name: 'remote-kubeconfig' } };
    });
    expect(validateManifest(FLUX_KUSTOMIZATION, text, registry)).toEqual([]);
  });
});

describe('source CEL and URL rules', () => {
  it('GIVEN serviceAccountName with the generic provider WHEN validated THEN the CRD provider rule refuses it', () => {
    const text = edited(GIT_REPOSITORY, (o) => {
      o.spec.provider = 'generic';
      o.spec.serviceAccountName = 'platform-reader';
    });
    expect(validateManifest(GIT_REPOSITORY, text, registry)).toEqual([
      {
        file: GIT_REPOSITORY,
        path: 'spec',
        rule: 'crd-cel',
        message:
          "serviceAccountName can only be set when provider is 'azure' or 'aws' (x-kubernetes-validations: !has(self.serviceAccountName) || (has(self.provider) && (self.provider == 'azure' || self.provider == 'aws')))",
      },
    ]);
  });

  it('GIVEN serviceAccountName with provider azure WHEN validated THEN there is no problem', () => {
    const text = edited(GIT_REPOSITORY, (o) => {
      o.spec.provider = 'azure';
      o.spec.serviceAccountName = 'platform-reader';
    });
    expect(validateManifest(GIT_REPOSITORY, text, registry)).toEqual([]);
  });

  it('GIVEN an scp-style Git URL WHEN validated THEN the schema pattern error names the URL schemes', () => {
    const text = edited(GIT_REPOSITORY, (o) => {
      o.spec.url = 'git@github.com:example/platform.git';
    });
    expect(validateManifest(GIT_REPOSITORY, text, registry)).toEqual([
      {
        file: GIT_REPOSITORY,
        path: 'spec.url',
        rule: 'crd-schema:pattern',
        message:
          'must be a URL starting with http://, https://, ssh://, matching the pattern ^(http|https|ssh)://.*$ (got "git@github.com:example/platform.git")',
      },
    ]);
  });

  it('GIVEN an ftp Helm repository URL WHEN validated THEN the schema pattern error names the URL schemes', () => {
    const text = edited(HELM_REPOSITORY, (o) => {
      o.spec.url = 'ftp://charts.example.com';
    });
    expect(validateManifest(HELM_REPOSITORY, text, registry)).toEqual([
      {
        file: HELM_REPOSITORY,
        path: 'spec.url',
        rule: 'crd-schema:pattern',
        message:
          'must be a URL starting with http://, https://, oci://, matching the pattern ^(http|https|oci)://.*$ (got "ftp://charts.example.com")',
      },
    ]);
  });

  it('GIVEN an oci Helm repository URL WHEN validated THEN there is no problem', () => {
    const text = edited(HELM_REPOSITORY, (o) => {
      o.spec.url = 'oci://ghcr.io/grafana/helm-charts';
      o.spec.type = 'oci';
    });
    expect(validateManifest(HELM_REPOSITORY, text, registry)).toEqual([]);
  });

  it('GIVEN a GitRepository timeout in hours WHEN validated THEN the stricter schema pattern of that field applies', () => {
    const text = edited(GIT_REPOSITORY, (o) => {
      o.spec.timeout = '1h';
    });
    expect(validateManifest(GIT_REPOSITORY, text, registry)).toEqual([
      {
        file: GIT_REPOSITORY,
        path: 'spec.timeout',
        rule: 'crd-schema:pattern',
        message:
          'must be a duration in ms, s or m such as 30s or 1m30s, matching the pattern ^([0-9]+(\\.[0-9]+)?(ms|s|m))+$ (got "1h")',
      },
    ]);
  });
});
