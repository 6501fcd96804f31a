import { DURATION_SYNTAX, formatDuration, parseDuration } from '../src/duration';
import { GitopsSynthError } from '../src/errors';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('the duration grammar', () => {
  it.each([
    ['90s', 90 * S],
    ['15m', 15 * M],
    ['72h', 72 * H],
    ['7d', 7 * D],
    ['1h30m', H + 30 * M],
    ['2d12h30m15s', 2 * D + 12 * H + 30 * M + 15 * S],
    ['  1h30m\t', H + 30 * M],
    ['0h30m', 30 * M],
    ['007m', 7 * M],
  ])('GIVEN %p WHEN parsed THEN it is %p ms', (text, ms) => {
    expect(parseDuration(text, '--flag')).toBe(ms);
  });

  it.each([
    ['', 'use a whole number'],
    ['   ', 'use a whole number'],
    ['10', 'use a whole number'],
    ['h', 'use a whole number'],
    ['1.5h', 'use a whole number'],
    ['-1d', 'use a whole number'],
    ['+1d', 'use a whole number'],
    ['1h 30m', 'use a whole number'],
    ['1H', 'use a whole number'],
    ['3w', 'use a whole number'],
    ['5ms', 'use a whole number'],
    ['30m1h', 'use a whole number'],
    ['1h1h', 'use a whole number'],
    ['1h30', 'use a whole number'],
    ['１h', 'use a whole number'],
    ['1e3s', 'use a whole number'],
    ['99999999999999999999d', 'use a whole number'],
    ['0m', 'longer than zero'],
    ['0d0h0m0s', 'longer than zero'],
  ])('GIVEN %p WHEN parsed THEN INVALID_FLAG quotes the flag and the value and says %p', (text, rule) => {
    let error: unknown;
    try {
      parseDuration(text, '--stale-after');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GitopsSynthError);
    expect((error as GitopsSynthError).code).toBe('INVALID_FLAG');
    expect((error as GitopsSynthError).message).toContain(`--stale-after: '${text}' is not a duration: `);
    expect((error as GitopsSynthError).message).toContain(rule);
    expect((error as GitopsSynthError).hint).toContain(DURATION_SYNTAX);
  });

  it('GIVEN a limit WHEN the duration is longer THEN it is refused naming the limit, and at the limit it is accepted', () => {
    expect(parseDuration('24d', '--poll-interval', { maxMs: 24 * D })).toBe(24 * D);
    expect(() => parseDuration('24d1s', '--poll-interval', { maxMs: 24 * D })).toThrow(
      "--poll-interval: '24d1s' is not a duration: it must be at most 24d",
    );
  });

  it.each([
    [0, '0s'],
    [999, '0s'],
    [90 * S, '1m30s'],
    [H + 5 * M, '1h5m'],
    [7 * D, '7d'],
    [2 * D + 12 * H + 30 * M + 15 * S, '2d12h30m15s'],
  ])('GIVEN %p ms WHEN formatted THEN it reads %p, which parses back (zero aside)', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    if (ms >= S) expect(parseDuration(text, '--flag')).toBe(Math.floor(ms / S) * S);
  });
});
