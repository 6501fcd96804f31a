import { main } from '../../src/cli/main';
import { CliIo } from '../../src/cli/io';

/** What one in-process CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs gitops-synth in-process with a captured IO (no chdir, no env mutation). */
export async function runCli(
  argv: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; isTTY?: boolean; now?: () => Date },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd: options.cwd,
    env: options.env ?? {},
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    isTTY: options.isTTY ?? false,
    now: options.now ?? (() => new Date('2026-06-01T00:00:00Z')),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
