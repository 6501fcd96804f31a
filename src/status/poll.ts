/**
 * One full poll: read the base branch with git, then ask the host for the open
 * pull requests and for the commit statuses on the commits that matter. `status`
 * runs it once; `status serve` runs it at start (so a restart recovers its state)
 * and again after pushes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { withRepositoryLock } from '../git/lock';
import { GitRepository } from '../git/repository';
import { clusterLabel } from '../messages/pull-request';
import { BRANCH_PREFIX } from '../workspace/conventions';
import { openWorkspace, workdirFor, WorkspaceOptions } from '../workspace/workspace';
import { Platform } from '../platform/types';
import type { TokenSource } from '../contract/token-source';
import { BaseHistory, readBaseHistory } from './history';
import { ClusterPullRequest } from './model';
import { reportableCommits } from './derive';
import { StatusStore } from './status-store';

/** publish's fleet branch (`--group-by fleet`): its pull request is matched to clusters by their `cluster:<id>` labels. */
const FLEET_BRANCH = /^fleet(-shard-\d+-of-\d+)?$/;

/** Where the GitOps repository's history is read from. */
export type GitSource =
  /** publish's working copy (cloned or reused under its lock), fetched from the remote. */
  | { readonly kind: 'workspace'; readonly workspace: WorkspaceOptions }
  /** An existing clone (`--root`): fetched from its origin when it has one, else read as it is. */
  | {
      readonly kind: 'root';
      readonly dir: string;
      readonly env: NodeJS.ProcessEnv;
      /** A GitHub App's installation tokens, for fetching when there is no GITOPS_TOKEN. */
      readonly tokenSource?: TokenSource;
    };

/** What one poll needs. */
export interface PollRequest {
  readonly git: GitSource;
  readonly base: string;
  readonly maxCommits: number;
  readonly platform: Platform;
  readonly selects: (clusterId: string) => boolean;
  /** Statuses found are recorded here (newest per commit and context wins). */
  readonly statuses: StatusStore;
  /** Parallel API calls (default 4). */
  readonly concurrency?: number;
}

/** What one poll found. */
export interface PollResult {
  readonly history: BaseHistory;
  readonly pullRequests: Map<string, ClusterPullRequest>;
  /** Every cluster Git knows (on the base branch or a gitops/<id> branch), selected or not. */
  readonly clusters: readonly string[];
}

/** Reads git, then the host: pull requests, and statuses on every commit a selected cluster's report may be on. */
export async function poll(request: PollRequest): Promise<PollResult> {
  const { history, branches } = await readGit(request.git, request.base, request.maxCommits);
  const limit = request.concurrency ?? 4;
  const fromBranches = [...branches.keys()]
    .map((b) => b.slice(BRANCH_PREFIX.length))
    .filter((id) => !FLEET_BRANCH.test(id));
  const clusters = [...new Set([...history.clusters, ...fromBranches])].sort();
  const candidates = clusters.filter(request.selects);
  const pullRequests = new Map<string, ClusterPullRequest>();
  await mapLimit(
    candidates.filter((id) => branches.has(`${BRANCH_PREFIX}${id}`)),
    limit,
    async (id) => {
      const pull = await request.platform.findPullRequest(`${BRANCH_PREFIX}${id}`);
      if (pull !== undefined && pull.state === 'open' && pull.base === request.base) {
        pullRequests.set(id, { number: pull.number, url: pull.url, branch: pull.branch, title: pull.title });
      }
    },
  );
  await matchFleetPullRequests(
    request,
    [...branches.keys()].filter((b) => FLEET_BRANCH.test(b.slice(BRANCH_PREFIX.length))),
    candidates,
    pullRequests,
  );
  // Every commit of the window: delivery metrics read older changes' reports too (the same calls `--max-commits` bounds).
  const commits = new Set<string>(history.firstParents);
  for (const id of candidates) {
    const change = history.changes.get(id);
    if (change !== undefined)
      reportableCommits(history.firstParents, change.mergeSha).forEach((sha) => commits.add(sha));
  }
  await mapLimit([...commits], limit, async (sha) => {
    request.statuses.recordListing(sha, await request.platform.listCommitStatuses(sha));
  });
  return { history, pullRequests, clusters };
}

/**
 * A fleet pull request (`--group-by fleet`) covers every cluster it labels
 * `cluster:<id>`; those clusters are pending review unless their own branch has one.
 */
async function matchFleetPullRequests(
  request: PollRequest,
  fleetBranches: readonly string[],
  candidates: readonly string[],
  found: Map<string, ClusterPullRequest>,
): Promise<void> {
  for (const branch of fleetBranches) {
    const pull = await request.platform.findPullRequest(branch);
    if (pull === undefined || pull.state !== 'open' || pull.base !== request.base) continue;
    const labelled = new Set(pull.labels);
    const named = pull.labels
      .filter((label) => label.startsWith('cluster:'))
      .map((label) => label.slice('cluster:'.length));
    for (const id of new Set([
      ...candidates.filter((c) => labelled.has(clusterLabel(c))),
      ...named.filter(request.selects),
    ])) {
      if (!found.has(id))
        found.set(id, { number: pull.number, url: pull.url, branch: pull.branch, title: pull.title });
    }
  }
}

async function readGit(
  source: GitSource,
  base: string,
  maxCommits: number,
): Promise<{ history: BaseHistory; branches: Map<string, string> }> {
  if (source.kind === 'root') {
    const repo = await GitRepository.open({
      dir: source.dir,
      env: source.env,
      tokenSource: source.tokenSource,
    });
    return readFetched(repo, base, maxCommits, (await repo.getOriginUrl()) !== undefined);
  }
  const workdir = workdirFor(source.workspace);
  // The lock file sits beside the working copy, so its parent must exist first.
  fs.mkdirSync(path.dirname(workdir), { recursive: true });
  return withRepositoryLock(workdir, async () =>
    readFetched(await openWorkspace({ ...source.workspace, workdir }), base, maxCommits, true),
  );
}

async function readFetched(
  repo: GitRepository,
  base: string,
  maxCommits: number,
  remote: boolean,
): Promise<{ history: BaseHistory; branches: Map<string, string> }> {
  if (remote) await repo.fetchBase(base);
  const history = await readBaseHistory(repo, {
    branch: base,
    ref: remote ? `refs/remotes/origin/${base}` : base,
    maxCommits,
  });
  const branches = remote ? await repo.listRemoteBranches(BRANCH_PREFIX) : new Map<string, string>();
  return { history, branches };
}

/** Runs `action` over `items` with at most `limit` running at once; the first failure rejects. */
export async function mapLimit<T>(
  items: readonly T[],
  limit: number,
  action: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      await action(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
