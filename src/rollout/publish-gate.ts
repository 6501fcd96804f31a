/**
 * Where publish meets the rollout: which clusters this run may push to, and the
 * note on the open pull requests of the waves that wait.
 */
import type { TokenSource } from '../contract/token-source';
import { Platform } from '../platform/types';
import { changingClusters } from './changing';
import { readRolloutPlan } from './gate';
import { heldBack, RolloutPlan, WaitReason } from './plan';
import { RolloutPolicy } from './policy';
import { hasWaitNote, withWaitNote } from './wait-note';

/** The rollout settings of one publish run. */
export interface RolloutRun {
  readonly policy: RolloutPolicy;
  readonly now: Date;
  /** `--override-freeze`'s reason. */
  readonly overrideFreeze?: string;
  readonly maxOpenPullRequests?: number;
}

/** What the gate decided for one run. */
export interface GateDecision {
  readonly plan: RolloutPlan;
  /** Clusters this run leaves alone, with why. */
  readonly held: ReadonlyMap<string, WaitReason>;
  /** The freeze-override reason to record, when a freeze is in force and was overridden. */
  readonly freezeOverride?: string;
}

/** Plans the rollout for `clusters` from Git and the host (see src/rollout/gate.ts). */
export async function gatePublish(options: {
  readonly rollout: RolloutRun;
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly tokenSource?: TokenSource;
  readonly base: string;
  readonly platform: Platform;
  readonly selects: (id: string) => boolean;
  readonly clusters: readonly string[];
  readonly desired: ReadonlyMap<string, string>;
  readonly onBase: ReadonlyMap<string, string>;
  readonly target: RolloutPlan['target'];
}): Promise<GateDecision> {
  const { plan } = await readRolloutPlan({
    dir: options.dir,
    env: options.env,
    tokenSource: options.tokenSource,
    base: options.base,
    platform: options.platform,
    selects: options.selects,
    policy: options.rollout.policy,
    clusters: options.clusters,
    changing: changingClusters(options.clusters, options.desired, options.onBase),
    target: options.target,
    now: options.rollout.now,
    overrideFreeze: options.rollout.overrideFreeze,
    maxOpenPullRequests: options.rollout.maxOpenPullRequests,
  });
  return {
    plan,
    held: heldBack(plan),
    freezeOverride: plan.freeze !== null ? (plan.freezeOverride ?? undefined) : undefined,
  };
}

/**
 * Puts the wait note on every open pull request of a held cluster (and changes
 * nothing else on it: no push, so no tree of an unapplied revision reaches it).
 * Returns the pull requests whose body changed.
 */
export async function noteWaitingPullRequests(
  plan: RolloutPlan,
  platform: Platform,
  base: string,
  log: (line: string) => void,
): Promise<number[]> {
  const noted: number[] = [];
  for (const wave of plan.waves) {
    for (const cluster of wave.clusters) {
      if (cluster.pullRequest === null || cluster.wait === undefined) continue;
      const open = await platform.getPullRequest(cluster.pullRequest);
      const body = withWaitNote(open.body, wave.name, cluster.wait);
      if (open.state !== 'open') continue;
      if (body.length > platform.maxBodyLength) {
        log(
          `${open.branch}: the wait note does not fit in the body of pull request #${open.number}; left as it is`,
        );
        continue;
      }
      const result = await platform.ensurePullRequest({
        branch: open.branch,
        base,
        title: open.title,
        body,
        labels: open.labels,
        reviewers: [],
      });
      if (result.action === 'updated') noted.push(open.number);
    }
  }
  return noted;
}

export { hasWaitNote };
