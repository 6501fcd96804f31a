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
  /** A bug in gitops-synth. */
  internal: 70,
} as const;
