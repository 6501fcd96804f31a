/**
 * Pure rules of the lock file: what it holds and when its holder is provably gone.
 * Shared by the publish lock (beside a working directory) and the tree lock (in the
 * journal directory), so both judge a lock the same way.
 */
import { hostname as osHostname } from 'node:os';

/** Who holds a lock; the lock file's content, as JSON. */
export interface LockRecord {
  readonly pid: number;
  readonly hostname: string;
  /** When the lock was taken (ISO 8601). */
  readonly startedAt: string;
  /** When the holder last renewed its lease (ISO 8601). */
  readonly renewedAt: string;
  /** How long after `renewedAt` the holder promises to renew again, in milliseconds. */
  readonly leaseMs: number;
  /** Random per acquisition, so a run only ever renews or removes its own lock. */
  readonly nonce: string;
}

/** Whether an existing lock must be respected. */
export type LockJudgement =
  { readonly state: 'live'; readonly holder: string } | { readonly state: 'stale'; readonly why: string };

/** What judging a lock needs to know about this machine. */
export interface LockJudgeContext {
  readonly hostname: string;
  readonly nowMs: number;
  readonly isProcessAlive: (pid: number) => boolean;
  /** How long a lease must have expired before its holder counts as gone ({@link DEFAULT_LOCK_GRACE_MS}). */
  readonly graceMs: number;
}

/**
 * The lease a holder takes and renews every quarter of it (60 s). A holder stopped
 * (SIGSTOP, a paused VM) stops renewing; it is still respected for the grace below.
 */
export const DEFAULT_LOCK_LEASE_MS = 60_000;

/**
 * How long a lease must have expired before another host takes the lock over (5
 * minutes): it covers clock skew between hosts and a holder whose event loop is busy.
 */
export const DEFAULT_LOCK_GRACE_MS = 5 * 60_000;

/** The environment variable that overrides the host name a lock records (tests, containers sharing a volume). */
export const LOCK_HOSTNAME_ENV = 'GITOPS_SYNTH_HOSTNAME';

/** The host name locks record: `GITOPS_SYNTH_HOSTNAME` when set, else the OS's. */
export function lockHostname(env: NodeJS.ProcessEnv = process.env): string {
  const named = env[LOCK_HOSTNAME_ENV];
  return named !== undefined && named !== '' ? named : osHostname();
}

/** True unless signalling `pid` says no such process exists (EPERM means it exists). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Parses a lock file's content; undefined when it is not a complete record. A record
 * of an older version (no lease) is read with its start time as its last renewal and
 * the default lease.
 */
export function parseLockRecord(content: string): LockRecord | undefined {
  let value: Partial<LockRecord> | null;
  try {
    value = JSON.parse(content) as Partial<LockRecord> | null;
  } catch {
    return undefined;
  }
  if (
    value === null ||
    typeof value !== 'object' ||
    !Number.isInteger(value.pid) ||
    typeof value.hostname !== 'string' ||
    typeof value.startedAt !== 'string' ||
    typeof value.nonce !== 'string'
  ) {
    return undefined;
  }
  const renewedAt = typeof value.renewedAt === 'string' ? value.renewedAt : value.startedAt;
  const leaseMs =
    typeof value.leaseMs === 'number' && value.leaseMs > 0 ? value.leaseMs : DEFAULT_LOCK_LEASE_MS;
  return {
    pid: value.pid as number,
    hostname: value.hostname,
    startedAt: value.startedAt,
    renewedAt,
    leaseMs,
    nonce: value.nonce,
  };
}

/** Describes the holder for a message: `pid 42 on host ci-7 since 2024-05-01T10:00:00.000Z`. */
export function describeHolder(record: LockRecord): string {
  return `pid ${record.pid} on host ${record.hostname} since ${record.startedAt}`;
}

/**
 * Judges an existing lock. Its holder is gone only when that is provable: it ran on
 * this host and its pid is dead, or its lease expired more than the grace ago.
 * `fileAgeMs` (by mtime) judges content that cannot be parsed: locks are written
 * whole, so that is a damaged file, respected until a lease and the grace have passed.
 */
export function judgeLock(content: string, fileAgeMs: number, context: LockJudgeContext): LockJudgement {
  const record = parseLockRecord(content);
  if (record === undefined) {
    return fileAgeMs > DEFAULT_LOCK_LEASE_MS + context.graceMs
      ? { state: 'stale', why: 'the lock file is unreadable and older than a lease and the grace' }
      : { state: 'live', holder: 'an unknown run (the lock file cannot be read)' };
  }
  if (record.hostname === context.hostname && !context.isProcessAlive(record.pid)) {
    return { state: 'stale', why: `process ${record.pid} on this host is gone` };
  }
  const expiredForMs = context.nowMs - (Date.parse(record.renewedAt) + record.leaseMs);
  if (Number.isNaN(expiredForMs) || expiredForMs > context.graceMs) {
    return {
      state: 'stale',
      why: `the lease of ${describeHolder(record)} expired more than ${context.graceMs} ms ago`,
    };
  }
  return { state: 'live', holder: describeHolder(record) };
}
