/**
 * How the page groups clusters. There are no rollout waves yet, so the fleet is
 * one group; a rollout feature adds its waves here (in order, each with its
 * clusters) and the page shows a progress bar per group without other changes.
 */
import { CLUSTER_STATES, ClusterState, ClusterStatus, ClusterStatusList } from '../model';

/** One group of clusters (a rollout wave, once waves exist). */
export interface ClusterGroup {
  /** Shown in the progress section and in each row's wave column. */
  readonly name: string;
  readonly clusters: readonly ClusterStatus[];
}

/** The groups of a list, in rollout order (pure). */
export function groupClusters(list: ClusterStatusList): ClusterGroup[] {
  return [{ name: 'fleet', clusters: list.clusters }];
}

/** The group each cluster id belongs to (pure). */
export function groupOf(groups: readonly ClusterGroup[]): Map<string, string> {
  return new Map(groups.flatMap((g) => g.clusters.map((c) => [c.id, g.name] as const)));
}

/** How many clusters are in each state, every state present (pure). */
export function countStates(clusters: readonly ClusterStatus[]): Record<ClusterState, number> {
  const counts = Object.fromEntries(CLUSTER_STATES.map((s) => [s, 0])) as Record<ClusterState, number>;
  for (const c of clusters) counts[c.state]++;
  return counts;
}
