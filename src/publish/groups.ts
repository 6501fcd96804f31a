import { ClusterIntent } from '../intents/model';
import { BRANCH_PREFIX } from '../workspace/conventions';

/** How changes are split into pull requests. */
export type GroupBy = 'cluster' | 'fleet';
/** The valid values of `--group-by`, in the order `--help` lists them. */
export const GROUP_BY_VALUES: readonly GroupBy[] = ['cluster', 'fleet'];

/** One pull request's worth of clusters, and the deterministic branch that carries it. */
export interface PublishGroup {
  /** `gitops/<cluster-id>` or `gitops/fleet` (with a shard suffix when sharded). */
  readonly branch: string;
  /** The clusters whose paths this group's commit may change. */
  readonly clusters: readonly string[];
  /** Set for a per-cluster group. */
  readonly cluster?: string;
}

/**
 * Splits the clusters into pull requests (pure). `clusters` holds every selected
 * cluster that the intents name or that the base tree still has files for (a cluster
 * removed from the intents gets a pull request that removes its files).
 * Branch names are derived from the content's identity only, so a rerun finds the
 * same branch and pull request without any stored state.
 */
export function publishGroups(
  clusters: readonly string[],
  groupBy: GroupBy,
  shardSuffix = '',
): PublishGroup[] {
  const ids = [...new Set(clusters)].sort();
  if (groupBy === 'fleet') {
    return ids.length === 0 ? [] : [{ branch: `${BRANCH_PREFIX}fleet${shardSuffix}`, clusters: ids }];
  }
  return ids.map((id) => ({ branch: `${BRANCH_PREFIX}${id}`, clusters: [id], cluster: id }));
}

/** The owners of the clusters in a group, deduplicated, in first-seen order. */
export function groupOwners(group: PublishGroup, clusters: readonly ClusterIntent[]): string[] {
  const inGroup = new Set(group.clusters);
  return [...new Set(clusters.filter((c) => inGroup.has(c.id)).flatMap((c) => c.owners))];
}
