/**
 * `rollback`: opens a pull request that reverts one published change with
 * `git revert`, on its own branch. The base branch is never rewritten or
 * force-pushed: the rollback lands when someone merges the pull request.
 */
import { CODEOWNERS_LOCATIONS } from '../workspace/conventions';
import * as fs from 'fs';
import * as path from 'path';
import { diffTrees } from '../diff/diff';
import { ChangeSet } from '../diff/model';
import { PushRejectedError, PushStaleError } from '../git/errors';
import { withRepositoryLock } from '../git/lock';
import { readTreeAtRef } from '../git/read-tree';
import { GitRepository } from '../git/repository';
import { Platform, PullRequest } from '../platform/types';
import { ForeignCommitError } from '../workspace/errors';
import { CommitIdentities, withDefaultIdentity } from '../workspace/identity';
import { sendCommit } from '../workspace/send-commit';
import { openWorkspace, workdirFor, WorkspaceOptions } from '../workspace/workspace';
import { isOwnedContent } from '../tree/ownership';
import { auditTrailers } from '../messages/commit';
import {
  CommitNotOnBaseError,
  NothingToRevertError,
  PullRequestNotMergedError,
  RevertConflictError,
} from './errors';
import { RevertedChange, rollbackBody, rollbackBranch, rollbackLabels, rollbackTitle } from './message';

/** What to roll back: a commit on the base branch, or a merged pull request. */
export type RollbackTarget = { readonly commit: string } | { readonly pullRequest: number };

/** Everything `rollback` needs, every flag already checked. */
export interface RollbackRequest {
  readonly workspace: WorkspaceOptions;
  readonly target: RollbackTarget;
  readonly identities: CommitIdentities;
  /** Recorded in the revert commit's trailers (Generated-By, CI-Run). */
  readonly audit: { readonly toolVersion: string; readonly ciUrl?: string };
  readonly platform: Platform;
  readonly log: (line: string) => void;
}

/** What `rollback` did. */
export interface RollbackOutcome {
  readonly branch: string;
  /** The commit that was reverted. */
  readonly reverted: string;
  /** The revert commit the branch holds. */
  readonly sha: string;
  readonly changes: ChangeSet;
  readonly pullRequest: PullRequest;
  readonly action: 'created' | 'updated' | 'unchanged';
  /** Whether this run pushed (false when the branch already held the same revert). */
  readonly pushed: boolean;
}

/**
 * Reverts the target on a fresh `gitops/rollback-<sha>` branch from the base, pushes
 * it with a lease and ensures its pull request. Holds the working copy's lock (the
 * same one publish holds), so a rollback and a publish never interleave.
 * @throws RevertConflictError `REVERT_CONFLICT` naming the files; the working copy is left clean.
 */
export async function rollback(request: RollbackRequest): Promise<RollbackOutcome> {
  const workdir = workdirFor(request.workspace);
  fs.mkdirSync(path.dirname(workdir), { recursive: true });
  return withRepositoryLock(workdir, async () => {
    const repo = await openWorkspace({ ...request.workspace, workdir });
    const base = request.workspace.base;
    const baseSha = await repo.fetchBase(base);
    const target = await resolveTarget(repo, request, baseSha);
    const branch = rollbackBranch(target.sha);
    await repo.checkoutBranch(branch, baseSha);
    await repo.clean();
    const parents = await repo.getParents(target.sha);
    const identities = await withDefaultIdentity(request.identities, repo);
    // CODEOWNERS holds the whole fleet's owners (every branch writes the same block): undoing
    // one cluster's change must not take the other clusters' owners away, so it stays as the base has it.
    const result = await repo.revert(target.sha, {
      mainline: parents.length > 1 ? 1 : undefined,
      ...identities,
      keep: CODEOWNERS_LOCATIONS,
      trailers: auditTrailers(request.audit),
    });
    if (result.status === 'conflict') {
      await repo.resetTo(baseSha);
      throw new RevertConflictError(target.sha, result.files);
    }
    if (result.status === 'empty') {
      throw new NothingToRevertError(target.sha, base);
    }
    const changes = await treeChanges(repo, baseSha, result.sha, request.workspace.env);
    const pushed = await pushBranch(repo, request, {
      branch,
      baseSha,
      sha: result.sha,
      reverted: target.sha,
    });
    // The body names the commit the branch holds, so a rerun that pushes nothing edits nothing.
    const change: RevertedChange = {
      sha: target.sha,
      subject: target.subject,
      pullRequest: target.pullRequest,
      revertSha: pushed.sha,
    };
    const ensured = await request.platform.ensurePullRequest({
      branch,
      base,
      title: rollbackTitle(change),
      body: rollbackBody(change, changes, request.platform.maxBodyLength),
      labels: rollbackLabels(changes),
      reviewers: [],
    });
    return {
      branch,
      reverted: target.sha,
      sha: pushed.sha,
      changes,
      pullRequest: ensured.pullRequest,
      action: ensured.action,
      pushed: pushed.pushed,
    };
  });
}

