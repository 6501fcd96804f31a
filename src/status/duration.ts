import { GitopsSynthError } from '../errors';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Parses a duration such as `90s`, `15m`, `1h30m` or `2d` into seconds (pure).
 * `flag` names the flag in the error.
 */
export function parseDuration(value: string, flag: string): number {
  const text = value.trim();
  const parts = [...text.matchAll(/(\d+)([smhd])/g)];
  if (text === '' || parts.map((p) => p[0]).join('') !== text) {
    throw new GitopsSynthError('INVALID_FLAG', `${flag}: '${value}' is not a duration`, {
      hint: 'use a number and a unit s, m, h or d, e.g. 90s, 15m, 1h30m',
    });
  }
  const seconds = parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_SECONDS[p[2]], 0);
  if (seconds <= 0) {
    throw new GitopsSynthError('INVALID_FLAG', `${flag}: '${value}' must be longer than zero`);
  }
  return seconds;
}
