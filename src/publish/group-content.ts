import { ChangeSet } from '../diff/model';
import { diffTrees } from '../diff/diff';
import { ClusterIntent } from '../intents/model';
import {
  commitMessage,
  pullRequestBody,
  pullRequestLabels,
  pullRequestTitle,
  type Provenance,
} from '../messages';
import { compareTrees, TreeComparison } from '../pipeline/compare';
import { groupOwners, GroupBy, PublishGroup } from './groups';

/** Everything a group's commit and pull request say, computed before anything is written. */
export interface GroupContent {
  readonly changes: ChangeSet;
  readonly files: TreeComparison;
  readonly commitMessage: string;
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
  readonly reviewers: readonly string[];
}

/** The part of a tree that belongs to a group's clusters. */
export function groupTree(tree: ReadonlyMap<string, string>, group: PublishGroup): Map<string, string> {
  const prefixes = group.clusters.map((id) => `clusters/${id}/`);
  return new Map([...tree].filter(([path]) => prefixes.some((prefix) => path.startsWith(prefix))));
}

/**
 * What a group's commit and pull request say (pure): the change set between the
 * base's tree and the desired tree, the commit message with its trailers, and the
 * pull request's title, body (cut to `maxBodyLength`), labels and reviewers.
 */
export function groupContent(
  group: PublishGroup,
  before: ReadonlyMap<string, string>,
  desired: ReadonlyMap<string, string>,
  clusters: readonly ClusterIntent[],
  options: Provenance & { groupBy: GroupBy; maxBodyLength: number },
): GroupContent {
  const changes = diffTrees(before, desired);
  const provenance: Provenance = {
    intentsDigest: options.intentsDigest,
    intentsRevision: options.intentsRevision,
    toolVersion: options.toolVersion,
    freezeOverride: options.freezeOverride,
  };
  return {
    changes,
    files: compareTrees(before, desired),
    commitMessage: commitMessage(changes, { ...provenance, ciUrl: options.ciUrl, clusters: group.clusters }),
    title: pullRequestTitle(changes, { group: options.groupBy, cluster: group.cluster }),
    body: pullRequestBody(changes, { ...provenance, maxLength: options.maxBodyLength }),
    labels: pullRequestLabels(group.clusters),
    reviewers: groupOwners(group, clusters),
  };
}
