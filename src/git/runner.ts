/**
 * Runs one git command through simple-git with the environment built by
 * `environment.ts`, and returns its output, already redacted. This is the only
 * place that spawns git.
 */
import { GitPluginError, simpleGit, type SimpleGitOptions } from 'simple-git';
import { GitCommandError } from './errors';
import { TOKEN_ENV_VAR, TOKEN_USERNAME_ENV_VAR, type GitProcessEnvironment } from './environment';
import type { TokenSource } from '../contract/token-source';
import { hintForGitFailure } from './failure-hints';
import { redact } from './redact';

/** How to run git in one place. */
export interface GitRunContext {
  /** The working directory (must exist). */
  readonly cwd: string;
  readonly process: GitProcessEnvironment;
  /** The git binary (tests pass a wrapper that records arguments). Default `git`. */
  readonly binary?: string;
  /** Kill git when it prints nothing for this long (a hung network), in ms. */
  readonly idleTimeoutMs: number;
  /** Where a short-lived token comes from; asked before each command that may send it. */
  readonly tokenSource?: TokenSource;
}

/** What a finished git command printed, with secrets redacted. */
export interface GitOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Extra per-command settings. */
export interface RunOptions {
  /** Variables added to the environment for this command only (e.g. the committer identity). */
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** Written to git's standard input. */
  readonly input?: string;
}

/**
 * simple-git guards these: the values are built by `environment.ts` from
 * trusted configuration (never from intents or other untrusted input), so they
 * are allowed here and nowhere else.
 */
const ALLOWED_UNSAFE: SimpleGitOptions['unsafe'] = {
  allowUnsafeConfigEnvCount: true,
  allowUnsafeCredentialHelper: true,
  allowUnsafeSshCommand: true,
};

/**
 * What git reads on standard input. simple-git leaves the pipe open when there is no
 * input, or when the input is empty (it skips zero-length strings), so a command that
 * reads stdin (`sparse-checkout set --stdin` with no paths) would wait until the idle
 * timeout. An empty Buffer is not skipped: simple-git ends the pipe with it, so every
 * git process sees end-of-file at once and nothing can wait on stdin.
 */
export function stdinFor(input: string | undefined): Buffer | string {
  return input === undefined || input === '' ? Buffer.alloc(0) : input;
}

/**
 * The environment and secrets for one command: when the token is short-lived and this
 * context may send it, the current one (a new one when the last is close to expiry),
 * with every token ever issued among the secrets to redact.
 */
async function withFreshToken(
  context: GitRunContext,
): Promise<{ env: Readonly<Record<string, string>>; secrets: readonly string[] }> {
  const source = context.tokenSource;
  const { env, secrets } = context.process;
  if (source === undefined || env[TOKEN_ENV_VAR] === undefined) return { env, secrets };
  const token = await source.token();
  const username = env[TOKEN_USERNAME_ENV_VAR] ?? '';
  const issued = source.issued().flatMap((t) => [t, Buffer.from(`${username}:${t}`).toString('base64')]);
  return { env: { ...env, [TOKEN_ENV_VAR]: token }, secrets: [...secrets, ...issued] };
}

/** The git subcommand of `args`, past any leading `-c key=value` options (for messages). */
export function subcommandOf(args: readonly string[]): string {
  let index = 0;
  while (args[index] === '-c') index += 2;
  return args[index] ?? 'git';
}

/**
 * Runs `git <args>` and returns its output whatever the exit code. Throws
 * {@link GitCommandError} only when git could not run to completion (not found,
 * killed by the idle timeout, refused by simple-git's guards).
 */
export async function runGitRaw(
  context: GitRunContext,
  args: readonly string[],
  options: RunOptions = {},
): Promise<GitOutput> {
  const { env: baseEnv, secrets } = await withFreshToken(context);
  const env = { ...baseEnv, ...options.extraEnv };
  const allowEnvironment = [
    ...context.process.allowEnvironment,
    ...Object.keys(options.extraEnv ?? {}).filter((k) => k.startsWith('GIT_')),
  ];
  let finished: { exitCode: number; stdout: Buffer[]; stderr: Buffer[] } | undefined;
  const git = simpleGit({
    baseDir: context.cwd,
    binary: context.binary ?? 'git',
    maxConcurrentProcesses: 1,
    trimmed: false,
    allowEnvironment,
    unsafe: ALLOWED_UNSAFE,
    timeout: { block: context.idleTimeoutMs },
    input: () => stdinFor(options.input),
    errors: (error, result) => {
      finished = { exitCode: result.exitCode, stdout: result.stdOut, stderr: result.stdErr };
      // A non-zero exit is not an error here: the caller decides what each exit code means.
      // Plugin errors (idle timeout, guards, spawn failures) still are.
      return error instanceof GitPluginError || (result.exitCode === 0 && error !== undefined)
        ? error
        : undefined;
    },
  }).env(env);
  try {
    await git.raw([...args]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new GitCommandError(subcommandOf(args), undefined, redact(message, secrets));
  }
  if (finished === undefined) {
    throw new GitCommandError(subcommandOf(args), undefined, 'git finished without reporting a result');
  }
  return {
    exitCode: finished.exitCode,
    stdout: redact(Buffer.concat(finished.stdout).toString('utf8'), secrets),
    stderr: redact(Buffer.concat(finished.stderr).toString('utf8'), secrets),
  };
}

/**
 * Runs `git <args>` and returns its output; any exit code outside `okExitCodes`
 * (default: 0 only) throws {@link GitCommandError} carrying git's redacted stderr.
 */
export async function runGit(
  context: GitRunContext,
  args: readonly string[],
  options: RunOptions & { readonly okExitCodes?: readonly number[] } = {},
): Promise<GitOutput> {
  const output = await runGitRaw(context, args, options);
  if (!(options.okExitCodes ?? [0]).includes(output.exitCode)) {
    const text = output.stderr.trim() === '' ? output.stdout : output.stderr;
    throw new GitCommandError(subcommandOf(args), output.exitCode, text, hintForGitFailure(text));
  }
  return output;
}
