import { CliIo } from './io';

/**
 * Progress for long runs: `12/300 clusters (4.1/s)` on one rewritten line of standard
 * error. On by default on a terminal; off in CI logs (the `CI` variable, or no
 * terminal) unless `--progress` asks for it, where each update is a plain line.
 */
export interface Progress {
  /** Reports `done` of `total` units. */
  update(done: number, total: number): void;
  /** Ends the progress line. */
  done(): void;
}

/** A progress reporter that prints nothing. */
export const NO_PROGRESS: Progress = { update: () => undefined, done: () => undefined };

/** Whether to show progress: `--progress`/`--no-progress` when given, else a terminal outside CI. */
export function wantsProgress(flag: boolean | undefined, io: CliIo): boolean {
  return flag ?? (io.isTTY && (io.env.CI ?? '') === '');
}

/** A progress reporter counting `unit`s, with a rate from the CLI's clock. */
export function createProgress(io: CliIo, unit: string, enabled: boolean): Progress {
  if (!enabled) {
    return NO_PROGRESS;
  }
  const started = io.now().getTime();
  let shown = false;
  return {
    update(done, total) {
      const seconds = Math.max((io.now().getTime() - started) / 1000, 0.001);
      const line = `${done}/${total} ${unit} (${(done / seconds).toFixed(1)}/s)`;
      io.err(io.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
      shown = true;
    },
    done() {
      if (shown && io.isTTY) {
        io.err('\n');
      }
    },
  };
}
