import * as fs from 'fs';
import * as path from 'path';
import { withRepositoryLock } from '../git/lock';
import { ClusterIntent } from '../intents/model';
import { GITHUB_BODY_MAX_LENGTH } from '../messages';
import { Rendered } from '../pipeline/render';
import { Platform } from '../platform/types';
import { RetryClock, RetryPolicy } from '../retry';
import { readOwnedTree } from '../tree/read';
import { GroupOutcome, GroupRun, publishGroup, startFromBase } from './publish-group';
import { GroupBy, publishGroups } from './groups';
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
}

/** The default budget for a group whose remote keeps moving: 5 attempts over about a minute. */
export const DEFAULT_PUBLISH_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 2000, maxDelayMs: 30000 };

/**
 * Publishes the rendered intents: one pull request per cluster (or one for the fleet),
 * each on its own deterministic branch. Holds the working copy's lock for the whole
 * run, so two runs on one machine never interleave their commits.
 */
export async function publish(request: PublishRequest): Promise<GroupOutcome[]> {
  const workdir = workdirFor(request.workspace);
  // The lock file sits beside the working copy, so its parent must exist first.
  fs.mkdirSync(path.dirname(workdir), { recursive: true });
  return withRepositoryLock(workdir, async () => {
    const sparse = request.sparse ?? request.rendered.fleet.clusters.length < request.allClusters.length;
    const repo = await openWorkspace({ ...request.workspace, workdir, sparsePaths: sparse ? [] : undefined });
    const baseSha = await repo.fetchBase(request.workspace.base);
    // A run killed mid-way may have left files behind: reset before anything else checks out.
    await startFromBase(repo, 'gitops-synth/base', baseSha);
    await checkOutSelection(repo, request, sparse);
    const onBase = await readOwnedTree(repo.dir, { clusters: request.selects });
    const present = [...onBase.files.keys()].map((path) => path.split('/')[1]);
    const wanted = request.rendered.fleet.clusters.map((cluster) => cluster.id);
    const groups = publishGroups(
      [...wanted, ...present].filter(request.selects),
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
        intentsDigest: request.rendered.digest,
        intentsRevision: request.intentsRevision,
        toolVersion: request.toolVersion,
        ciUrl: request.ciUrl,
      },
      // Asked once per run: the working copy's configuration does not change between groups.
      identities: await withDefaultIdentity(request.identities, repo),
      groupBy: request.groupBy,
      allowDeletions: request.allowDeletions,
      maxDeletionShare: request.maxDeletionShare,
      expectedDeletions: new Set(request.rendered.expiredOperations),
      platform: request.platform,
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
    for (const group of groups) {
      outcomes.push(await publishGroup(run, group));
      clustersDone += group.clusters.length;
      request.onProgress?.(clustersDone, clusterCount);
    }
    return outcomes;
  });
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
