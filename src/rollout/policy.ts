/**
 * The rollout policy of the config file (`rollout:`): waves in order, a failure
 * budget and freeze windows. Parsed and checked here, once, before any side effect;
 * every problem names the file, the field and the rule.
 */
import { GitopsSynthError, Problem } from '../errors';
import { parseDuration } from '../duration';

/** One wave: the clusters it holds, how long they soak once applied, how many may be in flight. */
export interface Wave {
  readonly name: string;
  /** Glob patterns (`*`, `?`); a cluster belongs to the first wave whose globs match it. */
  readonly clusters: readonly string[];
  /** Seconds every cluster of the wave stays applied before the next wave starts (0: none). */
  readonly soakSeconds: number;
  /** At most this many of the wave's clusters in flight at once; undefined: no limit. */
  readonly maxClusters?: number;
}

/** A window inside which no new pull request opens. */
export interface FreezeWindow {
  /** Epoch milliseconds, inclusive. */
  readonly start: number;
  /** Epoch milliseconds, exclusive. */
  readonly end: number;
  readonly reason: string;
}

/** The whole `rollout` section. */
export interface RolloutPolicy {
  readonly waves: readonly Wave[];
  /** This many failed clusters halt the rollout. */
  readonly failureBudget: number;
  readonly freeze: readonly FreezeWindow[];
}

/** The failure budget when the section names none: the first failure halts. */
export const DEFAULT_FAILURE_BUDGET = 1;

const WAVE_FIELDS = new Set(['name', 'clusters', 'soak', 'maxClusters']);
const ROLLOUT_FIELDS = new Set(['waves', 'failureBudget', 'freeze']);
const FREEZE_FIELDS = new Set(['start', 'end', 'reason']);
/** RFC 3339 with an explicit zone: a freeze window must not depend on the runner's time zone. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks the `rollout` value of the config file (pure); problems are appended to
 * `problems`, and the policy is returned only when there were none.
 */
export function parseRolloutPolicy(
  raw: unknown,
  file: string,
  problems: Problem[],
): RolloutPolicy | undefined {
  const before = problems.length;
  const add = (path: string, rule: string, message: string): void =>
    void problems.push({ file, path, rule, message });
  if (!isRecord(raw)) {
    add('rollout', 'type', "'rollout' must be a mapping with 'waves'");
    return undefined;
  }
  unknownFields(raw, ROLLOUT_FIELDS, 'rollout', add);
  const waves = parseWaves(raw.waves, add);
  const budget = raw.failureBudget ?? DEFAULT_FAILURE_BUDGET;
  if (!Number.isInteger(budget) || (budget as number) < 1) {
    add('rollout.failureBudget', 'range', 'failureBudget must be a whole number of at least 1');
  }
  const freeze = parseFreeze(raw.freeze ?? [], add);
  if (problems.length > before) return undefined;
  return { waves, failureBudget: budget as number, freeze };
}

type Add = (path: string, rule: string, message: string) => void;

function unknownFields(raw: Record<string, unknown>, known: ReadonlySet<string>, at: string, add: Add): void {
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) {
      add(`${at}.${key}`, 'unknown-field', `unknown field '${key}'; known fields: ${[...known].join(', ')}`);
    }
  }
}

