/** Counting what a change set holds: per cluster and in total. */
import type { ChangeSet } from './model';

/** How many resources were added, changed and removed. */
export interface ChangeCounts {
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
}

/** The counts of one cluster. */
export interface ClusterSummary extends ChangeCounts {
  readonly cluster: string;
}

/** The counts of a whole change set. */
export interface ChangeSetSummary {
  /** One entry per cluster with changes, sorted by cluster id. */
  readonly clusters: readonly ClusterSummary[];
  /** The sums over every cluster, plus how many clusters changed. */
  readonly total: ChangeCounts & { readonly clusters: number };
}

/** Counts the changes of every cluster and of the whole change set. */
export function summarize(changeSet: ChangeSet): ChangeSetSummary {
  const clusters = changeSet.clusters.map((cluster) => ({
    cluster: cluster.cluster,
    added: cluster.added.length,
    changed: cluster.changed.length,
    removed: cluster.removed.length,
  }));
  const total = clusters.reduce(
    (sum, cluster) => ({
      clusters: sum.clusters + 1,
      added: sum.added + cluster.added,
      changed: sum.changed + cluster.changed,
      removed: sum.removed + cluster.removed,
    }),
    { clusters: 0, added: 0, changed: 0, removed: 0 },
  );
  return { clusters, total };
}

/** True when nothing was added, changed or removed anywhere. */
export function isEmpty(changeSet: ChangeSet): boolean {
  return changeSet.clusters.every(
    (cluster) => cluster.added.length + cluster.changed.length + cluster.removed.length === 0,
  );
}

/** `1 added, 2 changed, 0 removed`. */
export function formatCounts(counts: ChangeCounts): string {
  return `${counts.added} added, ${counts.changed} changed, ${counts.removed} removed`;
}

/** `1 cluster` / `3 clusters`: a count with its noun, singular when it is one. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
