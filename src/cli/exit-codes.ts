/** Exit codes, documented in `--help` and the README. Scripts may rely on them. */
export const ExitCode = {
  /** Success (including "nothing changed"). */
  ok: 0,
  /** Invalid input or a failed check: the user must change something. */
  failure: 1,
  /** Bad flags: the command did nothing. */
  usage: 2,
  /** A system outside the tool (git, a forge, the network) failed. */
  external: 3,
  /**
   * Another run holds a lock (`REPOSITORY_LOCKED`, `TREE_LOCKED`) or took this run's over
   * (`LOCK_LOST`): nothing was changed, run again later. 75 is EX_TEMPFAIL of sysexits.h.
   */
  locked: 75,
  /** A bug in gitops-synth. */
  internal: 70,
} as const;

/**
 * A command's outcome: the exit code the process should end with. Lives here, not in
 * main.ts, so that the command modules main.ts imports do not import main.ts back.
 */
export interface ExitHolder {
  code: number;
}
