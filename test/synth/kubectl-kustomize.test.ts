/**
 * The tree on disk, read by the real kustomize (kubectl kustomize, go-yaml): each
 * cluster's `namespaces/` must build to exactly that cluster's objects, hostile
 * values included.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { Fleet } from '../../src/intents/model';
import { SynthTree } from '../../src/synth/types';
import { synthFleet } from '../../src/synth/synth';
import { application, cluster, HOSTILE_VALUES, operation, smallFleet } from './fixtures';

const KUBECTL = '/usr/bin/kubectl';

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

function identity(object: K8sObject): string {
  return `${object.apiVersion}/${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

function byIdentity(objects: K8sObject[]): K8sObject[] {
  return [...objects].sort((a, b) => (identity(a) < identity(b) ? -1 : 1));
}

function writeTree(root: string, tree: SynthTree): void {
  for (const [path, content] of tree) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** What `kubectl kustomize` builds from the directory. */
function kustomize(directory: string): K8sObject[] {
  const output = execFileSync(KUBECTL, ['kustomize', directory], { encoding: 'utf8' });
  return parseAllDocuments(output)
    .map((doc) => doc.toJS() as K8sObject)
    .filter((object) => object !== null);
}

/** The objects gitops-synth meant for the cluster: every file under its namespaces/ but the kustomization. */
function intended(tree: SynthTree, clusterId: string): K8sObject[] {
  const prefix = `clusters/${clusterId}/namespaces/`;
  return [...tree]
    .filter(([path]) => path.startsWith(prefix) && path !== `${prefix}kustomization.yaml`)
    .map(([, content]) => parse(content) as K8sObject);
}

describe('kubectl kustomize on synthesized clusters', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'gitops-synth-kustomize-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('GIVEN the small fleet on disk WHEN each cluster namespaces/ is kustomized THEN it builds exactly that cluster objects', () => {
    const fleet = smallFleet();
    const tree = synthFleet(fleet, { repoUrl: 'https://git.example.com/fleet.git' });
    writeTree(root, tree);
    for (const { id } of fleet.clusters) {
      const built = kustomize(join(root, 'clusters', id, 'namespaces'));
      expect(byIdentity(built)).toEqual(byIdentity(intended(tree, id)));
      expect(built.length).toBeGreaterThan(0);
    }
  });

  it('GIVEN hostile values and parameters WHEN kustomized THEN go-yaml reads back the same values', () => {
    const fleet: Fleet = {
      clusters: [cluster('hostile', 'flux'), cluster('hostile-helm', 'flux', true)],
      applications: [
        application('hostile', 'on', 'yes', { values: HOSTILE_VALUES }),
        application('hostile-helm', 'no', 'null', { values: HOSTILE_VALUES }),
      ],
      operations: [operation('hostile', 'on', 'y', 'yes', { parameters: HOSTILE_VALUES })],
    };
    const tree = synthFleet(fleet, {});
    writeTree(root, tree);
    const plain = byIdentity(kustomize(join(root, 'clusters', 'hostile', 'namespaces')));
    expect(plain).toEqual(byIdentity(intended(tree, 'hostile')));
    expect(plain.map((object) => object.kind)).toEqual(['ApplicationInstance', 'Operation', 'Namespace']);
    expect((plain[0] as unknown as { spec: { values: unknown } }).spec.values).toEqual(HOSTILE_VALUES);
    expect((plain[1] as unknown as { spec: { parameters: unknown } }).spec.parameters).toEqual(
      HOSTILE_VALUES,
    );
    const helm = kustomize(join(root, 'clusters', 'hostile-helm', 'namespaces'));
    expect(byIdentity(helm)).toEqual(byIdentity(intended(tree, 'hostile-helm')));
    expect(helm.find((object) => object.kind === 'HelmRelease')).toMatchObject({
      metadata: { name: 'null', namespace: 'no' },
      spec: { values: HOSTILE_VALUES },
    });
  });

  it('GIVEN a cluster with nothing on it WHEN kustomized THEN it builds to no objects', () => {
    writeTree(
      root,
      synthFleet({ clusters: [cluster('empty', 'flux')], applications: [], operations: [] }, {}),
    );
    expect(kustomize(join(root, 'clusters', 'empty', 'namespaces'))).toEqual([]);
  });
});
