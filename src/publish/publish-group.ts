import * as fs from 'fs';
import * as path from 'path';
import { PushRejectedError, PushStaleError } from '../git/errors';
import { GitRepository } from '../git/repository';
import { ClusterIntent } from '../intents/model';
import { Provenance, TRAILER_KEYS } from '../messages';
import { Platform, PullRequest } from '../platform/types';
import { RetryClock, RetryPolicy, withRetry } from '../retry';
import { nodeTreeFs } from '../tree/fs';
import { discardRun, ensureJournalDir } from '../tree/journal';
import { readOwnedTree } from '../tree/read';
import { writeTree } from '../tree/write';
import { CodeownersChange, writeCodeowners } from './codeowners-file';
import { ForeignCommitError } from '../workspace/errors';
import { GroupContent, groupContent, groupTree } from './group-content';
import { GroupBy, PublishGroup } from './groups';
import { CommitIdentities } from '../workspace/identity';
import { hasWaitNote } from '../rollout/wait-note';
import { CommitTransport, sendCommit } from '../workspace/send-commit';

/** What one group's publish needs; shared by every group of a run. */
export interface GroupRun {
  readonly repo: GitRepository;
  readonly base: string;
  /** The desired tree of every selected cluster. */
  readonly tree: ReadonlyMap<string, string>;
  /** Every cluster of the intents (for CODEOWNERS and reviewers). */
  readonly clusters: readonly ClusterIntent[];
  readonly provenance: Provenance;
  readonly identities: CommitIdentities;
  readonly groupBy: GroupBy;
  readonly allowDeletions: boolean;
  readonly maxDeletionShare: number;
  /** Files the deletion guard should not count: operations that aged out (`--operation-retention`). */
  readonly expectedDeletions?: ReadonlySet<string>;
  /** Undefined in a dry run: nothing remote is touched. */
  readonly platform?: Platform;
  /** How the commit reaches the remote: git push (default), or the host's commit API (`--sign api`). */
  readonly transport?: CommitTransport;
  readonly maxBodyLength: number;
  readonly retry: RetryPolicy;
  readonly clock?: RetryClock;
  /** Progress lines for the user. */
  readonly log: (line: string) => void;
}

/** What became of one group. */
export type GroupOutcome =
  | { readonly status: 'up-to-date'; readonly group: PublishGroup; readonly pullRequest?: PullRequest }
  | {
      readonly status: 'dry-run';
      readonly group: PublishGroup;
      readonly content: GroupContent;
      readonly codeowners?: CodeownersChange;
    }
  | {
      readonly status: 'unchanged' | 'published';
      readonly group: PublishGroup;
      readonly sha: string;
      readonly content: GroupContent;
      readonly pullRequest: PullRequest;
      readonly action: 'created' | 'updated' | 'unchanged';
      readonly notes: readonly string[];
    };

/** Thrown inside an attempt when the remote moved under it; the attempt is redone on a fresh fetch. */
class StaleAttempt extends Error {
  public constructor(
    public readonly branch: string,
    public readonly detail: string,
  ) {
    super(detail);
  }
}

/**
 * Publishes one group: rebuilds its branch from the freshly fetched base, writes the
 * group's clusters, commits, pushes with a lease and ensures the pull request.
 * When the remote moves during the attempt (the base branch, or the bot branch under
 * the lease) the whole attempt is redone on the new base, with bounded jittered
 * backoff; a permanent rejection is not retried and the local commit is kept.
 */
export async function publishGroup(run: GroupRun, group: PublishGroup): Promise<GroupOutcome> {
  try {
    return await withRetry(
      () => attempt(run, group),
      (error) => ({ retry: error instanceof StaleAttempt }),
      run.retry,
      run.clock,
      (error, n, delayMs) =>
        run.log(
          `${group.branch}: ${(error as Error).message}; retrying on a fresh fetch in ${delayMs} ms (attempt ${n + 1} of ${run.retry.attempts})`,
        ),
    );
  } catch (error) {
    if (error instanceof StaleAttempt) {
      throw new PushStaleError(error.branch, `${error.detail}; gave up after ${run.retry.attempts} attempts`);
    }
    throw error;
  }
}

