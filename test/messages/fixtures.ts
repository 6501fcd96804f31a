/** Change sets built in code for the messages tests. */
import type {
  ChangeSet,
  ClusterChanges,
  FieldChange,
  ResourceChange,
  ResourceChangeKind,
} from '../../src/diff/model';

/** One resource change in `cluster`, namespace `apps`. */
export function change(
  cluster: string,
  kind: string,
  name: string,
  what: ResourceChangeKind,
  extra: { fields?: FieldChange[]; operation?: { type: string; target: string } } = {},
): ResourceChange {
  const path = `clusters/${cluster}/namespaces/apps/${kind.toLowerCase()}-${name}.yaml`;
  return {
    resource: { cluster, namespace: 'apps', kind, name, path },
    change: what,
    fields: extra.fields ?? [],
    ...(extra.operation === undefined ? {} : { operation: extra.operation }),
  };
}

/** An application added in `cluster`. */
export const addApp = (cluster: string, name: string) =>
  change(cluster, 'ApplicationInstance', name, 'added');
/** An application whose version goes from `from` to `to`. */
export const bumpApp = (cluster: string, name: string, from = '1.0.0', to = '1.0.1') =>
  change(cluster, 'ApplicationInstance', name, 'changed', {
    fields: [{ path: 'spec.version', change: 'changed', before: from, after: to }],
  });
/** An application removed from `cluster`. */
export const removeApp = (cluster: string, name: string) =>
  change(cluster, 'ApplicationInstance', name, 'removed');
/** An Operation added in `cluster`. */
export const addOperation = (cluster: string, name: string, type: string, target: string) =>
  change(cluster, 'Operation', name, 'added', { operation: { type, target } });

/** Groups changes into a change set the way diffTrees does (clusters sorted, lists by kind of change). */
export function changeSetOf(changes: readonly ResourceChange[]): ChangeSet {
  const ids = [...new Set(changes.map((c) => c.resource.cluster))].sort();
  const clusters: ClusterChanges[] = ids.map((cluster) => {
    const own = changes.filter((c) => c.resource.cluster === cluster);
    return {
      cluster,
      added: own.filter((c) => c.change === 'added'),
      changed: own.filter((c) => c.change === 'changed'),
      removed: own.filter((c) => c.change === 'removed'),
    };
  });
  return { clusters };
}

/** The provenance every messages test passes. */
export const PROVENANCE = {
  intentsDigest: `sha256:${'ab'.repeat(32)}`,
  intentsRevision: 'r42',
  toolVersion: '0.1.0',
} as const;
