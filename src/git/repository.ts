/**
 * A working copy of the GitOps repository and the operations publishing needs.
 * Every method runs git through `runner.ts`; every failure is a {@link GitCommandError}
 * (or a more specific error) whose text has been redacted.
 */
import { resolve } from 'node:path';
import {
  checkBranchName,
  checkIdentity,
  checkRevision,
  checkSha,
  normalizeRepoPath,
  type GitIdentity,
} from './arguments';
import { createGitRunContext, type GitEnvironmentOptions } from './context';
import { loadGitCredentials } from './credentials';
import { GitCommandError, RemoteBranchMismatchError } from './errors';
import { hintForGitFailure } from './failure-hints';
import { hasConfiguredIdentity, type IdentityRole } from './identity';
import { classifyPush, type PushResult } from './push-result';
import { gitRemote } from './remote';
import { runGit, runGitRaw, type GitRunContext } from './runner';

/** Where the working copy is, and the environment to run git with. */
export interface GitRepositoryOptions extends GitEnvironmentOptions {
  readonly dir: string;
}

/** A commit to record from the staged changes. */
export interface CommitRequest {
  readonly message: string;
  /** Defaults to the user's Git configuration (`user.name`/`user.email`). */
  readonly author?: GitIdentity;
  /** Defaults to the user's Git configuration. */
  readonly committer?: GitIdentity;
}

/** A push of one commit to one branch of `origin`, protected by a lease. */
export interface PushRequest {
  readonly branch: string;
  /** What the remote branch must hold for the push to go ahead; null: the branch must not exist. */
  readonly expectedSha: string | null;
  /** The commit to push. */
  readonly localSha: string;
  /**
   * Refuse (as `stale`) to replace `expectedSha` with a commit that does not descend
   * from it. Off by default: gitops-synth's own `gitops/...` branches are rebuilt
   * from the base branch on each run, so replacing their previous commit is intended;
   * the lease still guarantees that only a commit this run has seen is replaced.
   */
  readonly fastForwardOnly?: boolean;
}

/** Options of {@link GitRepository.revert}. */
export interface RevertOptions {
  /** For a merge commit: the parent (1-based) whose side is kept, as `git revert --mainline`. */
  readonly mainline?: number;
  readonly author?: GitIdentity;
  readonly committer?: GitIdentity;
  /** Paths left as HEAD has them, whatever the reverted commit did to them (conflicts there included). */
  readonly keep?: readonly string[];
}

/** What {@link GitRepository.revert} did. */
export type RevertResult =
  | { readonly status: 'reverted'; readonly sha: string }
  | { readonly status: 'conflict'; readonly files: readonly string[] }
  | { readonly status: 'empty' };

/** One commit as `listCommits` reports it. */
export interface CommitInfo {
  readonly sha: string;
  /** `Name <email>`. */
  readonly author: string;
  readonly subject: string;
  readonly trailers: readonly { readonly key: string; readonly value: string }[];
}

function parseCommitRecord(record: string): CommitInfo {
  const [sha, author, subject, trailerText] = record.split('\x1f');
  const trailers = (trailerText ?? '')
    .split('\n')
    .map((line) => /^([^:]+):\s*(.*)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ key: m[1], value: m[2] }));
  return { sha, author, subject, trailers };
}

/** What {@link GitRepository.logCommits} reads. */
export interface LogRequest {
  /** A revision (`origin/main`) or a range (`a..b`). */
  readonly range: string;
  readonly firstParent?: boolean;
  /** Only commits that change these repository-relative paths. */
  readonly paths?: readonly string[];
  readonly maxCount?: number;
}

/** One commit as {@link GitRepository.logCommits} reports it. */
export interface LoggedCommit {
  readonly sha: string;
  readonly parents: readonly string[];
  /** Committer time, seconds since the epoch. */
  readonly committedAt: number;
  /** Author time, seconds since the epoch (kept by rebases and fast-forwards: when the change was written). */
  readonly authoredAt: number;
  readonly subject: string;
  readonly trailers: readonly { readonly key: string; readonly value: string }[];
  /** Repository-relative paths the commit changed (empty for a merge unless `firstParent`). */
  readonly files: readonly string[];
}

function parseLoggedCommit(record: string): LoggedCommit {
  const [sha, parents, time, authored, subject, trailerText, fileText] = record.split('\x1f');
  const { trailers } = parseCommitRecord(`${sha}\x1f\x1f${subject}\x1f${trailerText}`);
  return {
    sha: sha.trim(),
    parents: parents.split(' ').filter((p) => p !== ''),
    committedAt: Number(time),
    authoredAt: Number(authored),
    subject,
    trailers,
    files: (fileText ?? '').split('\n').filter((line) => line !== ''),
  };
}