function parseWaves(raw: unknown, add: Add): Wave[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    add('rollout.waves', 'required', "'waves' must be a non-empty list of waves");
    return [];
  }
  const names = new Set<string>();
  return raw.map((entry: unknown, index) => {
    const at = `rollout.waves[${index}]`;
    if (!isRecord(entry)) {
      add(at, 'type', 'a wave must be a mapping with name and clusters');
      return { name: '', clusters: [], soakSeconds: 0 };
    }
    unknownFields(entry, WAVE_FIELDS, at, add);
    const name = typeof entry.name === 'string' ? entry.name : '';
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
      add(`${at}.name`, 'wave-name', 'name must be lower-case letters, digits and dashes (e.g. canary)');
    } else if (names.has(name)) {
      add(`${at}.name`, 'duplicate-wave', `the wave name '${name}' is used twice`);
    }
    names.add(name);
    const clusters = entry.clusters;
    const globsOk =
      Array.isArray(clusters) &&
      clusters.length > 0 &&
      clusters.every((glob) => typeof glob === 'string' && /^[A-Za-z0-9*?._-]+$/.test(glob));
    if (!globsOk) {
      add(
        `${at}.clusters`,
        'cluster-globs',
        "clusters must be a non-empty list of globs such as 'cluster-lab-*'",
      );
    }
    return {
      name,
      clusters: globsOk ? (clusters as string[]) : [],
      soakSeconds: soakOf(entry.soak, `${at}.soak`, add),
      maxClusters: maxClustersOf(entry.maxClusters, `${at}.maxClusters`, add),
    };
  });
}

function soakOf(raw: unknown, at: string, add: Add): number {
  if (raw === undefined) return 0;
  if (typeof raw !== 'string') {
    add(at, 'duration', 'soak must be a duration such as 30m, 1h30m or 2d');
    return 0;
  }
  try {
    // The grammar's parser answers in milliseconds; the policy keeps seconds.
    return parseDuration(raw, at) / 1000;
  } catch (error) {
    // The parser names the field itself; the report names it once, before the message.
    const message = error instanceof GitopsSynthError ? error.message : String(error);
    add(at, 'duration', message.startsWith(`${at}: `) ? message.slice(at.length + 2) : message);
    return 0;
  }
}

function maxClustersOf(raw: unknown, at: string, add: Add): number | undefined {
  if (raw === undefined) return undefined;
  if (!Number.isInteger(raw) || (raw as number) < 1) {
    add(at, 'range', 'maxClusters must be a whole number of at least 1');
    return undefined;
  }
  return raw as number;
}

function parseFreeze(raw: unknown, add: Add): FreezeWindow[] {
  if (!Array.isArray(raw)) {
    add('rollout.freeze', 'type', "'freeze' must be a list of { start, end, reason }");
    return [];
  }
  return raw.flatMap((entry: unknown, index) => {
    const at = `rollout.freeze[${index}]`;
    if (!isRecord(entry)) {
      add(at, 'type', 'a freeze window must be a mapping { start, end, reason }');
      return [];
    }
    unknownFields(entry, FREEZE_FIELDS, at, add);
    const start = timestampOf(entry.start, `${at}.start`, add);
    const end = timestampOf(entry.end, `${at}.end`, add);
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '' || /[\r\n]/.test(entry.reason)) {
      add(`${at}.reason`, 'required', 'reason must be a non-empty single line');
    }
    if (start !== undefined && end !== undefined && end <= start) {
      add(`${at}.end`, 'window-order', 'end must come after start');
    }
    return start === undefined || end === undefined ? [] : [{ start, end, reason: String(entry.reason) }];
  });
}

function timestampOf(raw: unknown, at: string, add: Add): number | undefined {
  // YAML reads an unquoted timestamp as a Date.
  const text = raw instanceof Date ? raw.toISOString() : raw;
  if (typeof text !== 'string' || !TIMESTAMP.test(text) || Number.isNaN(Date.parse(text))) {
    add(at, 'timestamp', 'must be an RFC 3339 timestamp with a zone, e.g. 2026-12-24T00:00:00Z');
    return undefined;
  }
  return Date.parse(text);
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}

/** The index of the wave a cluster belongs to (the first whose globs match), or -1 (pure). */
export function waveIndexOf(policy: RolloutPolicy, clusterId: string): number {
  return policy.waves.findIndex((wave) => wave.clusters.some((glob) => globToRegExp(glob).test(clusterId)));
}

/** The freeze window `nowMs` falls in, if any (pure). */
export function activeFreeze(policy: RolloutPolicy, nowMs: number): FreezeWindow | undefined {
  return policy.freeze.find((window) => nowMs >= window.start && nowMs < window.end);
}
