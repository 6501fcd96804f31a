import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { acquireRepositoryLock, lockPathFor, RepositoryLockedError, withRepositoryLock } from '../../src/git';
import type { RetryClock } from '../../src/retry';
import { makeTempRoot } from '../support/git-server';

const temp = makeTempRoot('git-lock');
afterAll(() => temp.cleanup());
let counter = 0;
const newDir = () => join(temp.root, `work-${++counter}`);

/** A clock that records sleeps and runs `onSleep` instead of waiting. */
function fakeClock(
  onSleep: (ms: number, call: number) => void | Promise<void> = () => undefined,
): RetryClock & { slept: number[] } {
  const slept: number[] = [];
  return {
    slept,
    random: () => 0.5,
    sleep: async (ms) => {
      slept.push(ms);
      await onSleep(ms, slept.length);
    },
  };
}

const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('repository lock', () => {
  it('GIVEN a free directory WHEN the lock is taken THEN the lock file beside it names this process and release removes it', async () => {
    const dir = newDir();

    const lock = await acquireRepositoryLock(dir, { clock: fakeClock(), policy });

    expect(lock.path).toBe(lockPathFor(dir));
    expect(lock.path).toBe(join(temp.root, `.work-${counter}.gitops-synth.lock`));
    const content = JSON.parse(readFileSync(lock.path, 'utf8'));
    expect(content).toMatchObject({ pid: process.pid, hostname: hostname(), nonce: lock.owner.nonce });
    expect(Number.isNaN(Date.parse(content.startedAt))).toBe(false);
    await lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('GIVEN a live holder WHEN a second run asks for the lock THEN it waits with backoff and fails with REPOSITORY_LOCKED naming the holder', async () => {
    const dir = newDir();
    const first = await acquireRepositoryLock(dir, { clock: fakeClock(), policy });
    const clock = fakeClock();

    const error = await acquireRepositoryLock(dir, { clock, policy }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RepositoryLockedError);
    expect(error).toMatchObject({ code: 'REPOSITORY_LOCKED', lockPath: first.path });
    expect((error as Error).message).toContain(`pid ${process.pid} on host ${hostname()}`);
    expect((error as RepositoryLockedError).hint).toContain(first.path);
    expect(clock.slept).toEqual([75, 150, 300]);
    expect(JSON.parse(readFileSync(first.path, 'utf8')).nonce).toBe(first.owner.nonce);
    await first.release();
  });

  it('GIVEN a live holder that finishes while the second run waits THEN the second run gets the lock', async () => {
    const dir = newDir();
    const first = await acquireRepositoryLock(dir, { clock: fakeClock(), policy });
    const clock = fakeClock(async (_ms, call) => {
      if (call === 2) {
        await first.release();
      }
    });

    const second = await acquireRepositoryLock(dir, { clock, policy });

    expect(clock.slept).toHaveLength(2);
    expect(JSON.parse(readFileSync(second.path, 'utf8')).nonce).toBe(second.owner.nonce);
    await second.release();
  });

  it('GIVEN a lock left by a process that died on this host WHEN the lock is asked for THEN it is taken over at once', async () => {
    const dir = newDir();
    const pid = deadPid();
    writeFileSync(
      lockPathFor(dir),
      JSON.stringify({ pid, hostname: hostname(), startedAt: '2024-01-01T00:00:00.000Z', nonce: 'dead' }),
    );
    const clock = fakeClock();

    const lock = await acquireRepositoryLock(dir, { clock, policy });

    expect(clock.slept).toEqual([]);
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({
      pid: process.pid,
      nonce: lock.owner.nonce,
    });
    await lock.release();
  });

  it('GIVEN a lock from another host WHEN it is recent THEN it is waited for, and WHEN older than the limit THEN it is taken over', async () => {
    const dir = newDir();
    const now = new Date('2024-06-01T12:00:00.000Z');
    const foreign = (startedAt: string) =>
      JSON.stringify({ pid: 1, hostname: 'other-runner', startedAt, nonce: 'foreign' });
    writeFileSync(lockPathFor(dir), foreign('2024-06-01T11:59:00.000Z'));

    await expect(acquireRepositoryLock(dir, { clock: fakeClock(), policy, now: () => now })).rejects.toThrow(
      /other-runner/,
    );

    writeFileSync(lockPathFor(dir), foreign('2024-06-01T10:00:00.000Z'));
    const lock = await acquireRepositoryLock(dir, { clock: fakeClock(), policy, now: () => now });
    expect(lock.owner.hostname).toBe(hostname());
    await lock.release();
  });

  it('GIVEN an empty lock file WHEN it is fresh THEN it counts as live, and WHEN old THEN it is taken over', async () => {
    const dir = newDir();
    writeFileSync(lockPathFor(dir), '');

    await expect(acquireRepositoryLock(dir, { clock: fakeClock(), policy })).rejects.toBeInstanceOf(
      RepositoryLockedError,
    );

    const old = new Date(Date.now() - 10 * 60 * 1000); // older than a lease (60 s) and the grace (5 min)
    utimesSync(lockPathFor(dir), old, old);
    const lock = await acquireRepositoryLock(dir, { clock: fakeClock(), policy });
    await lock.release();
  });

  it("GIVEN a held lock taken over by another run WHEN the first run releases THEN the other run's lock file stays", async () => {
    const dir = newDir();
    const first = await acquireRepositoryLock(dir, { clock: fakeClock(), policy, pid: deadPid() });
    const second = await acquireRepositoryLock(dir, { clock: fakeClock(), policy }); // first's pid is dead: taken over

    await first.release();

    expect(JSON.parse(readFileSync(lockPathFor(dir), 'utf8')).nonce).toBe(second.owner.nonce);
    await second.release();
    expect(existsSync(lockPathFor(dir))).toBe(false);
  });

  it('GIVEN two runs racing for a free lock THEN exactly one holds it', async () => {
    const dir = newDir();
    const attempt = () =>
      acquireRepositoryLock(dir, { clock: fakeClock(), policy: { ...policy, attempts: 1 } });

    const results = await Promise.allSettled([attempt(), attempt(), attempt()]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => r.reason.code)).toEqual([
      'REPOSITORY_LOCKED',
      'REPOSITORY_LOCKED',
    ]);
    await (
      results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ release(): Promise<void> }>
    ).value.release();
  });

  it('GIVEN withRepositoryLock WHEN the action throws THEN the lock is released and the error passes through', async () => {
    const dir = newDir();

    await expect(
      withRepositoryLock(
        dir,
        async (lock) => {
          expect(existsSync(lock.path)).toBe(true);
          throw new Error('publish failed');
        },
        { clock: fakeClock(), policy },
      ),
    ).rejects.toThrow('publish failed');

    expect(existsSync(lockPathFor(dir))).toBe(false);
  });

  it('GIVEN a held lock WHEN the process exits without releasing THEN its exit handler removes the lock file', async () => {
    const dir = newDir();
    const before = process.listenerCount('exit');
    const lock = await acquireRepositoryLock(dir, { clock: fakeClock(), policy });
    expect(process.listenerCount('exit')).toBe(before + 1);

    process.listeners('exit').at(-1)?.call(process, 0);

    expect(existsSync(lock.path)).toBe(false);
    await lock.release();
    expect(process.listenerCount('exit')).toBe(before);
  });

  it('GIVEN a lock held by another live process WHEN asked for THEN it is refused, and once that process is killed THEN it is taken over', async () => {
    const dir = newDir();
    const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
    writeFileSync(
      lockPathFor(dir),
      JSON.stringify({
        pid: holder.pid,
        hostname: hostname(),
        startedAt: new Date().toISOString(),
        nonce: 'holder',
      }),
    );

    await expect(acquireRepositoryLock(dir, { clock: fakeClock(), policy })).rejects.toThrow(
      `pid ${holder.pid}`,
    );

    await new Promise((resolve) => {
      holder.once('exit', resolve);
      holder.kill('SIGKILL');
    });
    const lock = await acquireRepositoryLock(dir, { clock: fakeClock(), policy });
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).nonce).toBe(lock.owner.nonce);
    await lock.release();
  });
});
