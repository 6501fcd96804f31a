import { isRecord, quote, type Finding } from './finding';

/**
 * The rules the Flux CRDs carry as CEL (`x-kubernetes-validations`) and a JSON
 * Schema validator cannot evaluate, written out as code. Each has a stable id
 * prefixed `cel:`. Every rule looks only at fields that are present and of the
 * right shape; wrong shapes are the schema's to report.
 */

type CelRule = (spec: Record<string, unknown>) => Finding[];

/** Like CEL's `has()`: a field counts when it is there and not null (the API server prunes nulls first). */
function has(object: Record<string, unknown>, field: string): boolean {
  return object[field] !== undefined && object[field] !== null;
}

function child(object: Record<string, unknown>, ...fields: string[]): Record<string, unknown> | undefined {
  let node: unknown = object;
  for (const field of fields) {
    node = isRecord(node) ? node[field] : undefined;
  }
  return isRecord(node) ? node : undefined;
}

const chartXorChartRef: CelRule = (spec) => {
  const count = Number(has(spec, 'chart')) + Number(has(spec, 'chartRef'));
  if (count === 1) {
    return [];
  }
  const state = count === 0 ? 'neither is set' : 'both are set';
  return [
    {
      path: 'spec',
      rule: 'cel:helmrelease-chart-xor-chartref',
      message: `exactly one of spec.chart or spec.chartRef must be set, but ${state}`,
    },
  ];
};

const installRetryInterval: CelRule = (spec) => {
  const strategy = child(spec, 'install', 'strategy');
  if (strategy === undefined || !has(strategy, 'retryInterval') || strategy.name !== 'RemediateOnFailure') {
    return [];
  }
  return [
    {
      path: 'spec.install.strategy.retryInterval',
      rule: 'cel:helmrelease-install-retryinterval',
      message:
        "retryInterval cannot be set when spec.install.strategy.name is 'RemediateOnFailure'; remove it or use 'RetryOnFailure'",
    },
  ];
};

const upgradeRetryInterval: CelRule = (spec) => {
  const strategy = child(spec, 'upgrade', 'strategy');
  if (strategy === undefined || !has(strategy, 'retryInterval') || strategy.name === 'RetryOnFailure') {
    return [];
  }
  return [
    {
      path: 'spec.upgrade.strategy.retryInterval',
      rule: 'cel:helmrelease-upgrade-retryinterval',
      message: `retryInterval can only be set when spec.upgrade.strategy.name is 'RetryOnFailure' (it is ${quote(strategy.name)})`,
    },
  ];
};

const kubeConfigOneRef: CelRule = (spec) => {
  const kubeConfig = child(spec, 'kubeConfig');
  if (kubeConfig === undefined) {
    return [];
  }
  const count = Number(has(kubeConfig, 'configMapRef')) + Number(has(kubeConfig, 'secretRef'));
  if (count === 1) {
    return [];
  }
  const state = count === 0 ? 'neither is set' : 'both are set';
  return [
    {
      path: 'spec.kubeConfig',
      rule: 'cel:kubeconfig-configmapref-xor-secretref',
      message: `exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be set, but ${state}`,
    },
  ];
};

const serviceAccountNeedsCloudProvider: CelRule = (spec) => {
  if (!has(spec, 'serviceAccountName') || spec.provider === 'azure' || spec.provider === 'aws') {
    return [];
  }
  return [
    {
      path: 'spec.serviceAccountName',
      rule: 'cel:gitrepository-serviceaccountname-provider',
      message: `serviceAccountName can only be set when spec.provider is 'azure' or 'aws' (it is ${quote(spec.provider)})`,
    },
  ];
};

/** URL schemes a source accepts; the schema's pattern says the same, less readably (its error is dropped). */
function urlScheme(rule: string, schemes: readonly string[]): CelRule {
  return (spec) => {
    const url = spec.url;
    if (typeof url !== 'string' || schemes.some((scheme) => url.startsWith(`${scheme}://`))) {
      return [];
    }
    return [
      {
        path: 'spec.url',
        rule,
        message: `url ${quote(url)} must start with ${schemes.map((s) => `${s}://`).join(', ')}`,
      },
    ];
  };
}

const RULES: Readonly<Record<string, readonly CelRule[]>> = {
  'helm.toolkit.fluxcd.io/HelmRelease': [
    chartXorChartRef,
    installRetryInterval,
    upgradeRetryInterval,
    kubeConfigOneRef,
  ],
  'kustomize.toolkit.fluxcd.io/Kustomization': [kubeConfigOneRef],
  'source.toolkit.fluxcd.io/GitRepository': [
    serviceAccountNeedsCloudProvider,
    urlScheme('gitrepository-url-scheme', ['http', 'https', 'ssh']),
  ],
  'source.toolkit.fluxcd.io/HelmRepository': [
    urlScheme('helmrepository-url-scheme', ['http', 'https', 'oci']),
  ],
};

/** Runs the code rules of `group`/`kind` on an object's spec (nothing when the kind has none). */
export function checkCelRules(group: string, kind: string, object: Record<string, unknown>): Finding[] {
  const spec = object.spec;
  if (!isRecord(spec)) {
    return [];
  }
  return (RULES[`${group}/${kind}`] ?? []).flatMap((rule) => rule(spec));
}
