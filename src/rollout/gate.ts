/**
 * Reads where the rollout stands from Git and the host (the same poll `status`
 * runs) and plans the next run. Used by publish (to hold waves back) and by
 * `gitops-synth rollout` (to show it); neither keeps any state of its own.
 */
import type { TokenSource } from '../contract/token-source';
import { Platform } from '../platform/types';
import { deriveStatuses } from '../status/derive';
import { ClusterStatus } from '../status/model';
import { poll } from '../status/poll';
import { StatusStore } from '../status/status-store';
import { planRollout, RolloutPlan } from './plan';
import { RolloutPolicy } from './policy';

/** How long a merged change may go unreported before `status` calls it stale. */
export const ROLLOUT_STALE_AFTER_SECONDS = 1800;
/** Base commits read for reports: a rollout's changes are recent. */
export const ROLLOUT_MAX_COMMITS = 50;

/** What {@link readRolloutPlan} needs. */
export interface GateRequest {
  /** A clone whose origin is the GitOps repository (publish's working copy). */
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  /** A GitHub App's installation tokens: the clone is fetched with them. */
  readonly tokenSource?: TokenSource;
  readonly base: string;
  readonly platform: Platform;
  readonly selects: (clusterId: string) => boolean;
  readonly policy: RolloutPolicy;
  /** Every selected cluster the intents name or the base has. */
  readonly clusters: readonly string[];
  readonly changing: ReadonlySet<string>;
  readonly target: RolloutPlan['target'];
  readonly now: Date;
  readonly overrideFreeze?: string;
  readonly maxOpenPullRequests?: number;
}

/** The plan, and the statuses it was made from. */
export interface GateResult {
  readonly plan: RolloutPlan;
  readonly statuses: ReadonlyMap<string, ClusterStatus>;
}

/** Polls Git and the host once and plans the rollout. */
export async function readRolloutPlan(request: GateRequest): Promise<GateResult> {
  const store = new StatusStore();
  const polled = await poll({
    git: { kind: 'root', dir: request.dir, env: request.env, tokenSource: request.tokenSource },
    base: request.base,
    maxCommits: ROLLOUT_MAX_COMMITS,
    platform: request.platform,
    selects: request.selects,
    statuses: store,
  });
  const list = deriveStatuses({
    ...polled,
    statuses: store,
    selects: request.selects,
    now: request.now,
    staleAfterSeconds: ROLLOUT_STALE_AFTER_SECONDS,
  });
  const statuses = new Map(list.clusters.map((c) => [c.id, c]));
  const openPullRequests = new Set([...polled.pullRequests.values()].map((p) => p.number)).size;
  const plan = planRollout({
    policy: request.policy,
    clusters: request.clusters,
    statuses,
    changing: request.changing,
    target: request.target,
    now: request.now,
    overrideFreeze: request.overrideFreeze,
    openPullRequests,
    maxOpenPullRequests: request.maxOpenPullRequests,
  });
  return { plan, statuses };
}
