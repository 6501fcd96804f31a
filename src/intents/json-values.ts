/**
 * Intents are JSON at heart (the control plane writes JSON, charts take JSON values),
 * but YAML can say more: binary, timestamps, sets, `.inf`. Those are refused rather
 * than silently changed on the way to Git.
 */
import { PathSegment } from './paths';

/** A place in a document where a value JSON cannot hold was found. */
export interface NonJsonValue {
  readonly path: PathSegment[];
  /** What the value is, for the message (`binary data (!!binary)`). */
  readonly what: string;
  /** What to do instead; default: quote the value. */
  readonly fix?: string;
}

/** Every value below `value` that JSON cannot hold, with its path. */
export function findNonJsonValues(value: unknown, path: PathSegment[] = []): NonJsonValue[] {
  const what = describeNonJson(value);
  if (what !== undefined) {
    return [{ path, what }];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => findNonJsonValues(item, [...path, index]));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      key === MERGE_KEY
        ? [
            {
              path: [...path, key],
              what: "the key '<<'",
              fix: 'kustomize and Flux read it as a YAML merge key and drop it even when quoted; rename the key',
            },
          ]
        : findNonJsonValues(item, [...path, key]),
    );
  }
  return [];
}

/** A key that survives JSON but not the YAML 1.1 readers on the cluster side. */
const MERGE_KEY = '<<';

function describeNonJson(value: unknown): string | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return `the number ${String(value)} (.inf/.nan)`;
  }
  if (
    typeof value === 'bigint' ||
    typeof value === 'undefined' ||
    typeof value === 'function' ||
    typeof value === 'symbol'
  ) {
    return `a ${typeof value}`;
  }
  if (value instanceof Uint8Array) {
    return 'binary data (!!binary)';
  }
  if (value instanceof Date) {
    return 'a timestamp (!!timestamp)';
  }
  if (value instanceof Map || value instanceof Set) {
    return `an ordered map or set (!!omap/!!pairs/!!set)`;
  }
  return undefined;
}

/**
 * An upper bound of the UTF-8 bytes of `JSON.stringify(value)`, worked out without
 * building the string: each UTF-16 unit of a string takes at most 6 bytes (`\uXXXX`),
 * a number at most 25 characters. Infinity for anything but plain JSON data (a Date,
 * binary data, a class instance), whose JSON only JSON.stringify can tell.
 */
export function maxJsonBytes(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return 2 + 6 * value.length;
    case 'number':
      return MAX_NUMBER_LENGTH;
    case 'boolean':
      return 5;
    case 'object':
      break;
    default:
      return Infinity;
  }
  if (value === null) {
    return 4;
  }
  if (Array.isArray(value)) {
    let bytes = 2 + value.length;
    for (const item of value) {
      bytes += maxJsonBytes(item);
    }
    return bytes;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) {
    return Infinity;
  }
  const object = value as Record<string, unknown>;
  let bytes = 2;
  for (const key of Object.keys(object)) {
    // The key, a colon and a comma.
    bytes += 4 + 6 * key.length + maxJsonBytes(object[key]);
  }
  return bytes;
}

/** The longest number JSON.stringify writes (`-1.2345678901234567e-308` is 24 characters). */
const MAX_NUMBER_LENGTH = 25;
