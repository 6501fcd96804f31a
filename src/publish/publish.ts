import * as fs from 'fs';
import * as path from 'path';
import { withRepositoryLock } from '../git/lock';
import { ClusterIntent } from '../intents/model';
import { GITHUB_BODY_MAX_LENGTH } from '../messages';
import { Rendered } from '../pipeline/render';
import { Platform } from '../platform/types';
import { RetryClock, RetryPolicy } from '../retry';
import { OwnedTree, readOwnedTree } from '../tree/read';
import { finishGroup, GroupOutcome, GroupRun, publishGroup, startFromBase } from './publish-group';
import { pushInBatches, wantsBatch } from './batch';
import { GroupBy, PublishGroup, publishGroups } from './groups';
import {
  ApiPacer,
  DEFAULT_MAX_OPEN_PULL_REQUESTS,
  RunDeferred,
  withPullRequestCap,
  WRITES_PER_PULL_REQUEST,
} from '../platform/pacing';
import { gatePublish, GateDecision, noteWaitingPullRequests, RolloutRun } from '../rollout/publish-gate';
import { RolloutPlan } from '../rollout/plan';
import { CommitIdentities, withDefaultIdentity } from '../workspace/identity';
import { GitRepository } from '../git/repository';
import {
  ensureCheckoutPaths,
  listBase,
  openWorkspace,
  sparseCheckoutPaths,
  workdirFor,
  WorkspaceOptions,
} from '../workspace/workspace';

/** Everything `publish` needs, with every flag already checked. */
export interface PublishRequest {
  readonly workspace: WorkspaceOptions;
  /** The intents rendered for the selected clusters. */
  readonly rendered: Rendered;
  /** Every cluster the intents name (CODEOWNERS, reviewers). */
  readonly allClusters: readonly ClusterIntent[];
  /** Whether a cluster id is selected (`--clusters`, `--shard`). */
  readonly selects: (clusterId: string) => boolean;
  readonly groupBy: GroupBy;
  /** Appended to the fleet branch name when sharded, so shards never share a branch. */
  readonly shardSuffix: string;
  readonly identities: CommitIdentities;
  readonly intentsRevision?: string;
  readonly toolVersion: string;
  /** The CI run's URL, recorded in a CI-Run trailer (see `ciRunUrl`). */
  readonly ciUrl?: string;
  readonly allowDeletions: boolean;
  readonly maxDeletionShare: number;
  /** Undefined for a dry run. */
  readonly platform?: Platform;
  readonly retry?: RetryPolicy;
  readonly clock?: RetryClock;
  readonly log: (line: string) => void;
  /** Called after each pull request's clusters are done, with clusters done and in all. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Partial clone and sparse checkout of the selected clusters only. Default: on when
   * the selection leaves out a cluster of the intents (`--clusters`, `--shard`), so a
   * CI job for one cluster never checks out the whole fleet; off for the whole fleet.
   */
  readonly sparse?: boolean;
  /** The config file's rollout policy (docs/rollout.md); undefined: every selected cluster is published. */
  readonly rollout?: RolloutRun;
  /** Counts and paces the platform's requests (the same pacer the platform's fetch was wrapped with). */
  readonly pacer?: ApiPacer;
  /** New pull requests this run may open (`--max-open-pull-requests` less those open); default 900. */
  readonly maxOpenPullRequests?: number;
  /**
   * False: every pull request takes the per-group path (a fetch, a checkout and a push
   * each), as publish ran before the batch path; the benchmark's baseline. Default: the
   * batch path for runs of 10 or more clusters (src/publish/batch.ts).
   */
  readonly batch?: boolean;
}

/** What one publish run did, held back and deferred. */
export interface PublishResult {
  readonly outcomes: GroupOutcome[];
  /** The rollout plan the run followed (undefined without a rollout policy or in a dry run). */
  readonly rollout?: RolloutPlan;
  /** Pull requests of waiting waves whose body now says why they wait. */
  readonly noted: readonly number[];
  /** Groups left for the next run, and why. */
  readonly deferred?: { readonly reason: string; readonly groups: readonly PublishGroup[] };
}

/** The default budget for a group whose remote keeps moving: 5 attempts over about a minute. */
export const DEFAULT_PUBLISH_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 2000, maxDelayMs: 30000 };

