import * as path from 'path';
import { Config, loadConfig } from '../config/config';
import { GitopsSynthError } from '../errors';
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
    selection: { pattern: args.clusters, shard: args.shard === undefined ? undefined : parseShard(args.shard) },
    repo: args.repo ?? config.repo,
    base: args.base ?? config.base ?? 'main',
    args,
  };
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
    throw new GitopsSynthError('INVALID_FLAG', `--max-deletion-share: '${String(value)}' is not a number from 0 to 1`);
  }
  return share;
}
