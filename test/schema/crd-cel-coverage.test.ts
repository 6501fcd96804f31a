import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { CRD_CEL_RULE, evaluateCrdRules, listCrdRules } from '../../src/schema/crd-cel';
import { isRecord } from '../../src/schema/finding';
import { loadCrdRegistry, type CrdRegistry } from '../../src/schema/registry';
import type { SchemaNode } from '../../src/schema/structural-schema';

/**
 * Every `x-kubernetes-validations` rule of every CRD in crds/ (upstream and our own),
 * read from the files, each with a value that breaks it and one that keeps it, or a
 * reason it is skipped. A CRD update that adds, changes or drops a rule fails the
 * first test until this table says how the new rule is proven.
 */
type Case = { readonly fail: unknown; readonly pass: unknown } | { readonly skip: string };

const KUBECONFIG_CASES: Record<string, Case> = {
  'spec.kubeConfig: has(self.configMapRef) || has(self.secretRef)': {
    fail: {},
    pass: { secretRef: { name: 'remote' } },
  },
  'spec.kubeConfig: !has(self.configMapRef) || !has(self.secretRef)': {
    fail: { configMapRef: { name: 'remote' }, secretRef: { name: 'remote' } },
    pass: { configMapRef: { name: 'remote' } },
  },
};

/** `<group>/<version> <kind>` → `<schema path>: <rule>` → how it is proven. */
const CASES: Record<string, Record<string, Case>> = {
  'notification.toolkit.fluxcd.io/v1beta3 Provider': {
    "spec: self.type == 'github' || self.type == 'gitlab' || self.type == 'gitea' || self.type == 'bitbucketserver' || self.type == 'bitbucket' || self.type == 'azuredevops' || !has(self.commitStatusExpr)":
      {
        fail: { type: 'generic-hmac', commitStatusExpr: "'x'" },
        pass: { type: 'gitea', commitStatusExpr: "'x'" },
      },
  },
  'kustomize.toolkit.fluxcd.io/v1 Kustomization': KUBECONFIG_CASES,
  'source.toolkit.fluxcd.io/v1 GitRepository': {
    "spec: !has(self.serviceAccountName) || (has(self.provider) && (self.provider == 'azure' || self.provider == 'aws'))":
      {
        fail: { provider: 'generic', serviceAccountName: 'reader' },
        pass: { provider: 'aws', serviceAccountName: 'reader' },
      },
  },
  'helm.toolkit.fluxcd.io/v2 HelmRelease': {
    'spec: (has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef))': {
      fail: { chart: { spec: { chart: 'x' } }, chartRef: { kind: 'OCIRepository', name: 'x' } },
      pass: { chartRef: { kind: 'OCIRepository', name: 'x' } },
    },
    "spec.install.strategy: !has(self.retryInterval) || self.name != 'RemediateOnFailure'": {
      fail: { name: 'RemediateOnFailure', retryInterval: '5m' },
      pass: { name: 'RetryOnFailure', retryInterval: '5m' },
    },
    ...KUBECONFIG_CASES,
    "spec.upgrade.strategy: !has(self.retryInterval) || self.name == 'RetryOnFailure'": {
      fail: { name: 'RemediateOnFailure', retryInterval: '5m' },
      pass: { name: 'RetryOnFailure', retryInterval: '5m' },
    },
  },
};

const CRD_DIR = path.join(__dirname, '..', '..', 'crds');

interface ListedRule {
  readonly key: string;
  readonly at: string;
  readonly rule: string;
  readonly served: boolean;
  readonly skipped?: string;
}

function crdFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return crdFiles(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

/** Every rule of every version (served or not) of every CRD file, read as plain YAML. */
function listEveryRule(): Map<string, ListedRule[]> {
  const byVersion = new Map<string, ListedRule[]>();
  for (const file of crdFiles(CRD_DIR)) {
    for (const document of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const crd: unknown = document.toJS();
      if (!isRecord(crd) || crd.kind !== 'CustomResourceDefinition' || !isRecord(crd.spec)) continue;
      const { group, names, versions } = crd.spec as {
        group: string;
        names: { kind: string };
        versions: SchemaNode[];
      };
      for (const version of versions) {
        const schema = (version.schema as { openAPIV3Schema: SchemaNode }).openAPIV3Schema;
        const rules = listCrdRules(schema).map((rule) => ({
          key: `${rule.at}: ${rule.rule}`,
          at: rule.at,
          rule: rule.rule,
          served: version.served === true,
          skipped: rule.skipped,
        }));
        if (rules.length > 0) byVersion.set(`${group}/${String(version.name)} ${names.kind}`, rules);
      }
    }
  }
  return byVersion;
}

/** An object with `value` at the schema path `at` (`[]` is an item of a list, `*` a map entry). */
function placed(at: string, value: unknown): unknown {
  const steps = at === '' ? [] : at.replace(/\[\]/g, '.[]').split('.');
  return steps.reduceRight<unknown>(
    (inner, step) => (step === '[]' ? [inner] : { [step === '*' ? 'entry' : step]: inner }),
    value,
  );
}

/** The JSON path `placed` puts the value at. */
function placedPath(at: string): string {
  return at.replace(/\*/g, 'entry').replace(/\[\]/g, '[0]') || '(root)';
}

let registry: CrdRegistry;
const listed = listEveryRule();

beforeAll(() => {
  registry = loadCrdRegistry();
});

describe('CEL rules of every CRD in crds/', () => {
  it('GIVEN every x-kubernetes-validations rule in crds/ WHEN listed THEN each has a case here, and each case a rule', () => {
    const fromCrds = [...listed].flatMap(([crd, rules]) => rules.map((rule) => `${crd} ${rule.key}`)).sort();
    const fromCases = Object.entries(CASES)
      .flatMap(([crd, cases]) => Object.keys(cases).map((key) => `${crd} ${key}`))
      .sort();
    // Not a tautology: the CRDs carry rules, so an empty walk would fail here.
    expect(fromCrds.length).toBeGreaterThanOrEqual(9);
    expect(fromCrds).toEqual(fromCases);
  });

  const all = [...listed].flatMap(([crd, rules]) => rules.map((rule) => [crd, rule] as const));
  it.each(all.map(([crd, rule]) => [`${crd} ${rule.key}`, crd, rule] as const))(
    'GIVEN %s WHEN a breaking and a keeping value are validated against the served schema THEN only the breaking one fails, naming the rule',
    (_name, crd, rule) => {
      const proof = CASES[crd]?.[rule.key];
      if (proof === undefined) throw new Error(`no case for ${crd} ${rule.key}`);
      if ('skip' in proof) {
        // A skip must be the evaluator's own: a transition rule, or a version the registry does not serve.
        expect(proof.skip).toBe(rule.skipped ?? (rule.served ? undefined : 'version not served'));
        return;
      }
      expect(rule.skipped).toBeUndefined();
      const [apiVersion, kind] = crd.split(' ');
      const served = registry.findVersion(apiVersion, kind);
      expect(served).toBeDefined();
      const mine = (value: unknown) =>
        evaluateCrdRules(served!.schema, placed(rule.at, value)).filter((finding) =>
          finding.message.includes(`x-kubernetes-validations: ${rule.rule}`),
        );
      expect(mine(proof.fail)).toEqual([
        expect.objectContaining({ path: placedPath(rule.at), rule: CRD_CEL_RULE }),
      ]);
      expect(mine(proof.pass)).toEqual([]);
    },
  );
});

describe('how rules are evaluated', () => {
  const schema: SchemaNode = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        'x-kubernetes-validations': [
          { rule: 'self.replicas == oldSelf.replicas', message: 'replicas is immutable' },
          { rule: 'self.replicas <= 10', message: 'at most 10', fieldPath: '.replicas' },
          { rule: 'self.replicas >', message: 'a rule that does not parse' },
        ],
        properties: {
          replicas: { type: 'integer' },
          ports: {
            type: 'array',
            items: {
              type: 'object',
              'x-kubernetes-validations': [{ rule: 'self.port > 0', message: 'port > 0' }],
            },
          },
          labels: {
            type: 'object',
            'x-kubernetes-validations': [
              { rule: "size(self) <= 2 && self.all(k, k != 'forbidden')", message: 'no forbidden key' },
            ],
            additionalProperties: {
              type: 'string',
              'x-kubernetes-validations': [{ rule: 'size(self) < 5' }],
            },
          },
        },
      },
    },
  };

  it('GIVEN a transition rule WHEN listed THEN it is skipped with the reason; the others are not', () => {
    expect(listCrdRules(schema).map((rule) => [rule.at, rule.skipped !== undefined])).toEqual([
      ['spec', true],
      ['spec', false],
      ['spec', false],
      ['spec.ports[]', false],
      ['spec.labels', false],
      ['spec.labels.*', false],
    ]);
  });

  it('GIVEN values breaking rules on a node, a list item and a map entry WHEN evaluated THEN each fails at its own path, at fieldPath where given', () => {
    const findings = evaluateCrdRules(schema, {
      spec: {
        replicas: 11,
        ports: [{ port: 1 }, { port: 0 }],
        labels: { a: 'ok', b: 'too long', forbidden: 'x' },
      },
    });
    expect(findings.map((finding) => [finding.path, finding.message.split(' (')[0]])).toEqual([
      ['spec.replicas', 'at most 10'],
      ['spec', 'a rule that does not parse'],
      ['spec.ports[1]', 'port > 0'],
      ['spec.labels', 'no forbidden key'],
      ['spec.labels.b', 'the value breaks its CRD rule'],
    ]);
    expect(findings[1].message).toContain('the rule could not be evaluated: it does not compile');
  });

  it('GIVEN a value of the wrong shape for its node WHEN evaluated THEN the rules leave it to the schema', () => {
    expect(evaluateCrdRules(schema, { spec: 'not a mapping' })).toEqual([]);
  });
});