/** The commit to revert: `--commit` (which must be on the base) or the merge commit of `--pull-request`. */
async function resolveTarget(
  repo: GitRepository,
  request: RollbackRequest,
  baseSha: string,
): Promise<{ sha: string; subject: string; pullRequest?: number }> {
  let sha: string;
  let pullRequest: number | undefined;
  if ('commit' in request.target) {
    const commit = request.target.commit;
    sha = await repo.getSha(commit).catch(() => {
      throw new CommitNotOnBaseError(commit, request.workspace.base);
    });
  } else {
    pullRequest = request.target.pullRequest;
    const found = await request.platform.getPullRequest(pullRequest);
    if (found.state !== 'merged')
      throw new PullRequestNotMergedError(pullRequest, `is ${found.state}, not merged`);
    if (found.base !== request.workspace.base)
      throw new PullRequestNotMergedError(
        pullRequest,
        `was merged into '${found.base}', not the base branch '${request.workspace.base}'`,
      );
    if (found.mergeCommitSha === undefined)
      throw new PullRequestNotMergedError(
        pullRequest,
        'is merged, but the host does not say which commit the merge made',
      );
    sha = found.mergeCommitSha;
  }
  if (!(await repo.isCommitReachable(sha, baseSha))) {
    throw new CommitNotOnBaseError(
      'commit' in request.target ? request.target.commit : sha,
      request.workspace.base,
    );
  }
  return { sha, subject: (await repo.getCommit(sha)).subject, pullRequest };
}

/** The owned resources the revert changes, per cluster: the intents that will be out of step. */
async function treeChanges(
  repo: GitRepository,
  before: string,
  after: string,
  env: NodeJS.ProcessEnv,
): Promise<ChangeSet> {
  const owned = (tree: Map<string, string>) =>
    new Map([...tree].filter(([file, content]) => file.endsWith('.yaml') && isOwnedContent(content)));
  return diffTrees(
    owned(await readTreeAtRef(repo.dir, before, 'clusters', env)),
    owned(await readTreeAtRef(repo.dir, after, 'clusters', env)),
  );
}

/**
 * Pushes the revert with a lease. A branch left by an earlier run is replaced only
 * when it holds nothing but reverts of the same commit; one with the same files is kept.
 */
async function pushBranch(
  repo: GitRepository,
  request: RollbackRequest,
  revert: { branch: string; baseSha: string; sha: string; reverted: string },
): Promise<{ sha: string; pushed: boolean }> {
  const { branch, baseSha, sha, reverted } = revert;
  const remoteSha = await repo.findRemoteBranchSha(branch);
  if (remoteSha !== undefined) {
    await repo.fetchBase(branch);
    if ((await repo.getTreeSha(remoteSha)) === (await repo.getTreeSha(sha)))
      return { sha: remoteSha, pushed: false };
    const subject = (await repo.getCommit(sha)).subject;
    const commits = await repo.listCommits(baseSha, remoteSha);
    const foreign = commits.filter((commit) => commit.subject !== subject);
    if (foreign.length > 0) {
      throw new ForeignCommitError(
        branch,
        foreign.map((c) => `${c.sha.slice(0, 12)} ${c.subject} (${c.author})`),
      );
    }
  }
  const pushed = await sendCommit(repo, request.workspace.transport ?? 'git', request.platform, {
    branch,
    expectedSha: remoteSha ?? null,
    localSha: sha,
    parentSha: baseSha,
  });
  if (pushed.status === 'stale')
    throw new PushStaleError(
      branch,
      `the branch '${branch}' moved while rolling back ${reverted.slice(0, 12)} (${pushed.detail})`,
    );
  if (pushed.status === 'rejected') {
    request.log(`${branch}: the revert commit ${sha.slice(0, 12)} is kept in ${repo.dir}`);
    throw new PushRejectedError(branch, pushed.reason, pushed.detail);
  }
  await repo.verifyRemoteBranch(branch, pushed.sha);
  return { sha: pushed.sha, pushed: true };
}
