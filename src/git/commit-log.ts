/**
 * Reading history: `git log` of a range, with each commit's parents, times, subject,
 * trailers and changed files, for status, metrics and rollback. Pure parsing apart
 * from the one git process each function runs.
 */
import { checkRevision, checkSha, normalizeRepoPath } from './arguments';
import { runGit, type GitRunContext } from './runner';

/** One commit as `listCommits` reports it. */
export interface CommitInfo {
  readonly sha: string;
  /** `Name <email>`. */
  readonly author: string;
  readonly subject: string;
  readonly trailers: readonly { readonly key: string; readonly value: string }[];
}

/** What {@link logCommits} reads. */
export interface LogRequest {
  /** A revision (`origin/main`) or a range (`a..b`). */
  readonly range: string;
  readonly firstParent?: boolean;
  /** Only commits that change these repository-relative paths. */
  readonly paths?: readonly string[];
  readonly maxCount?: number;
}

/** One commit as {@link logCommits} reports it. */
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

function parseCommitRecord(record: string): CommitInfo {
  const [sha, author, subject, trailerText] = record.split('\x1f');
  const trailers = (trailerText ?? '')
    .split('\n')
    .map((line) => /^([^:]+):\s*(.*)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ key: m[1], value: m[2] }));
  return { sha, author, subject, trailers };
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

/** The commits reachable from `to` but not from `from`, newest first, with their trailers. */
export async function listCommits(context: GitRunContext, from: string, to: string): Promise<CommitInfo[]> {
  checkSha(from, 'range start');
  checkSha(to, 'range end');
  const format = '%H%x1f%an <%ae>%x1f%s%x1f%(trailers:only,unfold)%x1e';
  const output = await runGit(context, ['log', `--format=${format}`, `${from}..${to}`, '--']);
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
export async function logCommits(context: GitRunContext, request: LogRequest): Promise<LoggedCommit[]> {
  for (const side of request.range.split('..')) {
    checkRevision(side);
  }
  const format = '%x1e%H%x1f%P%x1f%ct%x1f%at%x1f%s%x1f%(trailers:only,unfold)%x1f';
  const args = ['log', `--format=${format}`, '--name-only', '--no-renames'];
  if (request.firstParent === true) args.push('--first-parent');
  if (request.maxCount !== undefined) args.push(`--max-count=${request.maxCount}`);
  args.push(request.range, '--', ...(request.paths ?? []).map(normalizeRepoPath));
  const output = await runGit(context, args);
  return output.stdout
    .split('\x1e')
    .filter((record) => record.trim() !== '')
    .map(parseLoggedCommit);
}

/** One commit's author, subject and trailers. */
export async function getCommit(context: GitRunContext, sha: string): Promise<CommitInfo> {
  checkRevision(sha);
  const output = await runGit(context, [
    'log',
    '-1',
    '--format=%H%x1f%an <%ae>%x1f%s%x1f%(trailers:only,unfold)',
    sha,
    '--',
  ]);
  return parseCommitRecord(output.stdout.trim());
}

/** One commit's whole message (subject, body and trailers), as git stored it. */
export async function getMessage(context: GitRunContext, sha: string): Promise<string> {
  checkRevision(sha);
  const output = await runGit(context, ['log', '-1', '--format=%B', sha, '--']);
  return output.stdout.trim();
}
