/**
 * Where a rollout stands and what the next run may do (pure): rebuilt from each
 * cluster's status (Git and commit statuses, src/status/) and from which clusters
 * the intents would change, with no state of its own. Any run on any runner that
 * sees the same Git and host computes the same plan.
 */
import { formatSeconds } from '../status/derive';
import { ClusterStatus } from '../status/model';
import { activeFreeze, RolloutPolicy, waveIndexOf } from './policy';

/** Where a cluster stands in the rollout of the target revision. */
export type RolloutClusterState =
  /** The intents do not change it and its newest change is not the target's: not part of this rollout. */
  | 'unchanged'
  /** The intents change it and no pull request is open. */
  | 'not-opened'
  | 'pending-review'
  | 'awaiting-sync'
  | 'applied'
  | 'failed'
  | 'stale';

/** What the next publish does for a cluster. */
export type RolloutAction = 'open' | 'update' | 'wait' | 'none';

/** Why a wave (or a cluster) waits. */
export type WaitKind = 'earlier-wave' | 'soak' | 'freeze' | 'failure' | 'pull-request-cap' | 'max-clusters';

/** A wait, for people and for `--format json`. */
export interface WaitReason {
  readonly kind: WaitKind;
  readonly message: string;
  /** For `soak`: seconds left before the wave may start. */
  readonly secondsLeft?: number;
}

export interface PlannedCluster {
  readonly id: string;
  readonly state: RolloutClusterState;
  readonly action: RolloutAction;
  /** Set when `action` is `wait`. */
  readonly wait?: WaitReason;
  /** When every controller last reported success on the target, ISO 8601; null otherwise. */
  readonly appliedAt: string | null;
  /** The open pull request's number, if one is open. */
  readonly pullRequest: number | null;
  /** The base commit that brought the target in (what `--auto-rollback` reverts); null before the merge. */
  readonly commit: string | null;
}

export type WaveStatus = 'done' | 'in-progress' | 'waiting' | 'halted';

export interface PlannedWave {
  readonly name: string;
  readonly status: WaveStatus;
  /** Why the wave waits (status `waiting` or `halted`), or why part of it does. */
  readonly wait: WaitReason | null;
  readonly soakSeconds: number;
  readonly maxClusters: number | null;
  readonly clusters: readonly PlannedCluster[];
}

export interface RolloutPlan {
  /** The revision the rollout carries: `Intents-Revision`, else the intents digest. */
  readonly target: { readonly trailer: 'Intents-Revision' | 'Intents-Digest'; readonly value: string };
  readonly waves: readonly PlannedWave[];
  /** Clusters no wave matches: published as without a rollout. */
  readonly ungated: readonly string[];
  readonly failures: number;
  readonly failureBudget: number;
  readonly halted: boolean;
  /** The freeze window in force, when one is. */
  readonly freeze: { readonly reason: string; readonly end: string } | null;
  /** `--override-freeze`'s reason, when given during a freeze. */
  readonly freezeOverride: string | null;
  readonly openPullRequests: number;
  readonly maxOpenPullRequests: number | null;
}

export interface PlanInputs {
  readonly policy: RolloutPolicy;
  /** Every selected cluster the intents name or the base still has. */
  readonly clusters: readonly string[];
  readonly statuses: ReadonlyMap<string, ClusterStatus>;
  /** The clusters whose tree on the base differs from what the intents render. */
  readonly changing: ReadonlySet<string>;
  readonly target: RolloutPlan['target'];
  readonly now: Date;
  readonly overrideFreeze?: string;
  /** Open pull requests of the tool on the base branch now. */
  readonly openPullRequests: number;
  readonly maxOpenPullRequests?: number;
}

