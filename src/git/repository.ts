/**
 * A working copy of the GitOps repository and the operations publishing needs.
 * Every method runs git through `runner.ts`; every failure is a {@link GitCommandError}
 * (or a more specific error) whose text has been redacted.
 */
import { resolve } from 'node:path';
import { checkBranchName, checkRevision, checkSha, normalizeRepoPath } from './arguments';
import { changedFiles, type ChangedFile } from './changed-files';
import { commitStaged, type CommitPolicy, type CommitRequest } from './commit';
import {
  getCommit,
  getMessage,
  listCommits,
  logCommits,
  type CommitInfo,
  type LogRequest,
  type LoggedCommit,
} from './commit-log';
import { createGitRunContext, type GitEnvironmentOptions } from './context';
import { loadGitCredentials } from './credentials';
import { GitCommandError, RemoteBranchMismatchError } from './errors';
import { hasConfiguredIdentity, type IdentityRole } from './identity';
import { isAncestor, pushWithLease, type PushRequest } from './push';
import type { PushResult } from './push-result';
import { gitRemote } from './remote';
import { hasStagedChanges, revertCommit, type RevertOptions, type RevertResult } from './revert';
import { runGit, type GitRunContext } from './runner';

export type { ChangedFile } from './changed-files';
export type { CommitRequest } from './commit';
export type { CommitInfo, LoggedCommit, LogRequest } from './commit-log';
export type { PushRequest } from './push';
export type { RevertOptions, RevertResult } from './revert';

/** Where the working copy is, and the environment to run git with. */
export interface GitRepositoryOptions extends GitEnvironmentOptions {
  readonly dir: string;
}

/** A git working copy with an `origin` remote. */
export class GitRepository {
  /** The working copy's absolute path. */
  public readonly dir: string;
  private readonly context: GitRunContext;
  /** How every commit this working copy makes is signed and signed off. */
  private readonly policy: CommitPolicy;

  private constructor(dir: string, context: GitRunContext, policy: CommitPolicy) {
    this.dir = dir;
    this.context = context;
    this.policy = policy;
  }

  /** Opens an existing working copy; credentials are read from `options.env` now. */
  public static async open(options: GitRepositoryOptions): Promise<GitRepository> {
    const dir = resolve(options.dir);
    const credentials = await loadGitCredentials(options.env);
    const local = await createGitRunContext(options, dir, undefined, credentials);
    const origin = await runGit(local, ['config', '--get', 'remote.origin.url'], { okExitCodes: [0, 1] });
    const url = origin.stdout.trim();
    return new GitRepository(
      dir,
      url === '' ? local : await createGitRunContext(options, dir, gitRemote(url), credentials),
      { signing: options.signing, signoff: options.signoff },
    );
  }

  /** Fetches `branch` from origin into `refs/remotes/origin/<branch>` and returns its SHA. */
  public async fetchBase(branch: string): Promise<string> {
    checkBranchName(branch);
    await runGit(this.context, [
      'fetch',
      '--quiet',
      '--no-tags',
      'origin',
      `+refs/heads/${branch}:refs/remotes/origin/${branch}`,
    ]);
    return this.getSha(`refs/remotes/origin/${branch}`);
  }

  /** Points the current branch, index and working tree at `ref`, discarding local changes. */
  public async resetTo(ref: string): Promise<void> {
    checkRevision(ref);
    await runGit(this.context, ['reset', '--quiet', '--hard', ref, '--']);
  }

  /** Creates (or resets) branch `name` at `startPoint` and checks it out. */
  public async checkoutBranch(
    name: string,
    startPoint: string,
    options: { force?: boolean } = {},
  ): Promise<void> {
    checkBranchName(name);
    checkRevision(startPoint);
    // --force: local changes and untracked files in the way are overwritten, for a
    // working copy the tool owns and a run killed earlier may have left dirty.
    const force = options.force === true ? ['--force'] : [];
    await runGit(this.context, ['checkout', '--quiet', ...force, '--no-track', '-B', name, startPoint, '--']);
  }

  /**
   * Stages every change (additions, modifications, deletions) under `paths`
   * (repository-relative; each must exist in the working tree or the index), or
   * in the whole working tree when no paths are given.
   */
  public async stageAll(paths?: readonly string[]): Promise<void> {
    if (paths !== undefined && paths.length === 0) {
      return;
    }
    const pathspecs = paths === undefined ? [] : ['--', ...paths.map(normalizeRepoPath)];
    await runGit(this.context, ['add', '--all', ...pathspecs]);
  }

  /** True when the index differs from HEAD. */
  public async hasStagedChanges(): Promise<boolean> {
    return hasStagedChanges(this.context);
  }

  /** Commits the staged changes (see {@link commitStaged}) and returns the new commit's SHA. */
  public async commit(request: CommitRequest): Promise<string> {
    await commitStaged(this.context, this.policy, request);
    return this.getSha('HEAD');
  }

  /**
   * True when {@link commit} would record a plain commit: no signature (neither from
   * `--sign` nor from the user's own `commit.gpgsign`) and no sign-off. Only then may a
   * commit be built another way (`git fast-import`, src/git/batch.ts), which can do neither.
   */
  public async commitsArePlain(): Promise<boolean> {
    if (this.policy.signing !== undefined || this.policy.signoff === true) return false;
    const gpgsign = await runGit(this.context, ['config', '--type=bool', '--get', 'commit.gpgsign'], {
      okExitCodes: [0, 1],
    });
    return gpgsign.stdout.trim() !== 'true';
  }

