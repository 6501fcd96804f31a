/** Small synthesized trees shared by the diff and messages tests. */
import { stringify } from 'yaml';
import type { JsonObject } from '../../src/intents/model';
import type { Tree } from '../../src/diff/diff';
import type { ChangeSet } from '../../src/diff/model';

/** The YAML synth would write for an ApplicationInstance. */
export function applicationYaml(cluster: string, namespace: string, name: string, spec: JsonObject): string {
  return stringify({
    apiVersion: 'apps.vworkspace.io/v1alpha1',
    kind: 'ApplicationInstance',
    metadata: {
      name,
      namespace,
      labels: { 'app.vworkspace.io/managed-by': 'control-plane', 'app.vworkspace.io/cluster-id': cluster },
    },
    spec,
  });
}

/** The YAML synth would write for an Operation. */
export function operationYaml(
  cluster: string,
  namespace: string,
  name: string,
  type: string,
  target: string,
): string {
  return stringify({
    apiVersion: 'ops.vworkspace.io/v1alpha1',
    kind: 'Operation',
    metadata: {
      name,
      namespace,
      labels: { 'app.vworkspace.io/managed-by': 'control-plane', 'app.vworkspace.io/cluster-id': cluster },
    },
    spec: { type, target, requestedAt: '2024-05-01T10:00:00Z', requestedBy: 'alice' },
  });
}

/** The path synth writes a namespaced resource to. */
export function resourcePath(cluster: string, namespace: string, kind: string, name: string): string {
  return `clusters/${cluster}/namespaces/${namespace}/${kind.toLowerCase()}-${name}.yaml`;
}

/** A tree with one application per (cluster, name, version). */
export function appTree(
  entries: ReadonlyArray<readonly [cluster: string, name: string, version: string]>,
): Map<string, string> {
  return new Map(
    entries.map(([cluster, name, version]) => [
      resourcePath(cluster, 'apps', 'ApplicationInstance', name),
      applicationYaml(cluster, 'apps', name, { app: name, version }),
    ]),
  );
}

/**
 * base/head of a small, realistic change: in cluster-a, wiki's version and ingress
 * host change, nextcloud-myteam is added with a backup, an old operation is removed.
 */
export function sampleTrees(): { base: Tree; head: Tree } {
  const wikiPath = resourcePath('cluster-a', 'myteam', 'ApplicationInstance', 'wiki');
  const oldOpPath = resourcePath('cluster-a', 'myteam', 'Operation', 'restart-wiki');
  const base = new Map([
    [
      wikiPath,
      applicationYaml('cluster-a', 'myteam', 'wiki', {
        app: 'wiki',
        version: '28.0.3',
        values: { ingress: { host: 'old.example.org' } },
        suspend: false,
      }),
    ],
    [oldOpPath, operationYaml('cluster-a', 'myteam', 'restart-wiki', 'restart', 'wiki')],
    ['clusters/cluster-a/namespaces/kustomization.yaml', 'resources: [myteam]\n'],
  ]);
  const head = new Map([
    [
      wikiPath,
      applicationYaml('cluster-a', 'myteam', 'wiki', {
        app: 'wiki',
        version: '28.0.4',
        values: { ingress: { host: 'wiki.example.org', tls: true } },
      }),
    ],
    [
      resourcePath('cluster-a', 'myteam', 'ApplicationInstance', 'nextcloud-myteam'),
      applicationYaml('cluster-a', 'myteam', 'nextcloud-myteam', { app: 'nextcloud', version: '1' }),
    ],
    [
      resourcePath('cluster-a', 'myteam', 'Operation', 'backup-1'),
      operationYaml('cluster-a', 'myteam', 'backup-1', 'backup', 'nextcloud-myteam'),
    ],
    ['clusters/cluster-a/namespaces/kustomization.yaml', 'resources: [myteam, other]\n'],
  ]);
  return { base, head };
}

/**
 * A fixed change set (written out, not computed) for the renderer tests: two clusters,
 * a type change, a long value, an object value and a note.
 */
export function fixedChangeSet(): ChangeSet {
  const id = (cluster: string, kind: string, name: string, namespace = 'apps') => ({
    cluster,
    namespace,
    kind,
    name,
    path: resourcePath(cluster, namespace, kind, name),
  });
  return {
    clusters: [
      {
        cluster: 'cluster-a',
        added: [
          {
            resource: id('cluster-a', 'Operation', 'backup-1'),
            change: 'added',
            fields: [],
            operation: { type: 'backup', target: 'wiki' },
          },
        ],
        changed: [
          {
            resource: id('cluster-a', 'ApplicationInstance', 'wiki'),
            change: 'changed',
            fields: [
              { path: 'spec.values.replicas', change: 'changed', before: '1', after: 1 },
              { path: 'spec.values.motd', change: 'changed', before: 'short', after: 'x'.repeat(80) },
              { path: 'spec.valuesFrom[name=db]', change: 'added', after: { name: 'db', kind: 'Secret' } },
            ],
          },
          {
            resource: id('cluster-a', 'HelmRelease', 'broken'),
            change: 'changed',
            fields: [],
            note: 'could not parse head: bad indentation',
          },
        ],
        removed: [],
      },
      {
        cluster: 'cluster-b',
        added: [],
        changed: [],
        removed: [{ resource: id('cluster-b', 'ApplicationInstance', 'old'), change: 'removed', fields: [] }],
      },
    ],
  };
}
