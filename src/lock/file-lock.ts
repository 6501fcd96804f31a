/**
 * One lock file, used by every lock gitops-synth takes (the publish lock beside a
 * working directory, the tree lock in the journal directory).
 *
 * - Written whole: the record goes to a temporary file first, which is then linked into
 *   place (`link` fails when the lock exists, so taking it is exclusive and there is never
 *   an empty or half-written lock file); renewals replace it with a rename.
 * - Leased: the record holds host, pid, start time and a lease the holder renews every
 *   quarter of it, on a timer and whenever it checks that it still holds the lock.
 * - Taken over only when the holder is provably gone ({@link judgeLock}): same host and a
 *   dead pid, or a lease expired longer than the grace ago.
 * - A holder that was taken over (stopped longer than lease and grace) notices on its next
 *   check ({@link HeldLock.assertHeld}) and stops without touching the new holder's state.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { link, lstat, readFile, unlink, writeFile } from 'node:fs/promises';
import { LockLostError } from './errors';
import {
  DEFAULT_LOCK_GRACE_MS,
  DEFAULT_LOCK_LEASE_MS,
  describeHolder,
  isProcessAlive as realIsProcessAlive,
  judgeLock,
  lockHostname,
  LockJudgement,
  LockRecord,
  parseLockRecord,
} from './record';

/** How to take a lock; everything has a default and is injectable for tests. */
export interface FileLockOptions {
  /** Default: `GITOPS_SYNTH_HOSTNAME`, else the OS's host name. */
  readonly hostname?: string;
  readonly pid?: number;
  /** Milliseconds since the epoch. */
  readonly now?: () => number;
  readonly isProcessAlive?: (pid: number) => boolean;
  /** Default {@link DEFAULT_LOCK_LEASE_MS}. */
  readonly leaseMs?: number;
  /** Default {@link DEFAULT_LOCK_GRACE_MS}. */
  readonly graceMs?: number;
}

/** A lock this run holds. */
export interface HeldLock {
  readonly path: string;
  readonly record: LockRecord;
  /** Renews the lease, or throws {@link LockLostError} when another run has taken the lock over. */
  assertHeld(): void;
  /** True while the lock file still holds this run's record. */
  isHeld(): boolean;
  /** Removes the lock file if it is still this run's (idempotent). */
  release(): Promise<void>;
}

/** One attempt at a lock: held, or busy with a description of the live holder. */
export type LockAttempt = { readonly held: HeldLock } | { readonly busy: string };

interface Settings {
  readonly hostname: string;
  readonly pid: number;
  readonly now: () => number;
  readonly isProcessAlive: (pid: number) => boolean;
  readonly leaseMs: number;
  readonly graceMs: number;
}

function settingsOf(options: FileLockOptions): Settings {
  return {
    hostname: options.hostname ?? lockHostname(),
    pid: options.pid ?? process.pid,
    now: options.now ?? Date.now,
    isProcessAlive: options.isProcessAlive ?? realIsProcessAlive,
    leaseMs: options.leaseMs ?? DEFAULT_LOCK_LEASE_MS,
    graceMs: options.graceMs ?? DEFAULT_LOCK_GRACE_MS,
  };
}

/**
 * Tries once to take the lock at `path`: creates it, or takes over a lock whose holder is
 * provably gone, or reports the live holder. Never waits.
 */
export async function tryLock(path: string, options: FileLockOptions = {}): Promise<LockAttempt> {
  const settings = settingsOf(options);
  const started = new Date(settings.now()).toISOString();
  const record: LockRecord = {
    pid: settings.pid,
    hostname: settings.hostname,
    startedAt: started,
    renewedAt: started,
    leaseMs: settings.leaseMs,
    nonce: randomBytes(12).toString('hex'),
  };
  // A stale lock removed in one round leaves the way free for the next; a third round
  // covers an abandoned takeover claim dropped in the first.
  for (let round = 0; round < 3; round++) {
    if (await createLockFile(path, record)) {
      return { held: holdLock(path, record, settings) };
    }
    const existing = await readExisting(path);
    if (existing === undefined) {
      continue; // released between our create and our read
    }
    const judgement: LockJudgement = judgeLock(existing.content, existing.ageMs, {
      hostname: settings.hostname,
      nowMs: settings.now(),
      isProcessAlive: settings.isProcessAlive,
      graceMs: settings.graceMs,
    });
    if (judgement.state === 'live') {
      return { busy: judgement.holder };
    }
    await takeOver(path, existing.content, settings);
  }
  return { busy: 'another run that took the lock over at the same moment' };
}

