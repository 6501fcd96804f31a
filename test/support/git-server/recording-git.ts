/**
 * A git "binary" for tests that records what it is run with: a shell wrapper
 * that appends its arguments to a log and runs the real git with `GIT_TRACE`
 * pointing at a trace file, so the command lines of every process git starts
 * (remote helpers, credential helpers, ssh) are recorded too.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The wrapper and what it has recorded. */
export interface RecordingGit {
  /** Path of the wrapper, to pass as the git binary. */
  readonly binary: string;
  /** The argument lists of every run, in order. */
  calls(): string[][];
  /** Everything `GIT_TRACE` wrote (includes the command lines of git's child processes). */
  trace(): string;
}

const RECORD_END = '\u001e';

/** Creates the wrapper in a new directory under `root`. */
export function createRecordingGit(root: string): RecordingGit {
  const dir = mkdtempSync(join(root, 'recording-git-'));
  const binary = join(dir, 'git');
  const log = join(dir, 'calls.log');
  const trace = join(dir, 'trace.log');
  writeFileSync(
    binary,
    [
      '#!/bin/sh',
      `for arg in "$@"; do printf '%s\\0' "$arg"; done >> '${log}'`,
      `printf '${RECORD_END}\\0' >> '${log}'`,
      `GIT_TRACE='${trace}' exec git "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(binary, 0o755);
  return {
    binary,
    calls: () => {
      if (!existsSync(log)) {
        return [];
      }
      const calls: string[][] = [[]];
      for (const part of readFileSync(log, 'utf8').split('\0').slice(0, -1)) {
        if (part === RECORD_END) {
          calls.push([]);
        } else {
          calls[calls.length - 1].push(part);
        }
      }
      return calls.slice(0, -1);
    },
    trace: () => (existsSync(trace) ? readFileSync(trace, 'utf8') : ''),
  };
}
