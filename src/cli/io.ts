/**
 * Everything a command touches of its process, passed in so that commands are
 * testable in-process without `chdir`, environment mutation or captured streams.
 */
export interface CliIo {
  /** The working directory relative paths resolve against. */
  readonly cwd: string;
  /** The environment (GITOPS_TOKEN, NO_COLOR, …). */
  readonly env: NodeJS.ProcessEnv;
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** True when standard output is a terminal (colour, progress). */
  readonly isTTY: boolean;
  /** The clock, for timestamps and durations. */
  now(): Date;
}

/** The real process's IO. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    now: () => new Date(),
  };
}

/** True when output should be coloured: a terminal, and NO_COLOR unset. */
export function useColor(io: CliIo): boolean {
  return io.isTTY && (io.env.NO_COLOR === undefined || io.env.NO_COLOR === '');
}