function temporaryPath(path: string, nonce: string): string {
  return `${path}.${nonce}.tmp`;
}

/** Writes the record whole beside the lock, then links it into place: false when a lock exists. */
async function createLockFile(path: string, record: LockRecord): Promise<boolean> {
  const temporary = temporaryPath(path, record.nonce);
  await writeFile(temporary, `${JSON.stringify(record)}\n`, { flag: 'wx', mode: 0o644 });
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

async function readExisting(path: string): Promise<{ content: string; ageMs: number } | undefined> {
  try {
    const [content, info] = await Promise.all([readFile(path, 'utf8'), lstat(path)]);
    return { content, ageMs: Date.now() - info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

/**
 * Removes a stale lock without ever removing a live one. Whoever removes the stale
 * record must first create a claim named after that exact record (`<lock>.takeover-<hash>`,
 * exclusive), then re-read the lock and remove it only if it still holds that record.
 * While the record is in place only a claimer can remove it and only one claim per record
 * exists, so a run that took the lock over in between is never disturbed (records are
 * unique: each carries its own nonce and renewal time). The lock file is never moved
 * aside, so a live holder never sees it missing.
 */
async function takeOver(path: string, staleContent: string, settings: Settings): Promise<void> {
  const claim = `${path}.takeover-${createHash('sha256').update(staleContent).digest('hex').slice(0, 16)}`;
  try {
    await writeFile(claim, `${JSON.stringify({ pid: settings.pid, hostname: settings.hostname })}\n`, {
      flag: 'wx',
      mode: 0o644,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await dropAbandonedClaim(claim, settings);
    return; // another run is taking this record over: the caller tries again
  }
  try {
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (current === staleContent) await unlink(path).catch(() => undefined);
  } finally {
    await unlink(claim).catch(() => undefined);
  }
}

/**
 * A claim lives for the microseconds between its creation and removal; one older than a
 * lease and the grace was left by a run that died in between, and would block every
 * takeover of that record, so it goes.
 */
async function dropAbandonedClaim(claim: string, settings: Settings): Promise<void> {
  const info = await lstat(claim).catch(() => undefined);
  if (info !== undefined && settings.now() - info.mtimeMs > settings.leaseMs + settings.graceMs) {
    await unlink(claim).catch(() => undefined);
  }
}

/** The lock as held: renewed on a timer, removed on release or at a normal exit, only while it is still this run's. */
function holdLock(path: string, first: LockRecord, settings: Settings): HeldLock {
  let record = first;
  let lostTo: string | undefined;
  let released = false;
  const current = (): LockRecord | undefined => {
    try {
      return parseLockRecord(readFileSync(path, 'utf8'));
    } catch {
      return undefined;
    }
  };
  const renew = (): void => {
    if (released || lostTo !== undefined) return;
    const now = current();
    if (now?.nonce !== record.nonce) {
      lostTo = now === undefined ? 'a run that removed it' : describeHolder(now);
      return;
    }
    // Synchronous, so a renewal never interleaves with a release or another renewal.
    const next: LockRecord = { ...record, renewedAt: new Date(settings.now()).toISOString() };
    const temporary = temporaryPath(path, record.nonce);
    writeFileSync(temporary, `${JSON.stringify(next)}\n`, { mode: 0o644 });
    renameSync(temporary, path);
    record = next;
  };
  const timer = setInterval(
    () => {
      try {
        renew();
      } catch {
        // A failed renewal is retried on the next tick; the lease covers several.
      }
    },
    Math.max(1, Math.floor(settings.leaseMs / 4)),
  );
  timer.unref();
  const onExit = (): void => {
    try {
      if (current()?.nonce === record.nonce) unlinkSync(path);
    } catch {
      // Nothing to clean up.
    }
  };
  process.once('exit', onExit);
  return {
    path,
    get record() {
      return record;
    },
    assertHeld() {
      renew();
      if (lostTo !== undefined) throw new LockLostError(path, lostTo);
    },
    isHeld: () => !released && lostTo === undefined && current()?.nonce === record.nonce,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      process.removeListener('exit', onExit);
      const content = await readFile(path, 'utf8').catch(() => undefined);
      if (content !== undefined && parseLockRecord(content)?.nonce === record.nonce) {
        await unlink(path).catch(() => undefined);
      }
    },
  };
}
