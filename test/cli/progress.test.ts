import { CliIo } from '../../src/cli/io';
import { createProgress, wantsProgress } from '../../src/cli/progress';

function fakeIo(isTTY: boolean, env: NodeJS.ProcessEnv = {}): CliIo & { errors: string[] } {
  let now = Date.parse('2026-06-01T00:00:00Z');
  const errors: string[] = [];
  return {
    cwd: '/', env, isTTY, errors,
    out: () => undefined,
    err: (text) => errors.push(text),
    now: () => new Date((now += 500)),
  };
}

describe('progress', () => {
  // The fake clock moves 500 ms on every reading: each update sees 0.5 s more.
  it('GIVEN a terminal outside CI WHEN clusters are done THEN one line is rewritten with counts and a rate', () => {
    const io = fakeIo(true);
    expect(wantsProgress(undefined, io)).toBe(true);
    const progress = createProgress(io, 'clusters', true);
    progress.update(1, 4);
    progress.update(2, 4);
    progress.done();
    expect(io.errors).toEqual(['\r1/4 clusters (2.0/s)\x1b[K', '\r2/4 clusters (2.0/s)\x1b[K', '\n']);
  });

  it('GIVEN a CI log WHEN nothing asks for progress THEN it stays quiet, and --progress prints plain lines', () => {
    expect(wantsProgress(undefined, fakeIo(true, { CI: 'true' }))).toBe(false);
    expect(wantsProgress(undefined, fakeIo(false))).toBe(false);
    const io = fakeIo(false, { CI: 'true' });
    expect(wantsProgress(true, io)).toBe(true);
    const progress = createProgress(io, 'clusters', true);
    progress.update(3, 3);
    progress.done();
    expect(io.errors).toEqual(['3/3 clusters (6.0/s)\n']);
  });
});
