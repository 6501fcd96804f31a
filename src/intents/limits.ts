/**
 * Bounds on intents input, checked before the work they bound: file sizes with `stat`
 * before a byte is read, nesting depth while parsing (before anything recursive walks
 * the data). Every limit has a default and a flag to raise it (docs/limits.md).
 */
import type { CST } from 'yaml';
import { GitopsSynthError } from '../errors';

/** The limits of one load; each defaults to the value below. */
export interface IntentLimits {
  /** Largest intents file, in bytes (`--max-intents-file-size`). */
  readonly maxFileBytes: number;
  /** Largest sum of all intents files, in bytes (`--max-intents-total-size`). */
  readonly maxTotalBytes: number;
  /** Deepest nesting of maps and lists in a document, the document itself being 1 (`--max-intents-depth`). */
  readonly maxDepth: number;
}

/**
 * 32 MiB per file, 512 MiB in all, 100 levels. A control plane's export of 100,000
 * applications is about 1 MiB per cluster file; Helm values rarely nest 20 levels deep.
 */
export const DEFAULT_INTENT_LIMITS: IntentLimits = {
  maxFileBytes: 32 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
  maxDepth: 100,
};

/** The flag that raises each limit, for messages. */
export const LIMIT_FLAGS: Record<keyof IntentLimits, string> = {
  maxFileBytes: '--max-intents-file-size',
  maxTotalBytes: '--max-intents-total-size',
  maxDepth: '--max-intents-depth',
};

/** An intents file, or all of them, is larger than its limit: refused before it is read. */
export class IntentsTooLargeError extends GitopsSynthError {
  public constructor(what: string, bytes: number, limit: keyof IntentLimits, limitBytes: number) {
    super(
      'INTENTS_TOO_LARGE',
      `${what} is ${formatBytes(bytes)}, more than the limit of ${formatBytes(limitBytes)} (${LIMIT_FLAGS[limit]}); nothing was read`,
      {
        hint: `Split the intents into smaller files, or raise the limit with ${LIMIT_FLAGS[limit]} <size> (for example ${LIMIT_FLAGS[limit]} ${formatBytes(limitBytes * 2).replace(' ', '')}).`,
      },
    );
  }
}

/** `33554432` → `32 MiB`. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** `64MiB`, `64 MB`, `1GiB`, `1048576` → bytes; undefined when it is no size. */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|k|mb|mib|m|gb|gib|g)?\s*$/i.exec(text);
  if (match === null) return undefined;
  const units: Record<string, number> = {
    b: 1,
    k: 1024,
    kb: 1000,
    kib: 1024,
    m: 1024 ** 2,
    mb: 1000 ** 2,
    mib: 1024 ** 2,
    g: 1024 ** 3,
    gb: 1000 ** 3,
    gib: 1024 ** 3,
  };
  const bytes = Math.floor(Number(match[1]) * units[(match[2] ?? 'b').toLowerCase()]);
  return bytes > 0 ? bytes : undefined;
}

/**
 * The offset of the first collection in YAML's concrete syntax tree (which the parser
 * builds without recursion) nested deeper than `maxDepth`, or undefined. Walked with an
 * explicit stack, before the tree is composed into a document (which recurses).
 */
export function findDeepYaml(tokens: readonly CST.Token[], maxDepth: number): number | undefined {
  const stack: Array<[CST.Token | undefined, number]> = tokens.map((token) => [token, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop() as [CST.Token | undefined, number];
    if (token === undefined) continue;
    if (token.type === 'document') {
      stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > maxDepth) return token.offset;
      for (const item of token.items as ReadonlyArray<{ key?: CST.Token | null; value?: CST.Token }>) {
        stack.push([item.key ?? undefined, depth + 1], [item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

/** The data nested deeper than `maxDepth` (aliases can nest what the text does not), walked without recursion. */
export function isDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}
