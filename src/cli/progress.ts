import { CliIo } from './io';

/**
 * Progress for long runs: `12/300 clusters, 4.1/s, ETA 1m10s` on standard error. On by
 * default on a terminal, where one line is rewritten in place; off in CI logs (the `CI`
 * variable, or no terminal) unless `--progress` asks for it, and then at most one plain
 * line every {@link LOG_INTERVAL_MS}, so that a 10,000-cluster run does not write
 * 10,000 lines to a build log.
 *
 * The clock starts at the first update, which callers send (`update(0, total)`) once the
 * intents are loaded: the rate and the ETA measure the work that is left, not the
 * silent loading before it.
 */
export interface Progress {
  /** Reports `done` of `total` units; the first call starts the clock. */
  update(done: number, total: number): void;
  /** Ends the progress line. */
  done(): void;
}

/** Off a terminal, the least time between two progress lines. */
export const LOG_INTERVAL_MS = 10_000;

/** A progress reporter that prints nothing. */
export const NO_PROGRESS: Progress = { update: () => undefined, done: () => undefined };

/** Whether to show progress: `--progress`/`--no-progress` when given, else a terminal outside CI. */
export function wantsProgress(flag: boolean | undefined, io: CliIo): boolean {
  return flag ?? (io.isTTY && (io.env.CI ?? '') === '');
}

/** A progress reporter counting `unit`s, with a rate and an ETA from the CLI's clock. */
export function createProgress(io: CliIo, unit: string, enabled: boolean): Progress {
  if (!enabled) {
    return NO_PROGRESS;
  }
  let started: number | undefined;
  let lastLine: number | undefined;
  let shown = false;
  return {
    update(done, total) {
      const now = io.now().getTime();
      started ??= now;
      if (!io.isTTY) {
        // A log line only when 10 s have passed since the clock started or the last line.
        if (now - (lastLine ?? started) < LOG_INTERVAL_MS) return;
        lastLine = now;
      }
      const line = progressLine(done, total, unit, (now - started) / 1000);
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

/** `12/300 clusters, 4.1/s, ETA 1m10s`; counts alone until there is a rate to tell (pure). */
export function progressLine(done: number, total: number, unit: string, seconds: number): string {
  if (done === 0 || seconds <= 0) return `${done}/${total} ${unit}`;
  const rate = done / seconds;
  const eta = done >= total ? 'done' : `ETA ${formatDuration((total - done) / rate)}`;
  return `${done}/${total} ${unit}, ${rate.toFixed(1)}/s, ${eta}`;
}

/** `45s`, `3m05s`, `2h04m`. */
export function formatDuration(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}
