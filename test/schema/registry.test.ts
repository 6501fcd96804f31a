import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { GitopsSynthError } from '../../src/errors';
import { loadCrdRegistry, type CrdRegistry } from '../../src/schema/registry';
import { validateManifest } from '../../src/schema/validate-manifest';

/** A CRD that uses every structural-schema extension the validator must understand. */
const WIDGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Widget', plural: 'widgets' },
    scope: 'Namespaced',
    versions: [
      { name: 'v1beta1', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: {
                type: 'object',
                'x-kubernetes-validations': [{ rule: 'has(self.port)', message: 'port is required' }],
                properties: {
                  port: {
                    'x-kubernetes-int-or-string': true,
                    anyOf: [{ type: 'integer' }, { type: 'string' }],
                  },
                  replicas: { type: 'integer', format: 'int32' },
                  note: { type: 'string', nullable: true },
                  mode: { type: 'string', enum: ['a', 'b'], nullable: true },
                  certificate: { type: 'string', format: 'byte' },
                  grace: { type: 'string', format: 'duration' },
                  cidr: { type: 'string', format: 'cidr' },
                  template: {
                    type: 'object',
                    'x-kubernetes-embedded-resource': true,
                    'x-kubernetes-preserve-unknown-fields': true,
                  },
                  ports: {
                    type: 'array',
                    'x-kubernetes-list-type': 'map',
                    'x-kubernetes-list-map-keys': ['name', 'protocol'],
                    items: {
                      type: 'object',
                      required: ['name'],
                      properties: { name: { type: 'string' }, protocol: { type: 'string' } },
                    },
                  },
                  tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
                  settings: { type: 'object', additionalProperties: { type: 'string' } },
                  empty: { type: 'object' },
                },
              },
            },
          },
        },
      },
    ],
  },
};

/** A Flux-group CRD whose interval has no pattern: the validator must add the duration rule. */
const GADGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gadgets.source.toolkit.fluxcd.io' },
  spec: {
    group: 'source.toolkit.fluxcd.io',
    names: { kind: 'Gadget', plural: 'gadgets' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  interval: { type: 'string' },
                  timeout: { type: 'string', pattern: '^[0-9]+s$' },
                },
              },
            },
          },
        },
      },
    ],
  },
};

const FILE = 'clusters/c1/namespaces/ns/widget-w.yaml';
const LABELS = { 'app.vworkspace.io/managed-by': 'control-plane', 'app.vworkspace.io/cluster-id': 'c1' };

function widget(spec: object): string {
  return stringify(
    {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'ns', labels: LABELS },
      spec,
    },
    { version: '1.1' },
  );
}