  /** True when git has a configured author (or committer) identity here; see {@link hasConfiguredIdentity}. */
  public async hasConfiguredIdentity(role: IdentityRole): Promise<boolean> {
    return hasConfiguredIdentity(this.context, role);
  }

  /** The SHA `ref` names; throws {@link GitCommandError} when it names no commit. */
  public async getSha(ref: string): Promise<string> {
    checkRevision(ref);
    const output = await runGit(this.context, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
      okExitCodes: [0, 1],
    });
    if (output.exitCode !== 0) {
      throw new GitCommandError('rev-parse', output.exitCode, `'${ref}' does not name a commit`);
    }
    return output.stdout.trim();
  }

  /** The SHA origin's `branch` holds, or undefined when it has no such branch. */
  public async findRemoteBranchSha(branch: string): Promise<string | undefined> {
    checkBranchName(branch);
    const refName = `refs/heads/${branch}`;
    const output = await runGit(this.context, ['ls-remote', '--heads', 'origin', refName]);
    // ls-remote matches patterns against the end of ref names, so keep the exact ref only.
    const line = output.stdout.split('\n').find((candidate) => candidate.endsWith(`\t${refName}`));
    return line?.split('\t')[0];
  }

  /** Pushes `localSha` to origin's `branch` behind a lease (see {@link pushWithLease}). */
  public async pushWithLease(request: PushRequest): Promise<PushResult> {
    return pushWithLease(this.context, request);
  }

  /** The run context, for the batch operations of src/git/batch.ts (many refs in one git process). */
  public runContext(): GitRunContext {
    return this.context;
  }

  /** Throws {@link RemoteBranchMismatchError} unless origin's `branch` holds exactly `sha`. */
  public async verifyRemoteBranch(branch: string, sha: string): Promise<void> {
    checkSha(sha, 'pushed commit');
    const actual = await this.findRemoteBranchSha(branch);
    if (actual !== sha) {
      throw new RemoteBranchMismatchError(branch, sha, actual);
    }
  }

  /** The URL of `origin`, or undefined when there is none. */
  public async getOriginUrl(): Promise<string | undefined> {
    const output = await runGit(this.context, ['config', '--get', 'remote.origin.url'], {
      okExitCodes: [0, 1],
    });
    const url = output.stdout.trim();
    return url === '' ? undefined : url;
  }

  /** The SHA of the tree a commit holds: two commits with the same tree hold the same files. */
  public async getTreeSha(ref: string): Promise<string> {
    checkRevision(ref);
    return (await runGit(this.context, ['rev-parse', '--verify', `${ref}^{tree}`])).stdout.trim();
  }

  /**
   * Removes untracked files and directories (ignored ones too) from the working tree:
   * a run killed after writing files leaves nothing behind for the next one.
   */
  public async clean(): Promise<void> {
    await runGit(this.context, ['clean', '-ffdxq']);
  }

  /** The files `to` changes against `from` (see {@link changedFiles}). */
  public async changedFiles(from: string, to: string): Promise<ChangedFile[]> {
    return changedFiles(this.context, from, to);
  }

  /** The commits reachable from `to` but not from `from`, newest first, with their trailers. */
  public async listCommits(from: string, to: string): Promise<CommitInfo[]> {
    return listCommits(this.context, from, to);
  }

  /** `git log` of `request.range` (see {@link logCommits}). */
  public async logCommits(request: LogRequest): Promise<LoggedCommit[]> {
    return logCommits(this.context, request);
  }

  /** The names of the entries of directory `dir` in the tree of `ref` (empty when it has no such directory). */
  public async listDirectory(ref: string, dir: string): Promise<string[]> {
    checkRevision(ref);
    const output = await runGit(
      this.context,
      ['ls-tree', '--name-only', `${ref}:${normalizeRepoPath(dir)}`],
      { okExitCodes: [0, 128] },
    );
    return output.exitCode === 0 ? output.stdout.split('\n').filter((name) => name !== '') : [];
  }

  /** Origin's branches under `prefix` (e.g. `gitops/`), branch name -> SHA, from one `ls-remote`. */
  public async listRemoteBranches(prefix: string): Promise<Map<string, string>> {
    checkBranchName(`${prefix}x`);
    const output = await runGit(this.context, ['ls-remote', '--heads', 'origin', `refs/heads/${prefix}*`]);
    const branches = new Map<string, string>();
    for (const line of output.stdout.split('\n')) {
      const [sha, ref] = line.split('\t');
      if (ref?.startsWith(`refs/heads/${prefix}`)) branches.set(ref.slice('refs/heads/'.length), sha);
    }
    return branches;
  }

  /** Reverts `sha` onto the current branch and commits (see {@link revertCommit}). */
  public async revert(sha: string, options: RevertOptions = {}): Promise<RevertResult> {
    return revertCommit(this.context, this.policy, sha, options);
  }

  /** The parents of a commit (two or more for a merge commit). */
  public async getParents(sha: string): Promise<string[]> {
    checkRevision(sha);
    const output = await runGit(this.context, ['rev-list', '--parents', '-n', '1', sha, '--']);
    return output.stdout.trim().split(' ').slice(1);
  }

  /** One commit's author, subject and trailers. */
  public async getCommit(sha: string): Promise<CommitInfo> {
    return getCommit(this.context, sha);
  }

  /** One commit's whole message. */
  public async getMessage(sha: string): Promise<string> {
    return getMessage(this.context, sha);
  }

  /** True when `sha` is `ref`'s commit or one of its ancestors. */
  public async isCommitReachable(sha: string, ref: string): Promise<boolean> {
    checkSha(sha, 'commit');
    checkRevision(ref);
    return isAncestor(this.context, sha, ref);
  }
}
