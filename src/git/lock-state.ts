/** Pure rules for the repository lock: what a lock file holds and when it is stale. */

/** Who holds a lock; this is the lock file's content, as JSON. */
export interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  /** When the lock was taken (ISO 8601). */
  readonly startedAt: string;
  /** Random per acquisition, so a run only ever removes its own lock. */
  readonly nonce: string;
}

/** Whether an existing lock must be waited for. */
export type LockJudgement = { readonly state: 'live'; readonly holder: string } | { readonly state: 'stale'; readonly why: string };

/** What judging a lock needs to know about this machine. */
export interface LockJudgeContext {
  readonly hostname: string;
  readonly now: Date;
  readonly isProcessAlive: (pid: number) => boolean;
  readonly foreignLockMaxAgeMs: number;
  readonly unreadableLockGraceMs: number;
}

/** Parses a lock file's content; undefined when it is not a complete owner record. */
export function parseLockOwner(content: string): LockOwner | undefined {
  try {
    const value = JSON.parse(content) as Partial<LockOwner> | null;
    if (
      value !== null &&
      typeof value === 'object' &&
      Number.isInteger(value.pid) &&
      typeof value.hostname === 'string' &&
      typeof value.startedAt === 'string' &&
      typeof value.nonce === 'string'
    ) {
      return value as LockOwner;
    }
  } catch {
    // Not JSON: fall through.
  }
  return undefined;
}

/** Describes the holder for an error message: `pid 42 on host ci-7 since 2024-05-01T10:00:00.000Z`. */
export function describeOwner(owner: LockOwner): string {
  return `pid ${owner.pid} on host ${owner.hostname} since ${owner.startedAt}`;
}

/**
 * Judges an existing lock file. `fileAgeMs` is the file's age by its mtime, used
 * only for content that cannot be parsed.
 */
export function judgeLock(content: string, fileAgeMs: number, context: LockJudgeContext): LockJudgement {
  const owner = parseLockOwner(content);
  if (owner === undefined) {
    return fileAgeMs > context.unreadableLockGraceMs
      ? { state: 'stale', why: 'the lock file is unreadable and old' }
      : { state: 'live', holder: 'a run that is still writing its lock file' };
  }
  if (owner.hostname === context.hostname) {
    return context.isProcessAlive(owner.pid) ? { state: 'live', holder: describeOwner(owner) } : { state: 'stale', why: `process ${owner.pid} is gone` };
  }
  const ageMs = context.now.getTime() - Date.parse(owner.startedAt);
  return Number.isNaN(ageMs) || ageMs > context.foreignLockMaxAgeMs
    ? { state: 'stale', why: `the lock from host ${owner.hostname} is older than ${context.foreignLockMaxAgeMs} ms` }
    : { state: 'live', holder: describeOwner(owner) };
}
