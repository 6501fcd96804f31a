/**
 * The shared lock under real processes: holders and contenders are node processes of
 * their own, on two simulated hosts (GITOPS_SYNTH_HOSTNAME), stopped with SIGSTOP,
 * resumed with SIGCONT and killed with SIGKILL. A live holder is never taken over.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createInterface } from 'readline';
import { ExitCode } from '../../src/cli/exit-codes';
import { CliIo } from '../../src/cli/io';
import { reportError } from '../../src/cli/report';
import { RepositoryLockedError } from '../../src/git/errors';
import { judgeLock, LockLostError, tryLock } from '../../src/lock';
import { TreeLockedError } from '../../src/tree/errors';
import { waitStopped } from '../support/process';

const CHILD = path.join(__dirname, 'lock-child.js');

interface Settings {
  readonly leaseMs?: number;
  readonly graceMs?: number;
}

/** Starts a run on `host` that takes the lock at `lockPath` and holds it; resolves once it printed its first line. */
async function startHolder(
  lockPath: string,
  host: string,
  settings: Settings = {},
): Promise<{ child: ChildProcess; first: unknown; next: () => Promise<unknown> }> {
  const child = spawn(
    process.execPath,
    [CHILD, JSON.stringify({ mode: 'hold', path: lockPath, ...settings })],
    {
      env: { ...process.env, GITOPS_SYNTH_HOSTNAME: host },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  const next = async (): Promise<unknown> => JSON.parse((await lines.next()).value as string);
  return { child, first: await next(), next };
}

/** One attempt at the lock from a fresh process on `host`. */
function tryFrom(lockPath: string, host: string, settings: Settings = {}): { held?: boolean; busy?: string } {
  const run = spawnSync(
    process.execPath,
    [CHILD, JSON.stringify({ mode: 'try', path: lockPath, ...settings })],
    {
      env: { ...process.env, GITOPS_SYNTH_HOSTNAME: host },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout);
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('the shared lock, raced by real processes on two hosts', () => {
  let dir: string;
  let lockPath: string;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-lock-'));
    lockPath = path.join(dir, 'lock');
  });
  afterEach(() => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN a run on runner-a holding the lock WHEN it is stopped THEN runs on runner-a and runner-b are refused, and after it resumes and releases one gets it', async () => {
    const holder = await startHolder(lockPath, 'runner-a');
    children.push(holder.child);
    expect(holder.first).toEqual({ held: true });
    holder.child.kill('SIGSTOP');
    await waitStopped(holder.child.pid as number);

    expect(tryFrom(lockPath, 'runner-b').busy).toMatch(
      new RegExp(`pid ${holder.child.pid} on host runner-a`),
    );
    expect(tryFrom(lockPath, 'runner-a').busy).toMatch(/on host runner-a/);

    holder.child.kill('SIGCONT');
    holder.child.kill('SIGTERM');
    expect(await exited(holder.child)).toBe(0);
    expect(tryFrom(lockPath, 'runner-b')).toEqual({ held: true });
  });

  it('GIVEN a holder stopped longer than its lease and the grace WHEN runner-b asks THEN it takes the lock over, and the resumed holder finds it lost', async () => {
    const holder = await startHolder(lockPath, 'runner-a', { leaseMs: 200 });
    children.push(holder.child);
    holder.child.kill('SIGSTOP');
    await waitStopped(holder.child.pid as number);

    // The lease stops being renewed; once it has expired longer than the grace, the holder is provably gone.
    let taken: { held?: boolean; busy?: string } = {};
    while (taken.held !== true) {
      taken = tryFrom(lockPath, 'runner-b', { graceMs: 100 });
    }
    const contender = await startHolder(lockPath, 'runner-b', { graceMs: 100 });
    children.push(contender.child);
    expect(contender.first).toEqual({ held: true });

    holder.child.kill('SIGCONT');
    expect(await holder.next()).toMatchObject({ lost: 'LOCK_LOST' });
    expect(await exited(holder.child)).toBe(75);
    expect(JSON.parse(fs.readFileSync(lockPath, 'utf8'))).toMatchObject({
      hostname: 'runner-b',
      pid: contender.child.pid,
    });
  });

  it('GIVEN a holder killed with SIGKILL WHEN a run on its host asks THEN it takes over at once; a run on another host cannot prove it gone before the lease expires', async () => {
    const holder = await startHolder(lockPath, 'runner-a');
    holder.child.kill('SIGKILL');
    await exited(holder.child);

    expect(tryFrom(lockPath, 'runner-b').busy).toMatch(/runner-a/);
    expect(tryFrom(lockPath, 'runner-a')).toEqual({ held: true });
  });

  it('GIVEN a holder that renews its lease THEN the lock file is always a whole record, renewed in place', async () => {
    const holder = await startHolder(lockPath, 'runner-a', { leaseMs: 40 });
    children.push(holder.child);
    const first = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
    let renewed = first;
    while (renewed.renewedAt === first.renewedAt) {
      // Read while the holder renews: never empty, never half a record.
      renewed = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
    }
    expect(renewed).toMatchObject({
      nonce: first.nonce,
      startedAt: first.startedAt,
      hostname: 'runner-a',
      pid: holder.child.pid,
      leaseMs: 40,
    });
  });
});

describe('judging a lock', () => {
  const now = Date.parse('2026-06-01T12:00:00.000Z');
  const record = (fields: Record<string, unknown>): string =>
    JSON.stringify({
      pid: 42,
      hostname: 'runner-a',
      startedAt: '2026-06-01T11:00:00.000Z',
      renewedAt: '2026-06-01T11:59:50.000Z',
      leaseMs: 60_000,
      nonce: 'n',
      ...fields,
    });
  const context = { hostname: 'runner-b', nowMs: now, isProcessAlive: () => false, graceMs: 300_000 };

  it.each([
    ['a fresh lease on another host', 'live', record({}), 0],
    ['a lease expired less than the grace ago', 'live', record({ renewedAt: '2026-06-01T11:55:00.000Z' }), 0],
    [
      'a lease expired longer than the grace ago',
      'stale',
      record({ renewedAt: '2026-06-01T11:50:00.000Z' }),
      0,
    ],
    ['an empty file (no longer possible; a damaged one), fresh', 'live', '', 0],
    ['an empty file older than a lease and the grace', 'stale', '', 400_000],
    ['an unparseable time', 'stale', record({ renewedAt: 'soon' }), 0],
  ])('GIVEN %s THEN it is %s', (_what, state, content, ageMs) => {
    expect(judgeLock(content, ageMs, context).state).toBe(state);
  });

  it('GIVEN the same host THEN a dead pid is stale and a live pid with a fresh lease is live', () => {
    expect(judgeLock(record({ hostname: 'runner-b' }), 0, context).state).toBe('stale');
    expect(
      judgeLock(record({ hostname: 'runner-b' }), 0, { ...context, isProcessAlive: () => true }).state,
    ).toBe('live');
  });

  it("GIVEN a held lock WHEN its file is replaced by another run THEN assertHeld throws LOCK_LOST and release leaves the other run's file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-lock-'));
    const lockPath = path.join(dir, 'lock');
    const attempt = await tryLock(lockPath);
    if (!('held' in attempt)) throw new Error('not held');
    const other = record({ nonce: 'other', renewedAt: new Date().toISOString() });
    fs.writeFileSync(lockPath, other);

    expect(() => attempt.held.assertHeld()).toThrow(expect.objectContaining({ code: 'LOCK_LOST' }));
    await attempt.held.release();
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(other);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('taking over a stale lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-takeover-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const stale = JSON.stringify({
    pid: 999_999,
    hostname: 'runner-a',
    startedAt: '2026-06-01T11:00:00.000Z',
    renewedAt: '2026-06-01T11:00:00.000Z',
    leaseMs: 60_000,
    nonce: 'crashed',
  });
  const options = { hostname: 'runner-a', isProcessAlive: () => false };
  const claims = (): string[] => fs.readdirSync(dir).filter((name) => name.includes('.takeover-'));

  it('GIVEN a lock of a dead process WHEN taken THEN it is taken over and no claim is left behind', async () => {
    const lockPath = path.join(dir, 'lock');
    fs.writeFileSync(lockPath, stale);
    const attempt = await tryLock(lockPath, options);
    expect('held' in attempt).toBe(true);
    expect(claims()).toEqual([]);
    if ('held' in attempt) await attempt.held.release();
  });

  it('GIVEN another run claiming the same stale record right now WHEN taken THEN this run is refused and leaves both alone', async () => {
    const lockPath = path.join(dir, 'lock');
    fs.writeFileSync(lockPath, stale);
    // A fresh claim on the stale record, as a run in the middle of its takeover has.
    const claimName = `lock.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`;
    fs.writeFileSync(path.join(dir, claimName), '{}');
    const refused = await tryLock(lockPath, options);
    expect('busy' in refused).toBe(true);
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(stale);
    expect(claims()).toEqual([claimName]);

    // WHEN the claim is older than a lease and the grace (its run died mid-takeover) THEN it goes, and the next try takes over.
    const old = new Date(Date.now() - 7 * 60_000);
    fs.utimesSync(path.join(dir, claimName), old, old);
    const afterAbandoned = await tryLock(lockPath, options);
    expect('held' in afterAbandoned).toBe(true);
    expect(claims()).toEqual([]);
    if ('held' in afterAbandoned) await afterAbandoned.held.release();
  });
});

describe('lock errors share one exit code', () => {
  it.each([
    ['REPOSITORY_LOCKED', new RepositoryLockedError('/w/.x.lock', 'pid 1 on host a', 'wait')],
    ['TREE_LOCKED', new TreeLockedError('/w/lock', 'locked', 'wait')],
    ['LOCK_LOST', new LockLostError('/w/lock', 'pid 2 on host b')],
  ])('GIVEN %s WHEN reported THEN the exit code is 75', (code, error) => {
    const io: CliIo = {
      cwd: '/',
      env: {},
      out: () => undefined,
      err: () => undefined,
      isTTY: false,
      now: () => new Date(0),
    };
    expect(error.code).toBe(code);
    expect(reportError(error, io, false)).toBe(ExitCode.locked);
    expect(ExitCode.locked).toBe(75);
  });
});
