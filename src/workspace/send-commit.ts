/**
 * Puts a commit made in the working copy on the remote branch, one of two ways:
 * - `git`: push it with a lease (`--force-with-lease`), as it is (signed locally, or not);
 * - `api` (`--sign api`, GitHub): send its file changes to the host, which makes and
 *   signs an equal commit on the same parent, and moves the branch behind the same
 *   lease. The host's commit is then fetched, its tree checked against the local one,
 *   and the local branch moved to it, so the working copy holds what the remote holds.
 * Either way the result reads like a push: `pushed` (with the SHA the branch now holds),
 * `stale` (someone moved the branch: rebuild and retry) or `rejected`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GitopsSynthError } from '../errors';
import type { GitRepository } from '../git/repository';
import type { PushResult } from '../git/push-result';
import type { ApiFileChange, Platform } from '../platform/types';

/** How commits reach the remote: git push, or the host's commit API. */
export type CommitTransport = 'git' | 'api';

/** One commit to put on one branch. */
export interface SendRequest {
  readonly branch: string;
  /** What the remote branch must hold now; null: it must not exist. */
  readonly expectedSha: string | null;
  /** The local commit (its only parent is `parentSha`). */
  readonly localSha: string;
  readonly parentSha: string;
  /** Refuse to replace a commit `localSha` does not descend from (git transport only). */
  readonly fastForwardOnly?: boolean;
}

/** What {@link sendCommit} did; `sha` is what the branch holds after a push. */
export type SendResult =
  Exclude<PushResult, { status: 'pushed' }> | { readonly status: 'pushed'; readonly sha: string };

/** Sends `request.localSha` to the remote branch by `transport`. */
export async function sendCommit(
  repo: GitRepository,
  transport: CommitTransport,
  platform: Platform | undefined,
  request: SendRequest,
): Promise<SendResult> {
  if (transport === 'git') {
    const pushed = await repo.pushWithLease(request);
    return pushed.status === 'pushed' ? { status: 'pushed', sha: request.localSha } : pushed;
  }
  if (platform?.createCommitOnBranch === undefined) {
    throw new GitopsSynthError(
      'INVALID_FLAG',
      `--sign api: ${platform?.name ?? 'this host'} has no commit API`,
      {
        hint: 'use --sign ssh or --sign gpg',
      },
    );
  }
  const changes = await apiChanges(repo, request);
  let sha: string;
  try {
    sha = await platform.createCommitOnBranch({
      branch: request.branch,
      parentSha: request.parentSha,
      expectedSha: request.expectedSha,
      message: await repo.getMessage(request.localSha),
      changes,
    });
  } catch (error) {
    const now = await repo.findRemoteBranchSha(request.branch);
    // The host refused the lease (or failed) while someone moved the branch: a lost race, not a refusal.
    if (now !== (request.expectedSha ?? undefined)) {
      return {
        status: 'stale',
        detail: `the host's commit API refused the branch update; it now holds ${now ?? 'nothing'}`,
      };
    }
    throw error;
  }
  await adoptRemoteCommit(repo, request, sha);
  return { status: 'pushed', sha };
}

/** The local commit's file changes, read from the working tree (which holds the commit). */
async function apiChanges(repo: GitRepository, request: SendRequest): Promise<ApiFileChange[]> {
  const parents = await repo.getParents(request.localSha);
  if (
    parents.length !== 1 ||
    parents[0] !== request.parentSha ||
    (await repo.getSha('HEAD')) !== request.localSha
  ) {
    throw new GitopsSynthError(
      'API_COMMIT_MISMATCH',
      `--sign api: ${request.localSha} is not one commit on ${request.parentSha} checked out`,
      {
        source: 'internal',
      },
    );
  }
  const files = await repo.changedFiles(request.parentSha, request.localSha);
  const special = files.filter((file) => file.status !== 'D' && file.mode !== '100644');
  if (special.length > 0) {
    throw new GitopsSynthError(
      'API_COMMIT_MISMATCH',
      `--sign api: the host's commit API writes regular files only; ${special.map((f) => `${f.path} (mode ${f.mode})`).join(', ')} would change`,
      { hint: 'publish with --sign ssh or --sign gpg, which push the commit as git made it' },
    );
  }
  return files.map((file) => ({
    path: file.path,
    contents: file.status === 'D' ? null : fs.readFileSync(path.join(repo.dir, file.path)),
  }));
}

/**
 * Fetches the host's commit, checks that it holds exactly the local commit's tree, and
 * moves the local branch to it (so the next run, and this one's checks, see the remote).
 */
async function adoptRemoteCommit(repo: GitRepository, request: SendRequest, sha: string): Promise<void> {
  const fetched = await repo.fetchBase(request.branch);
  if (fetched !== sha) {
    throw new GitopsSynthError(
      'API_COMMIT_MISMATCH',
      `--sign api: '${request.branch}' holds ${fetched} right after the host made ${sha} on it`,
      { source: 'external', hint: 'another writer moved the branch; inspect it before publishing again' },
    );
  }
  if ((await repo.getTreeSha(sha)) !== (await repo.getTreeSha(request.localSha))) {
    throw new GitopsSynthError(
      'API_COMMIT_MISMATCH',
      `--sign api: the host's commit ${sha} on '${request.branch}' does not hold the tree of the local commit ${request.localSha}`,
      { source: 'external', hint: `the local commit is kept in ${repo.dir}; compare the two with git diff` },
    );
  }
  await repo.checkoutBranch(request.branch, sha, { force: true });
}
