/**
 * The shape `gitops-synth status` reports and `status serve` answers with: the
 * contract with the control plane (documented in docs/status.md). Versioned by
 * `apiVersion`; fields are only ever added within one version.
 */

import type { ControllerKind } from '../contract/sync-contract';

export type { ControllerKind };

/** The version of the JSON shape. */
export const STATUS_API_VERSION = 'gitops.vworkspace.io/v1alpha1';
/** `kind` of the list document. */
export const STATUS_LIST_KIND = 'ClusterStatusList';
/** `kind` of the single-cluster document (`GET /clusters/<id>`). */
export const STATUS_ITEM_KIND = 'ClusterStatus';

/**
 * Where a cluster stands, as rebuilt from Git and commit statuses alone:
 * - `pending-review`: a pull request for the cluster is open.
 * - `awaiting-sync`: its newest change is on the base branch; no controller has reported success or failure yet.
 * - `applied`: every controller that reported on that change (or a later base commit) reported success.
 * - `failed`: at least one controller's newest report is a failure; `message` carries its description.
 * - `stale`: nothing was reported within the stale threshold after the change reached the base branch.
 */
export type ClusterState = 'pending-review' | 'awaiting-sync' | 'applied' | 'failed' | 'stale';

/** Every {@link ClusterState}, in the order the documentation lists them. */
export const CLUSTER_STATES: readonly ClusterState[] = [
  'pending-review',
  'awaiting-sync',
  'applied',
  'failed',
  'stale',
];

/** Where a report's field came from: a commit status on the Git host, or an event the controller sent to `status serve`. */
export type ReportSource = 'commit-status' | 'controller-event';

/** One controller's newest report for a cluster. */
export interface ControllerReport {
  readonly controller: ControllerKind;
  /** The commit status context, `gitops-synth/<controller>/<cluster-id>` (src/contract/sync-contract.ts). */
  readonly context: string;
  /** Normalised: `error` is reported as `failure`. */
  readonly state: 'success' | 'failure' | 'pending';
  /** The commit status's description, '' when only an event arrived. */
  readonly description: string;
  /** Why: the commit status's description (Flux: its reason, split and lower-cased), else the event's reason in the same form. */
  readonly reason: string;
  /** The controller's own message, from an event sent to `status serve`; null when none arrived (commit statuses from Flux carry only the reason). */
  readonly message: string | null;
  /** Where `state`, `reason` and `message` came from. */
  readonly sources: {
    readonly state: ReportSource;
    readonly reason: ReportSource;
    readonly message: ReportSource | null;
  };
  readonly targetUrl: string;
  /** ISO 8601, '' when the host did not say. */
  readonly reportedAt: string;
  /** The base commit the report was posted on. */
  readonly commit: string;
}

/** The newest base commit that changed `clusters/<id>/`. */
export interface ClusterCommit {
  /** The commit that changed the cluster's files (for a merge commit, the newest merged commit that did). */
  readonly sha: string;
  /** The first-parent commit of the base branch that brought the change in (equals `sha` unless merged with a merge commit). */
  readonly mergeSha: string;
  /** When the change reached the base branch (committer time of `mergeSha`), ISO 8601. */
  readonly mergedAt: string;
  readonly subject: string;
  /** The `Intents-Revision` trailer, or null when the commit has none. */
  readonly intentsRevision: string | null;
  /** The `Intents-Digest` trailer, or null. */
  readonly intentsDigest: string | null;
}

/** An open pull request that changes the cluster. */
export interface ClusterPullRequest {
  readonly number: number;
  readonly url: string;
  readonly branch: string;
  /** The pull request's title as the host has it (added in v1alpha1). */
  readonly title: string;
}

/** One cluster's status. */
export interface ClusterStatus {
  readonly id: string;
  readonly state: ClusterState;
  /** Why the state is what it is, for a human (a failure's controller message, the stale threshold). */
  readonly message: string;
  /** Null when the base branch has no files for the cluster yet (a new cluster under review). */
  readonly commit: ClusterCommit | null;
  readonly pullRequest: ClusterPullRequest | null;
  /** The sync state the controllers reported on `commit.mergeSha` or a later base commit, one per context. */
  readonly reports: readonly ControllerReport[];
  /** The cluster's delivery metrics over the first-parent window (added in v1alpha1; docs/status.md). */
  readonly delivery: ClusterDelivery;
}

/**
 * Delivery metrics over the first-parent window (`--max-commits`), rebuilt from
 * Git history and commit statuses alone (src/status/metrics/delivery.ts).
 */
export interface DeliveryMetrics {
  /** Changes that reached the base branch within the window (for the fleet: base commits). */
  readonly changes: number;
  /** Changes a controller reported success on. */
  readonly deployments: number;
  /** `deployments` per day of the window (a window shorter than a day counts as one day). */
  readonly deploymentsPerDay: number;
  /** Changes that reached `failed` or were rolled back. */
  readonly failedChanges: number;
  /** `failedChanges` over the changes with an outcome (applied, failed or rolled back), 0 to 1; null without any. */
  readonly changeFailureRate: number | null;
  /** Median seconds from when a change was written (author time) to its first success report; null when none was applied. */
  readonly leadTimeSeconds: number | null;
  /** Failures followed by a success. */
  readonly restores: number;
  /** Median seconds from a failure to the next success; null when nothing was restored. */
  readonly timeToRestoreSeconds: number | null;
}

/** One cluster's {@link DeliveryMetrics}. */
export type ClusterDelivery = DeliveryMetrics;

/** The fleet's {@link DeliveryMetrics} and the window they cover. */
export interface FleetDelivery extends DeliveryMetrics {
  /** Committer time of the oldest base commit in the window, ISO 8601. */
  readonly windowStart: string;
  /** From `windowStart` to `generatedAt`. */
  readonly windowSeconds: number;
}

/** The document `status --format json` prints and `GET /clusters` answers. */
export interface ClusterStatusList {
  readonly apiVersion: typeof STATUS_API_VERSION;
  readonly kind: typeof STATUS_LIST_KIND;
  /** When the statuses were computed, ISO 8601. */
  readonly generatedAt: string;
  readonly base: { readonly branch: string; readonly sha: string };
  /** The stale threshold in seconds. */
  readonly staleAfterSeconds: number;
  /** Sorted by id. */
  readonly clusters: readonly ClusterStatus[];
  /** The fleet's delivery metrics (added in v1alpha1; docs/status.md). */
  readonly delivery: FleetDelivery;
}