/** A git working copy with an `origin` remote. */
export class GitRepository {
  /** The working copy's absolute path. */
  public readonly dir: string;
  private readonly context: GitRunContext;

  private constructor(dir: string, context: GitRunContext) {
    this.dir = dir;
    this.context = context;
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
    const output = await runGit(this.context, ['diff', '--cached', '--quiet', '--no-ext-diff'], {
      okExitCodes: [0, 1],
    });
    return output.exitCode === 1;
  }

  /**
   * Commits the staged changes and returns the new commit's SHA. Signing follows
   * the user's Git configuration (`commit.gpgsign`); the message is kept as given
   * apart from surrounding whitespace, so Markdown `#` headings survive.
   */
  public async commit(request: CommitRequest): Promise<string> {
    const args = ['commit', '--quiet', '--cleanup=whitespace', '--file=-'];
    const extraEnv: Record<string, string> = {};
    if (request.author !== undefined) {
      checkIdentity(request.author, 'author');
      args.push(`--author=${request.author.name} <${request.author.email}>`);
    }
    if (request.committer !== undefined) {
      checkIdentity(request.committer, 'committer');
      extraEnv.GIT_COMMITTER_NAME = request.committer.name;
      extraEnv.GIT_COMMITTER_EMAIL = request.committer.email;
    }
    await runGit(this.context, args, { input: request.message, extraEnv });
    return this.getSha('HEAD');
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

  /**
   * Pushes `localSha` to origin's `branch` with `--force-with-lease`, so the push
   * only happens when the branch still holds `expectedSha` (or does not exist for
   * null): a commit someone else pushed meanwhile is never overwritten.
   * Throws {@link GitCommandError} when git fails without saying anything about the
   * ref (network down, repository missing).
   */
  public async pushWithLease(request: PushRequest): Promise<PushResult> {
    checkBranchName(request.branch);
    checkSha(request.localSha, 'local commit');
    if (request.expectedSha !== null) {
      checkSha(request.expectedSha, 'expected remote commit');
      if (
        request.fastForwardOnly === true &&
        !(await this.isAncestor(request.expectedSha, request.localSha))
      ) {
        return {
          status: 'stale',
          detail: `non-fast-forward: ${request.localSha} does not descend from ${request.expectedSha}`,
        };
      }
    }
    const refName = `refs/heads/${request.branch}`;
    const lease = `--force-with-lease=${refName}:${request.expectedSha ?? ''}`;
    const output = await runGitRaw(this.context, [
      'push',
      '--porcelain',
      lease,
      'origin',
      `${request.localSha}:${refName}`,
    ]);
    const result = classifyPush(output, refName);
    if (result === undefined) {
      const text = output.stderr.trim() === '' ? output.stdout : output.stderr;
      throw new GitCommandError('push', output.exitCode, text, hintForGitFailure(text));
    }
    return result;
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

  /** The commits reachable from `to` but not from `from`, newest first, with their trailers. */
  public async listCommits(from: string, to: string): Promise<CommitInfo[]> {
    checkSha(from, 'range start');
    checkSha(to, 'range end');
    const format = '%H%x1f%an <%ae>%x1f%s%x1f%(trailers:only,unfold)%x1e';
    const output = await runGit(this.context, ['log', `--format=${format}`, `${from}..${to}`, '--']);
    return output.stdout
      .split('\x1e')
      .map((record) => record.trim())
      .filter((record) => record !== '')
      .map(parseCommitRecord);
  }

  /**
   * `git log` of `request.range` (a revision or `a..b`), newest first, optionally
   * following first parents only and limited to `paths`, with each commit's parents,
   * committer time, trailers and the files it changed (against its first parent
   * when `firstParent` is set, so a merge lists what it brought in). One git process.
   */
  public async logCommits(request: LogRequest): Promise<LoggedCommit[]> {
    for (const side of request.range.split('..')) {
      checkRevision(side);
    }
    const format = '%x1e%H%x1f%P%x1f%ct%x1f%at%x1f%s%x1f%(trailers:only,unfold)%x1f';
    const args = ['log', `--format=${format}`, '--name-only', '--no-renames'];
    if (request.firstParent === true) args.push('--first-parent');
    if (request.maxCount !== undefined) args.push(`--max-count=${request.maxCount}`);
    args.push(request.range, '--', ...(request.paths ?? []).map(normalizeRepoPath));
    const output = await runGit(this.context, args);
    return output.stdout
      .split('\x1e')
      .filter((record) => record.trim() !== '')
      .map(parseLoggedCommit);
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

  /**
   * Reverts `sha` onto the current branch with `git revert --no-edit` and commits.
   * `mainline` (1 for a pull request's merge commit) picks the parent whose side is kept.
   * A conflict or an empty revert is aborted, leaving the working copy as it was.
   */
  public async revert(sha: string, options: RevertOptions = {}): Promise<RevertResult> {
    checkSha(sha, 'commit to revert');
    const args = [
      'revert',
      '--no-edit',
      '--no-commit',
      ...(options.mainline === undefined ? [] : ['--mainline', String(options.mainline)]),
      sha,
    ];
    const extraEnv = identityEnv(options);
    await runGit(this.context, args, { okExitCodes: [0, 1] });
    for (const file of options.keep ?? []) await this.restoreFromHead(file);
    const unmerged = await runGit(this.context, ['diff', '--name-only', '-z', '--diff-filter=U']);
    const files = unmerged.stdout
      .split('\0')
      .filter((file) => file !== '')
      .sort();
    if (files.length > 0 || !(await this.hasStagedChanges())) {
      // Undo the half-done revert: the working copy must be left clean either way.
      await runGit(this.context, ['revert', '--abort'], { okExitCodes: [0, 128] });
      await runGit(this.context, ['reset', '--hard', '--quiet', 'HEAD']);
      return files.length > 0 ? { status: 'conflict', files } : { status: 'empty' };
    }
    // The message git prepared for the revert ("Revert ...", "This reverts commit ...").
    await runGit(this.context, ['commit', '--no-edit', '--quiet'], { extraEnv });
    return { status: 'reverted', sha: await this.getSha('HEAD') };
  }

  /** Puts `file` back as HEAD has it (absent when HEAD has none), in the index and the working tree. */
  private async restoreFromHead(file: string): Promise<void> {
    const inHead = await runGit(this.context, [
      'ls-tree',
      '--name-only',
      'HEAD',
      '--',
      normalizeRepoPath(file),
    ]);
    if (inHead.stdout.trim() !== '') {
      await runGit(this.context, ['checkout', 'HEAD', '--', normalizeRepoPath(file)]);
    } else {
      await runGit(this.context, ['rm', '-q', '-f', '--ignore-unmatch', '--', normalizeRepoPath(file)]);
    }
  }

  /** The parents of a commit (two or more for a merge commit). */
  public async getParents(sha: string): Promise<string[]> {
    checkRevision(sha);
    const output = await runGit(this.context, ['rev-list', '--parents', '-n', '1', sha, '--']);
    return output.stdout.trim().split(' ').slice(1);
  }

  /** One commit's author, subject and trailers. */
  public async getCommit(sha: string): Promise<CommitInfo> {
    checkRevision(sha);
    const output = await runGit(this.context, [
      'log',
      '-1',
      '--format=%H%x1f%an <%ae>%x1f%s%x1f%(trailers:only,unfold)',
      sha,
      '--',
    ]);
    return parseCommitRecord(output.stdout.trim());
  }

  /** True when `sha` is `ref`'s commit or one of its ancestors. */
  public async isCommitReachable(sha: string, ref: string): Promise<boolean> {
    checkSha(sha, 'commit');
    checkRevision(ref);
    return this.isAncestor(sha, ref);
  }

  /** True when `ancestor` is `descendant` or one of its ancestors; false too when `ancestor` is not known locally. */
  private async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const output = await runGit(this.context, ['merge-base', '--is-ancestor', ancestor, descendant], {
      okExitCodes: [0, 1, 128],
    });
    return output.exitCode === 0;
  }
}

/** The author and committer of a commit, as git's environment variables. */
function identityEnv(options: {
  readonly author?: GitIdentity;
  readonly committer?: GitIdentity;
}): Record<string, string> {
  const env: Record<string, string> = {};
  if (options.author !== undefined) {
    checkIdentity(options.author, 'author');
    Object.assign(env, { GIT_AUTHOR_NAME: options.author.name, GIT_AUTHOR_EMAIL: options.author.email });
  }
  if (options.committer !== undefined) {
    checkIdentity(options.committer, 'committer');
    Object.assign(env, {
      GIT_COMMITTER_NAME: options.committer.name,
      GIT_COMMITTER_EMAIL: options.committer.email,
    });
  }
  return env;
}
