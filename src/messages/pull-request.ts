/** The title and labels of the pull requests publish opens. */
import { GitopsSynthError } from '../errors';
import type { ChangeSet } from '../diff/model';
import { SUBJECT_MAX_LENGTH, describeClusters } from './subject';

/** How changes are grouped into pull requests: one per cluster, or one for the fleet. */
export type PullRequestGroup = 'cluster' | 'fleet';

/** Options of {@link pullRequestTitle}. */
export interface PullRequestTitleOptions {
  readonly group: PullRequestGroup;
  /** The cluster of a per-cluster pull request; required when `group` is `cluster`. */
  readonly cluster?: string;
}

/** The label every gitops-synth pull request carries. */
export const GITOPS_LABEL = 'gitops';

/**
 * A title that says what the pull request changes, like a commit subject (at most 72
 * characters). A per-cluster title always starts with the cluster id.
 */
export function pullRequestTitle(changeSet: ChangeSet, options: PullRequestTitleOptions): string {
  if (options.group === 'fleet') return describeClusters(changeSet.clusters, SUBJECT_MAX_LENGTH);
  const cluster = options.cluster;
  if (cluster === undefined || cluster === '') {
    throw new GitopsSynthError('PULL_REQUEST_CLUSTER_MISSING', 'a per-cluster pull request title needs the cluster id', {
      source: 'internal',
      hint: "pass { group: 'cluster', cluster: '<id>' }",
    });
  }
  const own = changeSet.clusters.filter((changes) => changes.cluster === cluster);
  return own.length === 0 ? `${cluster}: no changes` : describeClusters(own, SUBJECT_MAX_LENGTH);
}

/** `['gitops', 'cluster:<id>', …]`: one label per cluster, sorted, without duplicates. */
export function pullRequestLabels(clusters: readonly string[]): string[] {
  const ids = [...new Set(clusters.filter((cluster) => cluster !== ''))].sort();
  return [GITOPS_LABEL, ...ids.map((cluster) => `cluster:${cluster}`)];
}
