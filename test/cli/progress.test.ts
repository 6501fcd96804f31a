import { CliIo } from '../../src/cli/io';
import {
  createProgress,
  formatDuration,
  LOG_INTERVAL_MS,
  progressLine,
  wantsProgress,
} from '../../src/cli/progress';

/** An IO whose clock the test moves by hand. */
function fakeIo(
  isTTY: boolean,
  env: NodeJS.ProcessEnv = {},
): CliIo & { errors: string[]; advance(ms: number): void } {
  let now = Date.parse('2026-06-01T00:00:00Z');
  const errors: string[] = [];
  return {
    cwd: '/',
    env,
    isTTY,
    errors,
    out: () => undefined,
    err: (text) => errors.push(text),
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
}

describe('progress', () => {
  it('GIVEN a terminal outside CI WHEN clusters are done THEN one line is rewritten with counts, a rate and an ETA', () => {
    const io = fakeIo(true);
    expect(wantsProgress(undefined, io)).toBe(true);
    const progress = createProgress(io, 'clusters', true);

    progress.update(0, 4);
    io.advance(500);
    progress.update(1, 4);
    io.advance(500);
    progress.update(2, 4);
    progress.done();

    expect(io.errors).toEqual([
      '\r0/4 clusters\x1b[K',
      '\r1/4 clusters, 2.0/s, ETA 2s\x1b[K',
      '\r2/4 clusters, 2.0/s, ETA 1s\x1b[K',
      '\n',
    ]);
  });

  it('GIVEN a long silent load WHEN the first update comes after it THEN the rate counts only the time since', () => {
    const io = fakeIo(true);
    const progress = createProgress(io, 'clusters', true);
    io.advance(60_000); // loading the intents: nothing reported

    progress.update(0, 10);
    io.advance(1000);
    progress.update(5, 10);

    expect(io.errors[1]).toBe('\r5/10 clusters, 5.0/s, ETA 1s\x1b[K');
  });

  it('GIVEN a CI log WHEN nothing asks for progress THEN it stays quiet, and --progress prints at most one plain line every 10 s', () => {
    expect(wantsProgress(undefined, fakeIo(true, { CI: 'true' }))).toBe(false);
    expect(wantsProgress(undefined, fakeIo(false))).toBe(false);
    const io = fakeIo(false, { CI: 'true' });
    expect(wantsProgress(true, io)).toBe(true);
    const progress = createProgress(io, 'clusters', true);

    progress.update(0, 1000);
    for (let done = 1; done <= 1000; done += 1) {
      io.advance(50); // 50 s in all, one update every 50 ms
      progress.update(done, 1000);
    }
    progress.done();

    expect(io.errors).toHaveLength(5);
    expect(io.errors[0]).toBe('200/1000 clusters, 20.0/s, ETA 40s\n');
    expect(io.errors[4]).toBe('1000/1000 clusters, 20.0/s, done\n');
    expect(LOG_INTERVAL_MS).toBe(10_000);
  });

  it('GIVEN durations WHEN formatted THEN seconds, minutes and hours read as a person writes them', () => {
    expect(formatDuration(0.2)).toBe('1s');
    expect(formatDuration(185)).toBe('3m05s');
    expect(formatDuration(7440)).toBe('2h04m');
    expect(progressLine(0, 5, 'clusters', 3)).toBe('0/5 clusters');
  });
});
