/**
 * What became of a push, read from `git push --porcelain` output. Pure, so every
 * server's wording can be tested without a server.
 */
import type { PushRejectionReason } from './errors';
import type { GitOutput } from './runner';
import { isAuthFailure } from './failure-hints';

/**
 * The outcome of one push:
 * - `pushed`: the remote branch now holds the commit (or already did);
 * - `stale`: the lease failed or the push was not a fast-forward: someone else
 *   moved the branch. Nothing was overwritten; re-fetch, rebuild the commit and retry;
 * - `rejected`: refused for good (hook, protection, credentials); do not retry.
 */
export type PushResult =
  | { readonly status: 'pushed' }
  | { readonly status: 'stale'; readonly detail: string }
  | { readonly status: 'rejected'; readonly reason: PushRejectionReason; readonly detail: string };

/** One ref line of porcelain output: `<flag>\t<from>:<to>\t<summary>`. */
interface PorcelainRef {
  readonly flag: string;
  readonly to: string;
  readonly summary: string;
}

const PROTECTED_BRANCH_PATTERN = /protected branch/i;

/** Summaries (inside the parentheses) that mean another writer moved the branch. */
const STALE_PATTERNS: readonly RegExp[] = [
  /stale info/,
  /non-fast-forward/,
  /fetch first/,
  /already exists/,
  /failed to lock/,
  /cannot lock ref/,
  /incorrect old value/,
];

/** Parses the ref lines of porcelain output. */
export function parsePorcelain(stdout: string): PorcelainRef[] {
  const refs: PorcelainRef[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^([ +\-*!=])\t([^\t]*)\t(.*)$/.exec(line);
    if (match !== null) {
      const [, flag, fromTo, summary] = match as unknown as [string, string, string, string];
      refs.push({ flag, to: fromTo.slice(fromTo.lastIndexOf(':') + 1), summary });
    }
  }
  return refs;
}

/** The server's own words (`remote: ...` lines) plus the ref summary: what a user needs to see. */
function rejectionDetail(summary: string, stderr: string): string {
  const remoteLines = stderr
    .split(/\r?\n/)
    .filter((line) => line.startsWith('remote:'))
    .map((line) => line.trimEnd());
  return [summary, ...remoteLines].join('\n');
}

/**
 * Classifies a finished push of `refName` (`refs/heads/...`). Returns undefined
 * when the output says neither (a network failure, a missing repository): the
 * caller reports that as a command failure, which may be worth retrying.
 */
export function classifyPush(output: GitOutput, refName: string): PushResult | undefined {
  const ref = parsePorcelain(output.stdout).find((candidate) => candidate.to === refName);
  if (ref === undefined) {
    const all = `${output.stderr}\n${output.stdout}`;
    if (isAuthFailure(all)) {
      return { status: 'rejected', reason: 'auth-failed', detail: output.stderr.trim() };
    }
    return undefined;
  }
  if (ref.flag === '-') {
    return { status: 'rejected', reason: 'other', detail: `unexpected deletion of ${refName}` };
  }
  if (ref.flag !== '!') {
    return { status: 'pushed' };
  }
  const detail = rejectionDetail(ref.summary, output.stderr);
  const reason = rejectionReason(ref.summary, detail);
  return reason === undefined ? { status: 'stale', detail } : { status: 'rejected', reason, detail };
}

/**
 * Why a ref was refused for good, or undefined when it was refused because the
 * branch moved (worth retrying). Protection and credentials are checked first:
 * forges report them as a declined hook (GitHub `protected branch hook declined`,
 * GitLab `pre-receive hook declined` + `not allowed to push code to protected branches`).
 */
function rejectionReason(summary: string, detail: string): PushRejectionReason | undefined {
  if (PROTECTED_BRANCH_PATTERN.test(detail)) {
    return 'protected-branch';
  }
  if (isAuthFailure(detail)) {
    return 'auth-failed';
  }
  const why = /\(([^)]*)\)\s*$/.exec(summary)?.[1] ?? summary;
  if (STALE_PATTERNS.some((pattern) => pattern.test(why))) {
    return undefined;
  }
  return /hook declined/.test(why) ? 'hook-declined' : 'other';
}
