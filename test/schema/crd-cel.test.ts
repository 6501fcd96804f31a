import { loadCrdRegistry, type CrdRegistry } from '../../src/schema/registry';
import { validateManifest } from '../../src/schema/validate-manifest';
import {
  EditCase,
  FLUX_KUSTOMIZATION,
  GIT_REPOSITORY,
  HELM_RELEASE,
  HELM_REPOSITORY,
  edited,
  expectedProblems,
} from './manifests';

let registry: CrdRegistry;
beforeAll(() => {
  registry = loadCrdRegistry();
});

/**
 * The CRDs' own `x-kubernetes-validations`, evaluated in the path validate and synth use
 * (validateManifest): each finding names the file, the field and the rule as the CRD
 * states it. test/schema/crd-cel-coverage.test.ts proves every rule in crds/ is reached.
 */
const HELMRELEASE_CEL_RULES: readonly EditCase[] = [
  {
    given: 'both spec.chart and spec.chartRef',
    then: 'the CRD chart-xor-chartRef rule refuses it',
    file: HELM_RELEASE,
    edit: (o) => {
      o.spec.chartRef = { kind: 'OCIRepository', name: 'grafana' };
    },
    problem: {
      path: 'spec',
      rule: 'crd-cel',
      message:
        'either chart or chartRef must be set (x-kubernetes-validations: (has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef)))',
    },
  },
  {
    given: 'neither spec.chart nor spec.chartRef',
    then: 'the same rule refuses it',
    file: HELM_RELEASE,
    edit: (o) => {
      delete o.spec.chart;
    },
    problem: {
      path: 'spec',
      rule: 'crd-cel',
      message:
        'either chart or chartRef must be set (x-kubernetes-validations: (has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef)))',
    },
  },
  {
    given: 'only spec.chartRef',
    then: 'there is no problem',
    file: HELM_RELEASE,
    edit: (o) => {
      delete o.spec.chart;
      o.spec.chartRef = { kind: 'OCIRepository', name: 'grafana' };
    },
  },
  {
    given: 'install.strategy RemediateOnFailure with a retryInterval',
    then: 'the install strategy rule refuses it',
    file: HELM_RELEASE,
    edit: (o) => {
      o.spec.install.strategy = { name: 'RemediateOnFailure', retryInterval: '5m' };
    },
    problem: {
      path: 'spec.install.strategy',
      rule: 'crd-cel',
      message:
        ".retryInterval cannot be set when .name is 'RemediateOnFailure' (x-kubernetes-validations: !has(self.retryInterval) || self.name != 'RemediateOnFailure')",
    },
  },
  {
    given: 'upgrade.strategy RemediateOnFailure with a retryInterval',
    then: 'the upgrade strategy rule refuses it',
    file: HELM_RELEASE,
    edit: (o) => {
      o.spec.upgrade.strategy = { name: 'RemediateOnFailure', retryInterval: '5m' };
    },
    problem: {
      path: 'spec.upgrade.strategy',
      rule: 'crd-cel',
      message:
        ".retryInterval can only be set when .name is 'RetryOnFailure' (x-kubernetes-validations: !has(self.retryInterval) || self.name == 'RetryOnFailure')",
    },
  },
  {
    given: 'upgrade.strategy RetryOnFailure with a retryInterval',
    then: 'there is no problem',
    file: HELM_RELEASE,
    edit: (o) => {
      o.spec.upgrade.strategy = { name: 'RetryOnFailure', retryInterval: '5m' };
    },
  },
  {
    given: 'a kubeConfig with both refs',
    then: 'one of the two kubeConfig rules refuses it',
    file: HELM_RELEASE,
    edit: (o) => {
      o.spec.kubeConfig = { configMapRef: { name: 'remote' }, secretRef: { name: 'remote' } };
    },
    problem: {
      path: 'spec.kubeConfig',
      rule: 'crd-cel',
      message:
        'exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified (x-kubernetes-validations: !has(self.configMapRef) || !has(self.secretRef))',
    },
  },
];

describe('HelmRelease CEL rules', () => {
  it.each(HELMRELEASE_CEL_RULES)('GIVEN $given WHEN validated THEN $then', (row) => {
    expect(validateManifest(row.file, edited(row.file, row.edit), registry)).toEqual(expectedProblems(row));
  });
});