async function attempt(run: GroupRun, group: PublishGroup): Promise<GroupOutcome> {
  const { repo } = run;
  const baseSha = await repo.fetchBase(run.base);
  await startFromBase(repo, group.branch, baseSha);
  const inGroup = (id: string): boolean => group.clusters.includes(id);
  const before = (await readOwnedTree(repo.dir, { clusters: inGroup })).files;
  const desired = groupTree(run.tree, group);
  await writeTree(repo.dir, desired, {
    allowDeletions: run.allowDeletions,
    maxDeletionShare: run.maxDeletionShare,
    clusters: inGroup,
    expectedDeletions: run.expectedDeletions,
  });
  await repo.stageAll(groupPaths(repo.dir, group, before));
  const codeowners = writeCodeowners(repo.dir, group, run.clusters, await repo.hasStagedChanges());
  if (codeowners !== undefined) await repo.stageAll([codeowners.path]);
  if (!(await repo.hasStagedChanges())) {
    return { status: 'up-to-date', group, pullRequest: await run.platform?.findPullRequest(group.branch) };
  }
  const content = groupContent(group, before, desired, run.clusters, {
    ...run.provenance,
    groupBy: run.groupBy,
    maxBodyLength: run.maxBodyLength,
  });
  if (run.platform === undefined) {
    await repo.resetTo(baseSha);
    return { status: 'dry-run', group, content, codeowners };
  }
  const sha = await repo.commit({ message: content.commitMessage, ...run.identities });
  const remoteSha = await repo.findRemoteBranchSha(group.branch);
  if (remoteSha !== undefined) {
    await repo.fetchBase(group.branch);
    await assertOnlyOwnCommits(repo, group.branch, baseSha, remoteSha);
    if ((await repo.getTreeSha(remoteSha)) === (await repo.getTreeSha(sha))) {
      // The branch already holds exactly this content: push nothing.
      return finishGroup(run, group, content, remoteSha, 'unchanged');
    }
  }
  const pushed = await sendCommit(repo, run.transport ?? 'git', run.platform, {
    branch: group.branch,
    expectedSha: remoteSha ?? null,
    localSha: sha,
    parentSha: baseSha,
  });
  if (pushed.status === 'stale') {
    throw new StaleAttempt(
      group.branch,
      `the branch '${group.branch}' moved while publishing (${pushed.detail})`,
    );
  }
  if (
    pushed.status === 'rejected' &&
    pushed.reason === 'other' &&
    (await repo.findRemoteBranchSha(group.branch)) !== remoteSha
  ) {
    // An unrecognised refusal while the branch changed under us is a lost race (two
    // pushes at once: receive-pack "cannot lock ref ... reference already exists"),
    // not a refusal for good: redo the attempt, which then sees the other commit.
    throw new StaleAttempt(
      group.branch,
      `the branch '${group.branch}' moved while publishing (${pushed.detail.split('\n')[0]})`,
    );
  }
  if (pushed.status === 'rejected') {
    run.log(`${group.branch}: the commit ${sha.slice(0, 12)} is kept in ${repo.dir}`);
    throw new PushRejectedError(group.branch, pushed.reason, pushed.detail);
  }
  await repo.verifyRemoteBranch(group.branch, pushed.sha);
  // Checked after the push, not before: the base can move at any moment up to the
  // push itself, and only a check that follows it sees every such move. The pushed
  // branch is then rebuilt on the new base by the next attempt (its lease is the
  // commit just pushed, which carries the tool's trailer).
  await assertBaseUnmoved(repo, run.base, baseSha);
  return finishGroup(run, group, content, pushed.sha, 'published');
}

/**
 * Puts the group's branch at `baseSha` with a pristine working tree, whatever a run
 * killed earlier left behind: the journal of an interrupted tree write is dropped (git
 * holds the truth here; rolling it back would restore bytes of another checkout into
 * this one), the branch is checked out with force so that leftovers cannot block it,
 * and untracked leftovers are removed.
 */
export async function startFromBase(repo: GitRepository, branch: string, baseSha: string): Promise<void> {
  await discardRun(nodeTreeFs, await ensureJournalDir(nodeTreeFs, repo.dir));
  await repo.checkoutBranch(branch, baseSha, { force: true });
  await repo.clean();
}

/**
 * What the group's commit may contain: its clusters' directories (those that exist in
 * the tree or did on the base) and the CODEOWNERS file. Anything else that changed in
 * the working copy is never committed on a group's branch.
 */
function groupPaths(root: string, group: PublishGroup, before: ReadonlyMap<string, string>): string[] {
  const hadFiles = new Set([...before.keys()].map((file) => file.split('/')[1]));
  return group.clusters
    .filter((id) => hadFiles.has(id) || fs.existsSync(path.join(root, 'clusters', id)))
    .map((id) => `clusters/${id}`);
}

/** Throws {@link StaleAttempt} when origin's base branch no longer holds `baseSha`. */
async function assertBaseUnmoved(repo: GitRepository, base: string, baseSha: string): Promise<void> {
  const baseNow = await repo.findRemoteBranchSha(base);
  if (baseNow !== baseSha) {
    throw new StaleAttempt(
      base,
      `the base branch '${base}' moved from ${baseSha.slice(0, 12)} to ${baseNow?.slice(0, 12) ?? 'nothing'}`,
    );
  }
}

export async function finishGroup(
  run: GroupRun,
  group: PublishGroup,
  content: GroupContent,
  sha: string,
  status: 'published' | 'unchanged',
): Promise<GroupOutcome> {
  if (status === 'unchanged') {
    // The branch already holds this content, so its open pull request already describes
    // it: edit nothing (the body names the fleet-wide intents digest, which changes
    // whenever any cluster's intents change). Only a missing pull request is opened, and a
    // rollout's wait note removed (its wave now goes ahead).
    const open = await run.platform!.findPullRequest(group.branch);
    if (open !== undefined && !hasWaitNote(open.body)) {
      return { status, group, sha, content, pullRequest: open, action: 'unchanged', notes: [] };
    }
  }
  const ensured = await run.platform!.ensurePullRequest({
    branch: group.branch,
    base: run.base,
    title: content.title,
    body: content.body,
    labels: content.labels,
    reviewers: content.reviewers,
  });
  return {
    status,
    group,
    sha,
    content,
    pullRequest: ensured.pullRequest,
    action: ensured.action,
    notes: ensured.notes,
  };
}

/**
 * The bot branch is the tool's own: every commit on it (beyond the base) must carry
 * the Generated-By trailer. A commit someone else pushed there is never overwritten.
 */
async function assertOnlyOwnCommits(
  repo: GitRepository,
  branch: string,
  baseSha: string,
  remoteSha: string,
): Promise<void> {
  const commits = await repo.listCommits(baseSha, remoteSha);
  const foreign = commits.filter(
    (commit) =>
      !commit.trailers.some((t) => t.key === TRAILER_KEYS.generatedBy && t.value.startsWith('gitops-synth')),
  );
  if (foreign.length > 0) {
    throw new ForeignCommitError(
      branch,
      foreign.map((c) => `${c.sha.slice(0, 12)} ${c.subject} (${c.author})`),
    );
  }
}