/** The rollout plan (pure). */
export function planRollout(inputs: PlanInputs): RolloutPlan {
  const { policy } = inputs;
  const members = policy.waves.map(() => [] as string[]);
  const ungated: string[] = [];
  for (const id of [...new Set(inputs.clusters)].sort()) {
    const index = waveIndexOf(policy, id);
    if (index === -1) ungated.push(id);
    else members[index].push(id);
  }
  const states = new Map(inputs.clusters.map((id) => [id, clusterState(id, inputs)]));
  const failures = [...states.values()].filter((s) => s.state === 'failed').length;
  const halted = failures >= policy.failureBudget;
  const window = activeFreeze(policy, inputs.now.getTime());
  const frozen = window !== undefined && inputs.overrideFreeze === undefined;
  let capLeft =
    inputs.maxOpenPullRequests === undefined
      ? Infinity
      : inputs.maxOpenPullRequests - inputs.openPullRequests;
  let gate: WaitReason | null = null;
  const waves: PlannedWave[] = policy.waves.map((wave, index) => {
    const ids = members[index];
    const base = ids.map((id) => states.get(id)!);
    const inFlight = base.filter((c) =>
      ['pending-review', 'awaiting-sync', 'stale', 'failed'].includes(c.state),
    ).length;
    let slots = wave.maxClusters === undefined ? Infinity : wave.maxClusters - inFlight;
    // A freeze stops pull requests from opening; one already open is still kept current.
    const gated: WaitReason | null = gate ?? (halted ? failureWait(failures, policy.failureBudget) : null);
    const own = gated ?? (frozen ? freezeWait(window) : null);
    const clusters = base.map((c): PlannedCluster => {
      if (c.state === 'pending-review') {
        return gated === null ? { ...c, action: 'update' } : { ...c, action: 'wait', wait: gated };
      }
      if (c.state !== 'not-opened') return { ...c, action: 'none' };
      if (own !== null) return { ...c, action: 'wait', wait: own };
      if (slots <= 0) return { ...c, action: 'wait', wait: maxClustersWait(wave.name, wave.maxClusters!) };
      if (capLeft <= 0) return { ...c, action: 'wait', wait: capWait(inputs.maxOpenPullRequests!) };
      slots--;
      capLeft--;
      return { ...c, action: 'open' };
    });
    const complete = clusters.every(
      (c) =>
        c.state === 'unchanged' || (c.state === 'applied' && soakLeft(c, wave.soakSeconds, inputs.now) === 0),
    );
    const status: WaveStatus = complete
      ? 'done'
      : gate !== null
        ? 'waiting'
        : halted
          ? 'halted'
          : own !== null
            ? 'waiting'
            : 'in-progress';
    const partial = clusters.find((c) => c.wait !== undefined)?.wait ?? null;
    if (gate === null && !complete) gate = nextGate(wave.name, clusters, wave.soakSeconds, inputs.now);
    return {
      name: wave.name,
      status,
      wait: status === 'done' ? null : (own ?? partial),
      soakSeconds: wave.soakSeconds,
      maxClusters: wave.maxClusters ?? null,
      clusters,
    };
  });
  return {
    target: inputs.target,
    waves,
    ungated,
    failures,
    failureBudget: policy.failureBudget,
    halted,
    freeze: window === undefined ? null : { reason: window.reason, end: new Date(window.end).toISOString() },
    freezeOverride: window === undefined ? null : (inputs.overrideFreeze ?? null),
    openPullRequests: inputs.openPullRequests,
    maxOpenPullRequests: inputs.maxOpenPullRequests ?? null,
  };
}

type BaseCluster = Omit<PlannedCluster, 'action' | 'wait'>;

/** One cluster's standing against the target (pure). */
function clusterState(id: string, inputs: PlanInputs): BaseCluster {
  const status = inputs.statuses.get(id);
  const pullRequest = status?.pullRequest?.number ?? null;
  const commit = status?.commit ?? null;
  const trailer =
    inputs.target.trailer === 'Intents-Revision' ? commit?.intentsRevision : commit?.intentsDigest;
  const atTarget = trailer === inputs.target.value;
  const base = { id, appliedAt: null, pullRequest, commit: null };
  if (pullRequest !== null) return { ...base, state: 'pending-review' };
  if (inputs.changing.has(id)) return { ...base, state: 'not-opened' };
  if (!atTarget || status === undefined || status.state === 'pending-review')
    return { ...base, state: 'unchanged' };
  const successes = status.reports
    .filter((r) => r.state === 'success')
    .map((r) => r.reportedAt)
    .sort();
  return {
    ...base,
    state: status.state,
    commit: commit!.mergeSha,
    appliedAt: status.state === 'applied' ? (successes[successes.length - 1] ?? commit!.mergedAt) : null,
  };
}

/** Seconds of soak still to go for an applied cluster (0 once soaked). */
function soakLeft(cluster: BaseCluster, soakSeconds: number, now: Date): number {
  if (cluster.appliedAt === null) return soakSeconds;
  const waited = (now.getTime() - Date.parse(cluster.appliedAt)) / 1000;
  return Math.max(0, Math.ceil(soakSeconds - waited));
}

/** Why the waves after an incomplete one wait: its clusters still soaking, or not yet applied. */
function nextGate(
  name: string,
  clusters: readonly PlannedCluster[],
  soakSeconds: number,
  now: Date,
): WaitReason {
  const open = clusters.filter((c) => c.state !== 'unchanged' && c.state !== 'applied');
  if (open.length > 0) {
    return {
      kind: 'earlier-wave',
      message: `wave ${name}: ${open.length} of ${clusters.filter((c) => c.state !== 'unchanged').length} clusters not applied yet`,
    };
  }
  const left = Math.max(...clusters.map((c) => (c.state === 'applied' ? soakLeft(c, soakSeconds, now) : 0)));
  return { kind: 'soak', message: `wave ${name} is soaking: ${formatSeconds(left)} left`, secondsLeft: left };
}

function failureWait(failures: number, budget: number): WaitReason {
  return {
    kind: 'failure',
    message: `the rollout is halted: ${failures} failed cluster${failures === 1 ? '' : 's'} spent the failure budget of ${budget}`,
  };
}

function freezeWait(window: { reason: string; end: number }): WaitReason {
  return {
    kind: 'freeze',
    message: `freeze window "${window.reason}" until ${new Date(window.end).toISOString()}`,
  };
}

function capWait(max: number): WaitReason {
  return { kind: 'pull-request-cap', message: `${max} pull requests are open (--max-open-pull-requests)` };
}

function maxClustersWait(name: string, max: number): WaitReason {
  return { kind: 'max-clusters', message: `wave ${name} has ${max} clusters in flight (maxClusters)` };
}

/** The clusters publish may push to this run: every cluster but those the plan holds back. */
export function heldBack(plan: RolloutPlan): Map<string, WaitReason> {
  const held = new Map<string, WaitReason>();
  for (const wave of plan.waves) {
    for (const cluster of wave.clusters) if (cluster.wait !== undefined) held.set(cluster.id, cluster.wait);
  }
  return held;
}