let dir: string;
let registry: CrdRegistry;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-crds-'));
  fs.mkdirSync(path.join(dir, 'nested'));
  // Several documents in one file, one of them not a CRD, and an empty one.
  fs.writeFileSync(
    path.join(dir, 'nested', 'crds.yaml'),
    `---\n${stringify(WIDGET_CRD)}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n${stringify(GADGET_CRD)}`,
  );
  fs.writeFileSync(path.join(dir, 'README.md'), 'not YAML: skipped\n');
  registry = loadCrdRegistry(dir);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('loadCrdRegistry', () => {
  it('GIVEN the shipped crds/ WHEN loaded THEN it serves exactly the versions SOURCES.md lists', () => {
    const shipped = loadCrdRegistry();
    expect(shipped.versions.map((v) => `${v.group}/${v.version} ${v.kind}`).sort()).toEqual([
      'apps.vworkspace.io/v1alpha1 ApplicationInstance',
      'argoproj.io/v1alpha1 Application',
      'helm.toolkit.fluxcd.io/v2 HelmRelease',
      'kustomize.toolkit.fluxcd.io/v1 Kustomization',
      'notification.toolkit.fluxcd.io/v1beta3 Alert',
      'notification.toolkit.fluxcd.io/v1beta3 Provider',
      'ops.vworkspace.io/v1alpha1 Operation',
      'source.toolkit.fluxcd.io/v1 GitRepository',
      'source.toolkit.fluxcd.io/v1 HelmRepository',
    ]);
    expect(shipped.servedVersions('helm.toolkit.fluxcd.io', 'HelmRelease')).toEqual(['v2']);
  });

  it('GIVEN a multi-document file in a sub-directory WHEN loaded THEN its CRDs are served and versions with served: false are not', () => {
    expect(registry.versions.map((v) => `${v.group}/${v.version} ${v.kind}`)).toEqual([
      'example.com/v1 Widget',
      'source.toolkit.fluxcd.io/v1 Gadget',
    ]);
    expect(registry.findVersion('example.com/v1beta1', 'Widget')).toBeUndefined();
  });

  it('GIVEN versions asked for again WHEN looked up THEN the answers are the same, served or not, and another kind at the same apiVersion is told apart', () => {
    for (let round = 0; round < 2; round += 1) {
      expect(registry.findVersion('example.com/v1', 'Widget')).toMatchObject({
        group: 'example.com',
        version: 'v1',
        kind: 'Widget',
      });
      expect(registry.findVersion('example.com/v1', 'Gadget')).toBeUndefined();
      expect(registry.findVersion('example.com/v1beta1', 'Widget')).toBeUndefined();
      expect(registry.findVersion('source.toolkit.fluxcd.io/v1', 'Gadget')).toMatchObject({ kind: 'Gadget' });
    }
  });

  it('GIVEN a validator asked for twice WHEN compiled THEN the same compiled function is returned', () => {
    expect(registry.getValidator('example.com/v1', 'Widget')).toBe(
      registry.getValidator('example.com/v1', 'Widget'),
    );
  });

  it('GIVEN a version the registry does not serve WHEN its validator is asked for THEN CRD_NOT_SERVED is thrown', () => {
    expect(() => registry.getValidator('example.com/v1beta1', 'Widget')).toThrow(
      expect.objectContaining({ code: 'CRD_NOT_SERVED' }),
    );
  });

  it('GIVEN a directory that does not exist WHEN loaded THEN CRD_DIR_UNREADABLE names it', () => {
    const missing = path.join(dir, 'missing');
    expect(() => loadCrdRegistry(missing)).toThrow(GitopsSynthError);
    expect(() => loadCrdRegistry(missing)).toThrow(
      expect.objectContaining({
        code: 'CRD_DIR_UNREADABLE',
        message: `the CRD directory ${missing} cannot be read`,
      }),
    );
  });

  it('GIVEN a directory without CRDs WHEN loaded THEN CRD_DIR_EMPTY', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-no-crds-'));
    try {
      expect(() => loadCrdRegistry(empty)).toThrow(expect.objectContaining({ code: 'CRD_DIR_EMPTY' }));
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('structural schema extensions', () => {
  it('GIVEN every extension used correctly WHEN validated THEN there is no problem', () => {
    const text = widget({
      port: 'http',
      replicas: 3,
      note: null,
      mode: null,
      certificate: 'aGVsbG8=',
      grace: '1h30m',
      cidr: 'not checked: Kubernetes ignores formats it does not know',
      template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { anything: true } },
      ports: [
        { name: 'http', protocol: 'TCP' },
        { name: 'http', protocol: 'UDP' },
      ],
      tags: ['a', 'b'],
      settings: { any: 'key' },
    });
    expect(validateManifest(FILE, text, registry)).toEqual([]);
  });

  it('GIVEN each extension broken once WHEN validated THEN each gives one exact problem', () => {
    const text = widget({
      port: 8.5,
      replicas: 2 ** 31,
      mode: 'c',
      certificate: 'not base64!',
      grace: 'P1D',
      template: { metadata: { name: 'p' } },
      ports: [
        { name: 'http', protocol: 'TCP' },
        { name: 'http', protocol: 'TCP' },
      ],
      tags: ['a', 'a'],
      settings: { count: 1 },
      empty: { pruned: true },
    });
    const problems = validateManifest(FILE, text, registry).map(({ path: at, rule, message }) => ({
      path: at,
      rule,
      message,
    }));
    expect(problems).toEqual([
      {
        path: 'spec.certificate',
        rule: 'crd-schema:format',
        message: 'must be a valid byte (got "not base64!")',
      },
      {
        path: 'spec.empty.pruned',
        rule: 'unknown-field',
        message: 'unknown field "pruned": the CRD does not define it, so Kubernetes would drop it silently',
      },
      { path: 'spec.grace', rule: 'crd-schema:format', message: 'must be a valid duration (got "P1D")' },
      { path: 'spec.mode', rule: 'crd-schema:enum', message: 'must be one of "a", "b", null (got "c")' },
      {
        path: 'spec.port',
        rule: 'crd-schema:type',
        message: 'must be an integer or a string (got number 8.5)',
      },
      {
        path: 'spec.ports[1]',
        rule: 'crd-schema:list-type',
        message:
          'duplicates item [0] in its key name, protocol (["http","TCP"]); each item of this list must be unique',
      },
      { path: 'spec.replicas', rule: 'crd-schema:format', message: 'must be a valid int32 (got 2147483648)' },
      { path: 'spec.settings.count', rule: 'crd-schema:type', message: 'must be a string (got number 1)' },
      {
        path: 'spec.tags[1]',
        rule: 'crd-schema:list-type',
        message: 'duplicates item [0] ("a"); each item of this list must be unique',
      },
      {
        path: 'spec.template.apiVersion',
        rule: 'crd-schema:required',
        message: 'required field "apiVersion" is missing',
      },
      {
        path: 'spec.template.kind',
        rule: 'crd-schema:required',
        message: 'required field "kind" is missing',
      },
    ]);
  });

  it('GIVEN null in a field that is not nullable WHEN validated THEN it is a type problem (Kubernetes would drop it)', () => {
    const problems = validateManifest(FILE, widget({ port: 80, replicas: null }), registry);
    expect(problems).toEqual([
      {
        file: FILE,
        path: 'spec.replicas',
        rule: 'crd-schema:type',
        message: 'must be an integer (got null)',
      },
    ]);
  });

  it("GIVEN a spec that breaks the test CRD's own CEL rule WHEN validated THEN the rule is evaluated and named", () => {
    expect(validateManifest(FILE, widget({ replicas: 2 }), registry)).toEqual([
      {
        file: FILE,
        path: 'spec',
        rule: 'crd-cel',
        message: 'port is required (x-kubernetes-validations: has(self.port))',
      },
    ]);
    expect(validateManifest(FILE, widget({ port: 'http', replicas: 2 }), registry)).toEqual([]);
  });

  it('GIVEN a Flux-group CRD whose interval lacks a pattern WHEN validated THEN the duration pattern is added, and a field with its own pattern keeps it', () => {
    const file = 'clusters/c1/namespaces/ns/gadget-g.yaml';
    const gadget = (spec: object): string =>
      stringify({
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'Gadget',
        metadata: { name: 'g', namespace: 'ns', labels: LABELS },
        spec,
      });
    expect(validateManifest(file, gadget({ interval: '1h30m', timeout: '30s' }), registry)).toEqual([]);
    expect(validateManifest(file, gadget({ interval: '90', timeout: '30s' }), registry)).toEqual([
      {
        file,
        path: 'spec.interval',
        rule: 'crd-schema:pattern',
        message:
          'must be a duration such as 30s, 10m or 1h30m, matching the pattern ^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$ (got "90")',
      },
    ]);
  });
});