/**
 * Publishes the rendered intents: one pull request per cluster (or one for the fleet),
 * each on its own deterministic branch. Holds the working copy's lock for the whole
 * run, so two runs on one machine never interleave their commits.
 */
export async function publish(request: PublishRequest): Promise<GroupOutcome[]> {
  return (await publishRun(request)).outcomes;
}

/**
 * {@link publish}, with the rollout gate and the run's budgets: clusters of waves that
 * wait are left alone (their open pull requests get a note saying why), and a run that
 * reaches a budget or a host limit stops between groups and reports what it deferred.
 */
export async function publishRun(request: PublishRequest): Promise<PublishResult> {
  const workdir = workdirFor(request.workspace);
  // The lock file sits beside the working copy, so its parent must exist first.
  fs.mkdirSync(path.dirname(workdir), { recursive: true });
  return withRepositoryLock(workdir, async () => {
    // The digest (a second or more at fleet scale) is worked out between git's steps, while git clones and fetches.
    const digesting = request.rendered.digestInSlices?.() ?? Promise.resolve(request.rendered.digest);
    const sparse = request.sparse ?? request.rendered.fleet.clusters.length < request.allClusters.length;
    const repo = await openWorkspace({ ...request.workspace, workdir, sparsePaths: sparse ? [] : undefined });
    const baseSha = await repo.fetchBase(request.workspace.base);
    // A run killed mid-way may have left files behind: reset before anything else checks out.
    await startFromBase(repo, 'gitops-synth/base', baseSha);
    await checkOutSelection(repo, request, sparse);
    const onBase = await readOwnedTree(repo.dir, { clusters: request.selects });
    const present = [...onBase.files.keys()].map((path) => path.split('/')[1]);
    const wanted = request.rendered.fleet.clusters.map((cluster) => cluster.id);
    const ids = [...new Set([...wanted, ...present])].filter(request.selects);
    const gate = await gateOf(request, repo.dir, ids, onBase.files, digesting);
    const groups = publishGroups(
      ids.filter((id) => !gate?.held.has(id)),
      request.groupBy,
      request.shardSuffix,
    );
    const outcomes: GroupOutcome[] = [];
    const run: GroupRun = {
      repo,
      base: request.workspace.base,
      tree: request.rendered.tree,
      clusters: request.allClusters,
      provenance: {
        intentsDigest: await digesting,
        intentsRevision: request.intentsRevision,
        toolVersion: request.toolVersion,
        freezeOverride: gate?.freezeOverride,
        ciUrl: request.ciUrl,
      },
      // Asked once per run: the working copy's configuration does not change between groups.
      identities: await withDefaultIdentity(request.identities, repo),
      groupBy: request.groupBy,
      allowDeletions: request.allowDeletions,
      maxDeletionShare: request.maxDeletionShare,
      expectedDeletions: new Set(request.rendered.expiredOperations),
      platform: cappedPlatform(request, gate, groups.length),
      transport: request.workspace.transport ?? 'git',
      maxBodyLength: request.platform?.maxBodyLength ?? GITHUB_BODY_MAX_LENGTH,
      retry: request.retry ?? DEFAULT_PUBLISH_RETRY,
      clock: request.clock,
      log: request.log,
    };
    const clusterCount = groups.reduce((sum, group) => sum + group.clusters.length, 0);
    let clustersDone = 0;
    // The working copy is ready: the progress clock starts here, not at loading.
    request.onProgress?.(0, clusterCount);
    const noted =
      gate === undefined || request.platform === undefined
        ? []
        : await noteWaitingPullRequests(gate.plan, request.platform, request.workspace.base, request.log);
    const tasks = await groupTasks(run, groups, onBase, baseSha, request);
    for (const [index, { group, task }] of tasks.entries()) {
      try {
        if ((request.pacer?.writesLeft() ?? Infinity) < WRITES_PER_PULL_REQUEST) {
          // Not started at all rather than left half done: a group's pull request takes up to three writes.
          throw new RunDeferred(`the run's API write budget is spent (--max-api-writes)`);
        }
        outcomes.push(await task());
      } catch (error) {
        const deferred = error instanceof RunDeferred ? error : request.pacer?.deferredBy(error);
        if (deferred === undefined) throw error;
        request.log(
          `stopping: ${deferred.reason}; ${tasks.length - index} pull request(s) deferred to the next run`,
        );
        return {
          outcomes,
          rollout: gate?.plan,
          noted,
          deferred: { reason: deferred.reason, groups: tasks.slice(index).map((t) => t.group) },
        };
      }
      clustersDone += group.clusters.length;
      request.onProgress?.(clustersDone, clusterCount);
    }
    return { outcomes, rollout: gate?.plan, noted };
  });
}

