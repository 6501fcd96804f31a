/**
 * The one duration grammar of every flag that takes a length of time
 * (`--operation-retention`, `status --stale-after`, `status serve --poll-interval`):
 *
 *     duration = 1*( digits unit )      ; units from largest to smallest, each at most once
 *     unit     = "d" / "h" / "m" / "s"  ; days, hours, minutes, seconds
 *
 * So `90s`, `15m`, `1h30m`, `7d` and `2d12h` are durations; `1.5h` (no fractions),
 * `1h 30m` (no spaces inside), `30m1h` (out of order), `1H` (units are lower case),
 * `10` (no unit) and `0m` (not longer than zero) are not. Pure.
 */
import { GitopsSynthError } from './errors';

/** Each unit and its length in milliseconds, largest first (the order a duration writes them in). */
export const DURATION_UNITS: readonly (readonly [unit: string, ms: number])[] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

/** How `--help`, the README and errors describe the grammar; one sentence, so they all agree. */
export const DURATION_SYNTAX =
  'a whole number and a unit s, m, h or d, or several from largest to smallest: 90s, 15m, 1h30m, 7d';

/** Limits a caller may set on a duration. */
export interface DurationLimits {
  /** The longest accepted, in milliseconds (for example what a timer can wait). */
  readonly maxMs?: number;
}

const PART = /(\d+)([a-z])/gy;

/**
 * Parses a duration into milliseconds. Leading and trailing blanks are ignored.
 * @throws GitopsSynthError `INVALID_FLAG` quoting `flag` and the value, with the grammar.
 */
export function parseDuration(value: string, flag: string, limits: DurationLimits = {}): number {
  const text = value.trim();
  const ms = sumParts(text);
  if (ms === undefined) {
    throw invalid(flag, value, `use ${DURATION_SYNTAX}`);
  }
  if (ms <= 0) {
    throw invalid(flag, value, 'it must be longer than zero');
  }
  if (limits.maxMs !== undefined && ms > limits.maxMs) {
    throw invalid(flag, value, `it must be at most ${formatDuration(limits.maxMs)}`);
  }
  return ms;
}

/** The total of the parts, or undefined when `text` is not in the grammar. */
function sumParts(text: string): number | undefined {
  if (text === '') return undefined;
  PART.lastIndex = 0;
  let total = 0;
  let previousRank = -1;
  let end = 0;
  for (const [whole, digits, unit] of text.matchAll(PART)) {
    const rank = DURATION_UNITS.findIndex(([name]) => name === unit);
    // Each unit once and in order, so a duration has exactly one spelling per value written.
    if (rank <= previousRank) return undefined;
    previousRank = rank;
    total += Number(digits) * DURATION_UNITS[rank][1];
    end += whole.length;
  }
  return end === text.length && Number.isSafeInteger(total) ? total : undefined;
}

/** Writes milliseconds in the grammar, largest unit first (`5400000` → `1h30m`); rounds down to seconds. */
export function formatDuration(ms: number): string {
  let rest = Math.floor(ms / 1000) * 1000;
  const parts: string[] = [];
  for (const [unit, size] of DURATION_UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.length === 0 ? '0s' : parts.join('');
}

function invalid(flag: string, value: string, rule: string): GitopsSynthError {
  return new GitopsSynthError('INVALID_FLAG', `${flag}: '${value}' is not a duration: ${rule}`, {
    hint: `a duration is ${DURATION_SYNTAX}`,
  });
}
