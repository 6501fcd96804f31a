import { loadCrdRegistry, type CrdRegistry } from '../../src/schema/registry';
import { validateManifest } from '../../src/schema/validate-manifest';
import { FLUX_KUSTOMIZATION, GIT_REPOSITORY, HELM_RELEASE, HELM_REPOSITORY, edited } from './manifests';

let registry: CrdRegistry;
beforeAll(() => {
  registry = loadCrdRegistry();
});

describe('HelmRelease CEL rules', () => {
  it('GIVEN both spec.chart and spec.chartRef WHEN validated THEN cel:helmrelease-chart-xor-chartref says both are set', () => {
    const text = edited(HELM_RELEASE, (o) => {
      o.spec.chartRef = { kind: 'OCIRepository', name: 'grafana' };
    });
    expect(validateManifest(HELM_RELEASE, text, registry)).toEqual([
      {
        file: HELM_RELEASE,
        path: 'spec',
        rule: 'cel:helmrelease-chart-xor-chartref',
        message: 'exactly one of spec.chart or spec.chartRef must be set, but both are set',
      },
    ]);
  });

  it('GIVEN neither spec.chart nor spec.chartRef WHEN validated THEN cel:helmrelease-chart-xor-chartref says neither is set', () => {
    const text = edited(HELM_RELEASE, (o) => {
      delete o.spec.chart;
    });
    expect(validateManifest(HELM_RELEASE, text, registry)).toEqual([
      {
        file: HELM_RELEASE,
        path: 'spec',
        rule: 'cel:helmrelease-chart-xor-chartref',
        message: 'exactly one of spec.chart or spec.chartRef must be set, but neither is set',
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

  it('GIVEN install.strategy RemediateOnFailure with a retryInterval WHEN validated THEN cel:helmrelease-install-retryinterval', () => {
    const text = edited(HELM_RELEASE, (o) => {
      o.spec.install.strategy = { name: 'RemediateOnFailure', retryInterval: '5m' };
    });
    expect(validateManifest(HELM_RELEASE, text, registry)).toEqual([
      {
        file: HELM_RELEASE,
        path: 'spec.install.strategy.retryInterval',
        rule: 'cel:helmrelease-install-retryinterval',
        message:
          "retryInterval cannot be set when spec.install.strategy.name is 'RemediateOnFailure'; remove it or use 'RetryOnFailure'",
      },
    ]);
  });

  it('GIVEN upgrade.strategy RemediateOnFailure with a retryInterval WHEN validated THEN cel:helmrelease-upgrade-retryinterval', () => {
    const text = edited(HELM_RELEASE, (o) => {
      o.spec.upgrade.strategy = { name: 'RemediateOnFailure', retryInterval: '5m' };
    });
    expect(validateManifest(HELM_RELEASE, text, registry)).toEqual([
      {
        file: HELM_RELEASE,
        path: 'spec.upgrade.strategy.retryInterval',
        rule: 'cel:helmrelease-upgrade-retryinterval',
        message:
          'retryInterval can only be set when spec.upgrade.strategy.name is \'RetryOnFailure\' (it is "RemediateOnFailure")',
      },
    ]);
  });

  it('GIVEN upgrade.strategy RetryOnFailure with a retryInterval WHEN validated THEN there is no problem', () => {
    const text = edited(HELM_RELEASE, (o) => {
      o.spec.upgrade.strategy = { name: 'RetryOnFailure', retryInterval: '5m' };
    });
    expect(validateManifest(HELM_RELEASE, text, registry)).toEqual([]);
  });

  it('GIVEN a kubeConfig with both refs WHEN validated THEN cel:kubeconfig-configmapref-xor-secretref', () => {
    const text = edited(HELM_RELEASE, (o) => {
      o.spec.kubeConfig = { configMapRef: { name: 'remote' }, secretRef: { name: 'remote' } };
    });
    expect(validateManifest(HELM_RELEASE, text, registry)).toEqual([
      {
        file: HELM_RELEASE,
        path: 'spec.kubeConfig',
        rule: 'cel:kubeconfig-configmapref-xor-secretref',
        message:
          'exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be set, but both are set',
      },
    ]);
  });
});

describe('Kustomization CEL rules', () => {
  it('GIVEN a kubeConfig with neither ref WHEN validated THEN cel:kubeconfig-configmapref-xor-secretref', () => {
    const text = edited(FLUX_KUSTOMIZATION, (o) => {
      o.spec.kubeConfig = {};
    });
    expect(validateManifest(FLUX_KUSTOMIZATION, text, registry)).toEqual([
      {
        file: FLUX_KUSTOMIZATION,
        path: 'spec.kubeConfig',
        rule: 'cel:kubeconfig-configmapref-xor-secretref',
        message:
          'exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be set, but neither is set',
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
  it('GIVEN serviceAccountName with the generic provider WHEN validated THEN cel:gitrepository-serviceaccountname-provider', () => {
    const text = edited(GIT_REPOSITORY, (o) => {
      o.spec.provider = 'generic';
      o.spec.serviceAccountName = 'platform-reader';
    });
    expect(validateManifest(GIT_REPOSITORY, text, registry)).toEqual([
      {
        file: GIT_REPOSITORY,
        path: 'spec.serviceAccountName',
        rule: 'cel:gitrepository-serviceaccountname-provider',
        message:
          "serviceAccountName can only be set when spec.provider is 'azure' or 'aws' (it is \"generic\")",
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

  it('GIVEN an scp-style Git URL WHEN validated THEN gitrepository-url-scheme replaces the schema pattern error', () => {
    const text = edited(GIT_REPOSITORY, (o) => {
      o.spec.url = 'git@github.com:example/platform.git';
    });
    expect(validateManifest(GIT_REPOSITORY, text, registry)).toEqual([
      {
        file: GIT_REPOSITORY,
        path: 'spec.url',
        rule: 'gitrepository-url-scheme',
        message: 'url "git@github.com:example/platform.git" must start with http://, https://, ssh://',
      },
    ]);
  });

  it('GIVEN an ftp Helm repository URL WHEN validated THEN helmrepository-url-scheme', () => {
    const text = edited(HELM_REPOSITORY, (o) => {
      o.spec.url = 'ftp://charts.example.com';
    });
    expect(validateManifest(HELM_REPOSITORY, text, registry)).toEqual([
      {
        file: HELM_REPOSITORY,
        path: 'spec.url',
        rule: 'helmrepository-url-scheme',
        message: 'url "ftp://charts.example.com" must start with http://, https://, oci://',
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
