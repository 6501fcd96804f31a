import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { GitopsSynthError, Problem, ValidationError } from '../errors';
import { parseRolloutPolicy, RolloutPolicy } from '../rollout/policy';

/** The file name gitops-synth looks for in the current directory when `--config` is not given. */
export const DEFAULT_CONFIG_FILE = 'gitops-synth.yaml';

/** Settings that may live in the config file; every one has a flag that overrides it. */
export interface Config {
  /** Where the file was read from, or undefined when no file was used. */
  readonly file?: string;
  /** The intents file or directory, resolved against the config file's directory. */
  readonly intents?: string;
  /** The GitOps repository URL (or path) that clusters pull from and `publish` pushes to. */
  readonly repo?: string;
  /** The branch clusters follow and pull requests target. */
  readonly base?: string;
  readonly provider?: string;
  readonly apiUrl?: string;
  readonly project?: string;
  readonly groupBy?: string;
  /** The share of owned files a run may delete without `--allow-deletions` (0..1). */
  readonly maxDeletionShare?: number;
  /** Rollout waves, failure budget and freeze windows (docs/rollout.md); undefined: no gating. */
  readonly rollout?: RolloutPolicy;
}

const STRING_FIELDS = ['intents', 'repo', 'base', 'provider', 'apiUrl', 'project', 'groupBy'] as const;
const KNOWN_FIELDS = new Set<string>(['apiVersion', 'kind', ...STRING_FIELDS, 'maxDeletionShare', 'rollout']);

/**
 * Reads the config file: `explicit` when given (it must exist), else
 * `gitops-synth.yaml` in `cwd` when present, else an empty config.
 */
export function loadConfig(cwd: string, explicit?: string): Config {
  const file = explicit !== undefined ? path.resolve(cwd, explicit) : path.join(cwd, DEFAULT_CONFIG_FILE);
  if (!fs.existsSync(file)) {
    if (explicit !== undefined) {
      throw new GitopsSynthError('CONFIG_NOT_FOUND', `--config: ${explicit} does not exist`);
    }
    return {};
  }
  return parseConfig(fs.readFileSync(file, 'utf8'), file);
}

/** Parses and checks a config file's text (pure). Paths are resolved against the file's directory. */
export function parseConfig(text: string, file: string): Config {
  const document = parseDocument(text);
  const problems: Problem[] = document.errors.map((error) => ({
    file,
    path: '',
    rule: 'yaml-syntax',
    message: error.message,
  }));
  const raw: unknown = problems.length === 0 ? (document.toJS() ?? {}) : {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ file, path: '', rule: 'type', message: 'the config file must hold a mapping' });
  }
  const data = (problems.length === 0 ? raw : {}) as Record<string, unknown>;
  for (const key of Object.keys(data)) {
    if (!KNOWN_FIELDS.has(key)) {
      problems.push({
        file,
        path: key,
        rule: 'unknown-field',
        message: `unknown field '${key}'; known fields: ${[...KNOWN_FIELDS].join(', ')}`,
      });
    }
  }
  for (const key of STRING_FIELDS) {
    if (data[key] !== undefined && typeof data[key] !== 'string') {
      problems.push({ file, path: key, rule: 'type', message: `'${key}' must be a string` });
    }
  }
  const share = data.maxDeletionShare;
  if (share !== undefined && (typeof share !== 'number' || share < 0 || share > 1)) {
    problems.push({
      file,
      path: 'maxDeletionShare',
      rule: 'range',
      message: 'maxDeletionShare must be a number from 0 to 1',
    });
  }
  const rollout = data.rollout === undefined ? undefined : parseRolloutPolicy(data.rollout, file, problems);
  if (problems.length > 0) {
    throw new ValidationError('CONFIG_INVALID', `the config file ${file} is invalid`, problems);
  }
  const dir = path.dirname(file);
  const str = (key: (typeof STRING_FIELDS)[number]): string | undefined => data[key] as string | undefined;
  return {
    file,
    intents: str('intents') === undefined ? undefined : path.resolve(dir, str('intents')!),
    repo: str('repo'),
    base: str('base'),
    provider: str('provider'),
    apiUrl: str('apiUrl'),
    project: str('project'),
    groupBy: str('groupBy'),
    maxDeletionShare: share as number | undefined,
    rollout,
  };
}