const KUSTOMIZATION_CEL_RULES: readonly EditCase[] = [
  {
    given: 'a kubeConfig with neither ref',
    then: 'one of the two kubeConfig rules refuses it',
    file: FLUX_KUSTOMIZATION,
    edit: (o) => {
      o.spec.kubeConfig = {};
    },
    problem: {
      path: 'spec.kubeConfig',
      rule: 'crd-cel',
      message:
        'exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified (x-kubernetes-validations: has(self.configMapRef) || has(self.secretRef))',
    },
  },
  {
    given: 'a kubeConfig with one secretRef',
    then: 'there is no problem',
    file: FLUX_KUSTOMIZATION,
    edit: (o) => {
      o.spec.kubeConfig = { secretRef: { name: 'remote-kubeconfig' } };
    },
  },
];

describe('Kustomization CEL rules', () => {
  it.each(KUSTOMIZATION_CEL_RULES)('GIVEN $given WHEN validated THEN $then', (row) => {
    expect(validateManifest(row.file, edited(row.file, row.edit), registry)).toEqual(expectedProblems(row));
  });
});

const SOURCE_CEL_AND_URL_RULES: readonly EditCase[] = [
  {
    given: 'serviceAccountName with the generic provider',
    then: 'the CRD provider rule refuses it',
    file: GIT_REPOSITORY,
    edit: (o) => {
      o.spec.provider = 'generic';
      o.spec.serviceAccountName = 'platform-reader';
    },
    problem: {
      path: 'spec',
      rule: 'crd-cel',
      message:
        "serviceAccountName can only be set when provider is 'azure' or 'aws' (x-kubernetes-validations: !has(self.serviceAccountName) || (has(self.provider) && (self.provider == 'azure' || self.provider == 'aws')))",
    },
  },
  {
    given: 'serviceAccountName with provider azure',
    then: 'there is no problem',
    file: GIT_REPOSITORY,
    edit: (o) => {
      o.spec.provider = 'azure';
      o.spec.serviceAccountName = 'platform-reader';
    },
  },
  {
    given: 'an scp-style Git URL',
    then: 'the schema pattern error names the URL schemes',
    file: GIT_REPOSITORY,
    edit: (o) => {
      o.spec.url = 'git@github.com:example/platform.git';
    },
    problem: {
      path: 'spec.url',
      rule: 'crd-schema:pattern',
      message:
        'must be a URL starting with http://, https://, ssh://, matching the pattern ^(http|https|ssh)://.*$ (got "git@github.com:example/platform.git")',
    },
  },
  {
    given: 'an ftp Helm repository URL',
    then: 'the schema pattern error names the URL schemes',
    file: HELM_REPOSITORY,
    edit: (o) => {
      o.spec.url = 'ftp://charts.example.com';
    },
    problem: {
      path: 'spec.url',
      rule: 'crd-schema:pattern',
      message:
        'must be a URL starting with http://, https://, oci://, matching the pattern ^(http|https|oci)://.*$ (got "ftp://charts.example.com")',
    },
  },
  {
    given: 'an oci Helm repository URL',
    then: 'there is no problem',
    file: HELM_REPOSITORY,
    edit: (o) => {
      o.spec.url = 'oci://ghcr.io/grafana/helm-charts';
      o.spec.type = 'oci';
    },
  },
  {
    given: 'a GitRepository timeout in hours',
    then: 'the stricter schema pattern of that field applies',
    file: GIT_REPOSITORY,
    edit: (o) => {
      o.spec.timeout = '1h';
    },
    problem: {
      path: 'spec.timeout',
      rule: 'crd-schema:pattern',
      message:
        'must be a duration in ms, s or m such as 30s or 1m30s, matching the pattern ^([0-9]+(\\.[0-9]+)?(ms|s|m))+$ (got "1h")',
    },
  },
];

describe('source CEL and URL rules', () => {
  it.each(SOURCE_CEL_AND_URL_RULES)('GIVEN $given WHEN validated THEN $then', (row) => {
    expect(validateManifest(row.file, edited(row.file, row.edit), registry)).toEqual(expectedProblems(row));
  });
});
