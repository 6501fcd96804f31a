/**
 * Finding the same change made in several clusters (the same version bump of one
 * application in five clusters), so a pull request shows it once with the clusters
 * named instead of five times.
 */
import type { ChangeSet, ResourceChange } from '../diff/model';
import { clusterResourceChanges } from '../diff/model';

/** One change made identically in two or more clusters. */
export interface SharedChange {
  /** The change as it happened in the first of the clusters. */
  readonly change: ResourceChange;
  /** The clusters it happened in, sorted. */
  readonly clusters: readonly string[];
}

/** A change set split into changes shared by several clusters and the rest, per cluster. */
export interface CollapsedChanges {
  /** Shared changes, in the order they first appear. */
  readonly shared: readonly SharedChange[];
  /** Per cluster (in change set order), the changes that are not shared. */
  readonly own: ReadonlyMap<string, readonly ResourceChange[]>;
}

/**
 * Splits a change set into shared and own changes. Two changes are the same when
 * they agree on everything but the cluster (and so the path): what happened, kind,
 * namespace, name, fields, note, operation and what an added application runs (the
 * shared line shows the first cluster's, so it must hold for every cluster named).
 */
export function collapseAcrossClusters(changeSet: ChangeSet): CollapsedChanges {
  const groups = new Map<string, { change: ResourceChange; clusters: string[] }>();
  for (const cluster of changeSet.clusters) {
    for (const change of clusterResourceChanges(cluster)) {
      const key = signature(change);
      const group = groups.get(key);
      if (group === undefined) groups.set(key, { change, clusters: [cluster.cluster] });
      else group.clusters.push(cluster.cluster);
    }
  }
  const sharedKeys = new Set(
    [...groups].filter(([, group]) => group.clusters.length > 1).map(([key]) => key),
  );
  const shared = [...groups]
    .filter(([key]) => sharedKeys.has(key))
    .map(([, group]) => ({ change: group.change, clusters: [...group.clusters].sort() }));
  const own = new Map(
    changeSet.clusters.map(
      (cluster) =>
        [
          cluster.cluster,
          clusterResourceChanges(cluster).filter((change) => !sharedKeys.has(signature(change))),
        ] as const,
    ),
  );
  return { shared, own };
}

function signature(change: ResourceChange): string {
  const { kind, namespace, name } = change.resource;
  return JSON.stringify([
    change.change,
    kind,
    namespace,
    name,
    change.fields,
    change.note ?? null,
    change.operation ?? null,
    change.application ?? null,
  ]);
}
