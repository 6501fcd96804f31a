/**
 * A real filesystem with one injected fault: the n-th call of one operation throws (as a
 * permission error would) or kills the process outright (SIGKILL, as a CI runner's timeout
 * would). Used in-process and by crash-child.js.
 */
import { nodeTreeFs, TreeFs } from '../../src/tree/fs';

/** Which call fails, and how. */
export interface Fault {
  readonly op: keyof TreeFs;
  /** 1-based count of calls of `op`. */
  readonly n: number;
  /** `stop` sends the process SIGSTOP (as a paused VM or a debugger would); after SIGCONT the call goes on. */
  readonly action: 'throw' | 'kill' | 'stop';
  /** Count only calls whose first argument contains this (e.g. '/run/backup/' for restores). */
  readonly match?: string;
}

/** A TreeFs that counts calls per operation and applies `faults`. */
export interface FaultyFs extends TreeFs {
  readonly counts: Map<string, number>;
}

function keyOf(fault: Fault): string {
  return fault.match === undefined ? fault.op : `${fault.op}:${fault.match}`;
}

export function faultyFs(faults: readonly Fault[], base: TreeFs = nodeTreeFs): FaultyFs {
  const counts = new Map<string, number>();
  const wrapped: Record<string, unknown> = { counts };
  for (const op of Object.keys(base) as Array<keyof TreeFs>) {
    wrapped[op] = async (...args: unknown[]) => {
      // Count every call per operation, and per (operation, match) for the matches that apply.
      const applies = faults.filter(
        (f) => f.op === op && (f.match === undefined || String(args[0]).includes(f.match)),
      );
      const keys = new Set<string>([op, ...applies.map(keyOf)]);
      for (const key of keys) {
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const fault = applies.find((f) => counts.get(keyOf(f)) === f.n);
      if (fault?.action === 'kill') {
        process.kill(process.pid, 'SIGKILL');
        await new Promise(() => undefined); // SIGKILL is delivered before this ever resolves.
      }
      if (fault?.action === 'stop') {
        process.kill(process.pid, 'SIGSTOP');
      }
      if (fault?.action === 'throw') {
        throw Object.assign(
          new Error(`EACCES: permission denied (injected on ${op} call ${fault.n}, ${String(args[0])})`),
          { code: 'EACCES' },
        );
      }
      return (base[op] as (...a: unknown[]) => Promise<unknown>)(...args);
    };
  }
  return wrapped as unknown as FaultyFs;
}
