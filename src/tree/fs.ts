/**
 * The few filesystem calls the tree code makes, behind a small interface so tests can
 * make one call fail (or kill the process) at an exact step, and a bounded-concurrency
 * runner so 100,000 files are read and written without opening 100,000 handles at once.
 */
import * as fsc from 'fs';
import { promises as fsp, Dirent, Stats } from 'fs';
import { promisify } from 'util';

/** The filesystem the tree code touches; {@link nodeTreeFs} is the real one. */
export interface TreeFs {
  readdir(path: string): Promise<Dirent[]>;
  readFile(path: string): Promise<string>;
  /** Creates or truncates `path` (flag `w`) or fails when it exists (flag `wx`). */
  writeFile(path: string, content: string, flag: 'w' | 'wx'): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  lstat(path: string): Promise<Stats>;
  /** Removes a directory and everything in it; no error when it is absent. */
  removeAll(path: string): Promise<void>;
}

// The callback forms of readFile and writeFile take fewer trips through libuv's thread pool
// than fs.promises' (several times faster on many small files), so they are promisified.
const readFileCallback = promisify(fsc.readFile);
const writeFileCallback = promisify(fsc.writeFile);

/** The real filesystem. */
export const nodeTreeFs: TreeFs = {
  readdir: (path) => fsp.readdir(path, { withFileTypes: true }),
  readFile: (path) => readFileCallback(path, 'utf8'),
  writeFile: (path, content, flag) => writeFileCallback(path, content, { encoding: 'utf8', flag }),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  mkdir: async (path) => {
    await fsp.mkdir(path);
  },
  rmdir: (path) => fsp.rmdir(path),
  lstat: (path) => fsp.lstat(path),
  removeAll: (path) => fsp.rm(path, { recursive: true, force: true }),
};

/** How many filesystem calls run at once: enough to hide latency, few enough to stay far from EMFILE. */
export const FS_CONCURRENCY = 64;

/** The `code` of a Node system error (`ENOENT`), or undefined. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Runs `call`, treating the listed error codes as "nothing to do". Returns false when one was swallowed. */
export async function tolerating(codes: readonly string[], call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    if (codes.includes(errorCode(error) ?? '')) {
      return false;
    }
    throw error;
  }
}

/**
 * Calls `task` on every item with at most `limit` calls in flight. On the first failure
 * no new call starts; the ones in flight are awaited (so nothing is still running when
 * the caller rolls back), then the first error is thrown.
 */
export async function runBounded<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        await task(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) {
    throw failure.error;
  }
}

/** Wraps calls so that at most `limit` of them run at once (for recursive walks, where a fixed list does not exist). */
export function createLimiter(limit: number): <T>(call: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(call: () => Promise<T>): Promise<T> => {
    if (running >= limit) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      running++;
    }
    try {
      return await call();
    } finally {
      // Hand the slot straight to the next caller instead of releasing and re-acquiring it.
      const wake = waiting.shift();
      if (wake === undefined) {
        running--;
      } else {
        wake();
      }
    }
  };
}
