/** The title and labels of the pull requests publish opens. */
import { createHash } from 'crypto';
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
    throw new GitopsSynthError(
      'PULL_REQUEST_CLUSTER_MISSING',
      'a per-cluster pull request title needs the cluster id',
      {
        source: 'internal',
        hint: "pass { group: 'cluster', cluster: '<id>' }",
      },
    );
  }
  const own = changeSet.clusters.filter((changes) => changes.cluster === cluster);
  return own.length === 0 ? `${cluster}: no changes` : describeClusters(own, SUBJECT_MAX_LENGTH);
}

/** The longest label name every supported host accepts (GitHub's limit is the smallest). */
export const LABEL_MAX_LENGTH = 50;

/**
 * The label that names a cluster: `cluster:<id>`. A cluster id may be 63 characters,
 * which would break GitHub's 50-character limit, so a long id is shortened and a hash
 * of the full id appended: still unique, still stable across runs.
 */
export function clusterLabel(cluster: string): string {
  const label = `cluster:${cluster}`;
  if (label.length <= LABEL_MAX_LENGTH) return label;
  const hash = createHash('sha256').update(cluster).digest('hex').slice(0, 8);
  return `${label.slice(0, LABEL_MAX_LENGTH - hash.length - 1)}-${hash}`;
}

/** `['gitops', 'cluster:<id>', …]`: one label per cluster, sorted, without duplicates. */
export function pullRequestLabels(clusters: readonly string[]): string[] {
  const ids = [...new Set(clusters.filter((cluster) => cluster !== ''))].sort();
  return [GITOPS_LABEL, ...ids.map(clusterLabel)];
}
