import * as path from 'path';
import { Config, loadConfig } from '../config/config';
import { GitopsSynthError, shownValue } from '../errors';
import { IntentLimits, parseByteSize } from '../intents/limits';
import { ClusterSelection, parseShard } from '../selection';
import { CliIo } from './io';

/** The flags every command shares, as yargs parses them. */
export interface GlobalArgs {
  readonly debug?: boolean;
  readonly config?: string;
  readonly intents?: string;
  readonly root?: string;
  readonly repo?: string;
  readonly base?: string;
  readonly clusters?: string;
  readonly shard?: string;
  readonly quiet?: boolean;
  readonly 'max-intents-file-size'?: string;
  readonly 'max-intents-total-size'?: string;
  readonly 'max-intents-depth'?: number;
}

/** What a command needs to run: the process, the config and the checked shared flags. */
export interface CommandContext {
  readonly io: CliIo;
  readonly config: Config;
  readonly debug: boolean;
  readonly quiet: boolean;
  /** The repository root the tree lives under (absolute). */
  readonly root: string;
  readonly selection: ClusterSelection;
  /** `--repo` or the config's `repo`. */
  readonly repo?: string;
  /** `--base` or the config's `base`, else `main`. */
  readonly base: string;
  /** `--max-intents-file-size`, `--max-intents-total-size`, `--max-intents-depth`; unset ones keep their defaults. */
  readonly limits: Partial<IntentLimits>;
  readonly args: GlobalArgs;
}

/** Checks the shared flags and reads the config; called before any side effect. */
export function commandContext(args: GlobalArgs, io: CliIo): CommandContext {
  const config = loadConfig(io.cwd, args.config);
  return {
    io,
    config,
    debug: args.debug === true,
    quiet: args.quiet === true,
    root: path.resolve(io.cwd, args.root ?? '.'),
    selection: {
      pattern: args.clusters,
      shard: args.shard === undefined ? undefined : parseShard(args.shard),
    },
    repo: args.repo ?? config.repo,
    base: args.base ?? config.base ?? 'main',
    limits: intentLimitsFrom(args),
    args,
  };
}

/** Parses the `--max-intents-*` flags, quoting the flag and what it takes. */
export function intentLimitsFrom(args: GlobalArgs): Partial<IntentLimits> {
  const size = (flag: 'max-intents-file-size' | 'max-intents-total-size'): number | undefined => {
    const value = args[flag];
    if (value === undefined) return undefined;
    const bytes = parseByteSize(String(value));
    if (bytes === undefined) {
      throw new GitopsSynthError('INVALID_FLAG', `--${flag}: '${String(value)}' is not a size`, {
        hint: `write bytes, or a number with KiB, MiB or GiB (for example --${flag} 64MiB)`,
      });
    }
    return bytes;
  };
  const depth = args['max-intents-depth'];
  if (depth !== undefined && (!Number.isInteger(depth) || depth < 1)) {
    throw new GitopsSynthError(
      'INVALID_FLAG',
      `--max-intents-depth: '${String(depth)}' is not a whole number of 1 or more`,
    );
  }
  const limits: { -readonly [K in keyof IntentLimits]?: number } = {};
  const file = size('max-intents-file-size');
  const total = size('max-intents-total-size');
  if (file !== undefined) limits.maxFileBytes = file;
  if (total !== undefined) limits.maxTotalBytes = total;
  if (depth !== undefined) limits.maxDepth = depth;
  return limits;
}

/** The intents path from `--intents` or the config file; fails naming both when neither gives one. */
export function intentsPath(context: CommandContext): string {
  if (context.args.intents !== undefined) {
    return path.resolve(context.io.cwd, context.args.intents);
  }
  if (context.config.intents !== undefined) {
    return context.config.intents;
  }
  throw new GitopsSynthError('INVALID_FLAG', '--intents: no intents given', {
    hint: 'pass --intents <file-or-directory>, or set `intents` in gitops-synth.yaml',
  });
}

/** Parses `--max-deletion-share`, quoting the flag and the valid range. */
export function parseDeletionShare(value: unknown, fallback: number | undefined): number {
  if (value === undefined) {
    return fallback ?? 0.5;
  }
  const share = Number(value);
  if (!Number.isFinite(share) || share < 0 || share > 1) {
    throw new GitopsSynthError(
      'INVALID_FLAG',
      `--max-deletion-share: '${shownValue(value)}' is not a number from 0 to 1`,
    );
  }
  return share;
}
