/**
 * Git operations over many branches at once, each one git process whatever the
 * number of branches: commits built with `git fast-import` (no checkout), a fetch of
 * every bot branch, and one `git push` per chunk of branches with one lease per branch.
 */
import { checkBranchName, checkSha } from './arguments';
import { GitCommandError } from './errors';
import { hintForGitFailure } from './failure-hints';
import { classifyPush, PushResult } from './push-result';
import { GitRepository } from './repository';
import { runGit, runGitRaw } from './runner';

/** One commit for {@link importCommits}: `parent` with `files` written and `deletions` removed. */
export interface ImportedCommit {
  /** The branch the commit is for; it lands on `refs/gitops-synth/batch/<branch>`, never on a local branch. */
  readonly branch: string;
  readonly parent: string;
  readonly message: string;
  readonly files: ReadonlyMap<string, string>;
  readonly deletions: readonly string[];
}

/** A commit and its tree. */
export interface CommitAndTree {
  readonly sha: string;
  readonly tree: string;
}

/** Where imported commits are kept locally. */
export const BATCH_REF_PREFIX = 'refs/gitops-synth/batch/';

/** `Name <email> <epoch> <tz>` for the author or committer, as git would stamp a commit now. */
export async function gitIdent(
  repo: GitRepository,
  role: 'author' | 'committer',
  identity?: { name: string; email: string },
): Promise<string> {
  const prefix = role === 'author' ? 'GIT_AUTHOR' : 'GIT_COMMITTER';
  const extraEnv: Record<string, string> =
    identity === undefined ? {} : { [`${prefix}_NAME`]: identity.name, [`${prefix}_EMAIL`]: identity.email };
  return (await runGit(repo.runContext(), ['var', `${prefix}_IDENT`], { extraEnv })).stdout.trim();
}

/** Writes every commit with one `git fast-import`; returns each branch's commit and tree. */
export async function importCommits(
  repo: GitRepository,
  commits: readonly ImportedCommit[],
  idents: { author: string; committer: string },
): Promise<Map<string, CommitAndTree>> {
  const parts: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text, 'utf8')}\n${text}\n`;
  for (const commit of commits) {
    checkBranchName(commit.branch);
    checkSha(commit.parent, 'parent commit');
    parts.push(
      `commit ${BATCH_REF_PREFIX}${commit.branch}\n`,
      `author ${idents.author}\n`,
      `committer ${idents.committer}\n`,
      data(commit.message),
      `from ${commit.parent}\n`,
      ...commit.deletions.map((file) => `D ${quotePath(file)}\n`),
      ...[...commit.files].map(([file, content]) => `M 100644 inline ${quotePath(file)}\n${data(content)}`),
      '\n',
    );
  }
  parts.push('done\n');
  await runGit(repo.runContext(), ['fast-import', '--quiet', '--done', '--force'], { input: parts.join('') });
  const refs = await refTrees(repo, BATCH_REF_PREFIX);
  return new Map([...refs].map(([ref, value]) => [ref.slice(BATCH_REF_PREFIX.length), value]));
}

/** Paths with a space, quote or non-ASCII are C-quoted, as fast-import reads them. */
function quotePath(file: string): string {
  return /^[\x21-\x7e]+$/.test(file) && !file.startsWith('"') ? file : JSON.stringify(file);
}

/** Every ref under `prefix` with its commit and tree, in one `git for-each-ref`. */
export async function refTrees(repo: GitRepository, prefix: string): Promise<Map<string, CommitAndTree>> {
  const output = await runGit(repo.runContext(), [
    'for-each-ref',
    '--format=%(refname) %(objectname) %(tree)',
    prefix,
  ]);
  const refs = new Map<string, CommitAndTree>();
  for (const line of output.stdout.split('\n')) {
    const [ref, sha, tree] = line.trim().split(' ');
    if (ref !== undefined && ref !== '' && sha !== undefined) refs.set(ref, { sha, tree: tree ?? '' });
  }
  return refs;
}

/** Fetches every remote branch under `prefix` (e.g. `gitops/`) into refs/remotes/origin/, in one fetch. */
export async function fetchBranches(
  repo: GitRepository,
  prefix: string,
): Promise<Map<string, CommitAndTree>> {
  checkBranchName(`${prefix}x`);
  await runGit(repo.runContext(), [
    'fetch',
    '--quiet',
    '--prune',
    'origin',
    `+refs/heads/${prefix}*:refs/remotes/origin/${prefix}*`,
  ]);
  const refs = await refTrees(repo, `refs/remotes/origin/${prefix}`);
  return new Map([...refs].map(([ref, value]) => [ref.slice('refs/remotes/origin/'.length), value]));
}

/** One branch of {@link pushBranches}: `localSha` replaces `expectedSha` (null: the branch must not exist). */
export interface BranchPush {
  readonly branch: string;
  readonly expectedSha: string | null;
  readonly localSha: string;
}

/**
 * Pushes the branches in one `git push` with one lease per branch (not atomic: each
 * branch succeeds or fails on its own); returns each branch's result.
 */
export async function pushBranches(
  repo: GitRepository,
  pushes: readonly BranchPush[],
): Promise<Map<string, PushResult>> {
  if (pushes.length === 0) return new Map();
  for (const push of pushes) {
    checkBranchName(push.branch);
    checkSha(push.localSha, 'local commit');
    if (push.expectedSha !== null) checkSha(push.expectedSha, 'expected remote commit');
  }
  const output = await runGitRaw(repo.runContext(), [
    'push',
    '--porcelain',
    ...pushes.map((p) => `--force-with-lease=refs/heads/${p.branch}:${p.expectedSha ?? ''}`),
    'origin',
    ...pushes.map((p) => `${p.localSha}:refs/heads/${p.branch}`),
  ]);
  const results = new Map<string, PushResult>();
  for (const push of pushes) {
    const result = classifyPush(output, `refs/heads/${push.branch}`);
    if (result === undefined) {
      const text = output.stderr.trim() === '' ? output.stdout : output.stderr;
      throw new GitCommandError('push', output.exitCode, text, hintForGitFailure(text));
    }
    results.set(push.branch, result);
  }
  return results;
}
