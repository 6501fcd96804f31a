import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCrdRegistry, type CrdRegistry } from '../../src/schema/registry';
import { validateTree, validateTreeOnDisk } from '../../src/schema/validate-tree';
import { HELM_RELEASE, KUSTOMIZATION, NAMESPACE, VALID_ROOT, edited, validTree } from './manifests';

let registry: CrdRegistry;
beforeAll(() => {
  registry = loadCrdRegistry();
});

function withResources(resources: string[]): string {
  return edited(KUSTOMIZATION, (o) => {
    o.resources = resources;
  });
}

describe('validateTree', () => {
  it('GIVEN the valid fixture tree in memory WHEN validated THEN there is no problem', () => {
    expect(validateTree(validTree(), registry)).toEqual([]);
  });

  it('GIVEN a kustomization listing a file that is not in the tree WHEN validated THEN kustomization:resource-missing', () => {
    const tree = validTree();
    tree.delete(NAMESPACE);
    expect(validateTree(tree, registry)).toEqual([
      {
        file: KUSTOMIZATION,
        path: 'resources[5]',
        rule: 'kustomization:resource-missing',
        message:
          'resource "team-a/namespace.yaml" does not exist in the tree (looked for clusters/prod-eu-1/namespaces/team-a/namespace.yaml, or a kustomization in it)',
      },
    ]);
  });

  it('GIVEN a kustomization listing a directory that holds a kustomization WHEN validated THEN it exists', () => {
    const tree = validTree();
    tree.set(
      'clusters/prod-eu-1/namespaces/team-a/kustomization.yaml',
      edited(KUSTOMIZATION, (o) => {
        o.resources = ['namespace.yaml'];
      }),
    );
    tree.set(KUSTOMIZATION, withResources(['team-a']));
    expect(validateTree(tree, registry)).toEqual([]);
  });

  it('GIVEN resources unsorted, duplicated and escaping the directory WHEN validated THEN each is reported', () => {
    const tree = validTree();
    tree.set(
      KUSTOMIZATION,
      withResources([
        'team-a/namespace.yaml',
        'team-a/helmrelease-grafana.yaml',
        'team-a/namespace.yaml',
        '../argocd-application.yaml',
        'https://example.com/x.yaml',
      ]),
    );
    expect(validateTree(tree, registry)).toEqual([
      {
        file: KUSTOMIZATION,
        path: 'resources',
        rule: 'kustomization:resources-unsorted',
        message:
          'resources must be sorted (by code point): "../argocd-application.yaml", "https://example.com/x.yaml", "team-a/helmrelease-grafana.yaml", "team-a/namespace.yaml", "team-a/namespace.yaml"',
      },
      {
        file: KUSTOMIZATION,
        path: 'resources[2]',
        rule: 'kustomization:resource-duplicate',
        message: 'resource "team-a/namespace.yaml" is already listed at resources[0]',
      },
      {
        file: KUSTOMIZATION,
        path: 'resources[3]',
        rule: 'kustomization:resource-path',
        message: 'resource "../argocd-application.yaml" must not leave the kustomization\'s directory',
      },
      {
        file: KUSTOMIZATION,
        path: 'resources[4]',
        rule: 'kustomization:resource-path',
        message: 'resource "https://example.com/x.yaml" must be a relative path with / separators',
      },
    ]);
  });

  it('GIVEN problems in several files WHEN validated THEN they come sorted by file and name each file', () => {
    const tree = validTree();
    tree.set(
      HELM_RELEASE,
      edited(HELM_RELEASE, (o) => {
        o.spec.interval = 'soon';
      }),
    );
    tree.set(
      NAMESPACE,
      edited(NAMESPACE, (o) => {
        o.metadata.labels['app.vworkspace.io/cluster-id'] = 'other';
      }),
    );
    expect(validateTree(tree, registry).map((p) => `${p.file} ${p.path} ${p.rule}`)).toEqual([
      `${HELM_RELEASE} spec.interval crd-schema:pattern`,
      `${NAMESPACE} metadata.labels["app.vworkspace.io/cluster-id"] label-mismatch`,
    ]);
  });
});

describe('validateTreeOnDisk', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-tree-'));
    fs.cpSync(VALID_ROOT, root, { recursive: true });
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('GIVEN the valid tree with a foreign flux-system file that breaks the rules WHEN validated THEN the foreign file is ignored', async () => {
    expect(
      fs.readFileSync(path.join(root, 'clusters/prod-eu-1/flux-system/gotk-sync.yaml'), 'utf8'),
    ).toContain('---');
    expect(await validateTreeOnDisk(root, registry)).toEqual([]);
  });

  it('GIVEN an owned file with a problem WHEN validated THEN the problem names the file by its tree path', async () => {
    fs.writeFileSync(
      path.join(root, HELM_RELEASE),
      edited(HELM_RELEASE, (o) => {
        o.apiVersion = 'helm.toolkit.fluxcd.io/v2beta2';
      }),
    );
    expect(await validateTreeOnDisk(root, registry)).toEqual([
      {
        file: HELM_RELEASE,
        path: 'apiVersion',
        rule: 'unsupported-version',
        message:
          'HelmRelease helm.toolkit.fluxcd.io/v2beta2 is not served (version v2beta2 was removed); use apiVersion helm.toolkit.fluxcd.io/v2',
      },
    ]);
  });

  it('GIVEN a kustomization listing a foreign file WHEN validated THEN the foreign file counts as existing, and a removed one does not', async () => {
    const extra = path.join(root, 'clusters/prod-eu-1/namespaces/team-a/extra.yaml');
    fs.writeFileSync(extra, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n');
    fs.writeFileSync(
      path.join(root, KUSTOMIZATION),
      edited(KUSTOMIZATION, (o) => {
        o.resources = [...o.resources, 'team-a/extra.yaml'].sort();
      }),
    );
    expect(await validateTreeOnDisk(root, registry)).toEqual([]);
    fs.rmSync(extra);
    expect((await validateTreeOnDisk(root, registry)).map((p) => `${p.path} ${p.rule}`)).toEqual([
      'resources[1] kustomization:resource-missing',
    ]);
  });

  it('GIVEN a broken file in a cluster the filter leaves out WHEN validated THEN it is not read', async () => {
    const other = path.join(root, 'clusters/prod-us-1/namespaces/team-a');
    fs.mkdirSync(other, { recursive: true });
    fs.writeFileSync(
      path.join(other, 'namespace.yaml'),
      'metadata:\n  labels:\n    app.vworkspace.io/managed-by: control-plane\n',
    );
    expect((await validateTreeOnDisk(root, registry)).map((p) => p.file)).toEqual([
      'clusters/prod-us-1/namespaces/team-a/namespace.yaml',
      'clusters/prod-us-1/namespaces/team-a/namespace.yaml',
    ]);
    expect(await validateTreeOnDisk(root, registry, { clusters: (id) => id === 'prod-eu-1' })).toEqual([]);
  });
});