/**
 * Each group's work, in order: a large run builds and pushes its branches in
 * batches first (src/publish/batch.ts), then ensures each pull request; the rest,
 * and every group the batch hands back, go through the per-group path.
 */
async function groupTasks(
  run: GroupRun,
  groups: readonly PublishGroup[],
  onBase: OwnedTree,
  baseSha: string,
  { log, batch: batchPath }: Pick<PublishRequest, 'log' | 'batch'>,
): Promise<Array<{ group: PublishGroup; task: () => Promise<GroupOutcome> }>> {
  if (batchPath === false || !(await wantsBatch(run, groups)))
    return groups.map((group) => ({ group, task: () => publishGroup(run, group) }));
  const batch = await pushInBatches(run, groups, onBase, baseSha);
  log(
    `pushed ${batch.prepared.filter((p) => p.status === 'published').length} branches in ${batch.pushes} git push(es)`,
  );
  const order = new Map(groups.map((group, index) => [group.branch, index]));
  const tasks = [
    ...batch.prepared.map((ready) => ({
      group: ready.group,
      task: async (): Promise<GroupOutcome> =>
        ready.status === 'up-to-date'
          ? {
              status: 'up-to-date',
              group: ready.group,
              pullRequest: await run.platform?.findPullRequest(ready.group.branch),
            }
          : finishGroup(run, ready.group, ready.content, ready.sha, ready.status),
    })),
    ...batch.fallback.map((group) => ({ group, task: () => publishGroup(run, group) })),
  ];
  return tasks.sort((a, b) => order.get(a.group.branch)! - order.get(b.group.branch)!);
}

/** The rollout gate's decision, when a policy applies and the host can be asked (not in a dry run). */
async function gateOf(
  request: PublishRequest,
  dir: string,
  ids: readonly string[],
  onBase: ReadonlyMap<string, string>,
  digesting: Promise<string>,
): Promise<GateDecision | undefined> {
  if (request.rollout === undefined || request.platform === undefined) return undefined;
  return gatePublish({
    rollout: request.rollout,
    dir,
    env: request.workspace.env,
    tokenSource: request.workspace.tokenSource,
    base: request.workspace.base,
    platform: request.platform,
    selects: request.selects,
    clusters: ids,
    desired: request.rendered.tree,
    onBase,
    target:
      request.intentsRevision === undefined
        ? { trailer: 'Intents-Digest', value: await digesting }
        : { trailer: 'Intents-Revision', value: request.intentsRevision },
  });
}

/**
 * The platform, opening no more new pull requests than the cap leaves (the open ones
 * counted from the host when the gate polled it). Wrapped only when this run's groups
 * could reach the cap: the check costs a lookup per pull request.
 */
function cappedPlatform(request: PublishRequest, gate: GateDecision | undefined, groups: number) {
  const max = request.maxOpenPullRequests ?? DEFAULT_MAX_OPEN_PULL_REQUESTS;
  const left = max - (gate?.plan.openPullRequests ?? 0);
  if (request.platform === undefined || groups <= left) return request.platform;
  return withPullRequestCap(request.platform, left, max);
}
/**
 * Sets what the working copy checks out before anything is read: everything, or
 * (sparse) the selected clusters that the intents name or the base still has, plus
 * the CODEOWNERS file's directory; listed from the base's trees, so nothing else is
 * fetched.
 */
async function checkOutSelection(
  repo: GitRepository,
  request: PublishRequest,
  sparse: boolean,
): Promise<void> {
  if (!sparse) {
    await ensureCheckoutPaths(repo, request.workspace, undefined);
    return;
  }
  const listing = await listBase(repo, request.workspace, `refs/remotes/origin/${request.workspace.base}`);
  const paths = sparseCheckoutPaths({
    intentClusters: request.rendered.fleet.clusters.map((cluster) => cluster.id),
    baseClusters: listing.clusters,
    selects: request.selects,
    baseCodeowners: listing.codeowners,
  });
  await ensureCheckoutPaths(repo, request.workspace, paths);
}
