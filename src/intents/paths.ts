/**
 * Document paths as users read them (`applications[2].values.password`), built from
 * segments so that keys with dots or spaces stay unambiguous (`values["a.b"]`).
 */

/** One step into a document: a map key or a list index. */
export type PathSegment = string | number;

/** Keys that read well after a dot; anything else is written as `["key"]`. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Formats segments as `clusters[0].id`; the empty path is `''` (the whole document). */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else if (PLAIN_KEY.test(segment)) {
      out += out === '' ? segment : `.${segment}`;
    } else {
      out += `[${JSON.stringify(segment)}]`;
    }
  }
  return out;
}

/**
 * Turns a JSON pointer (as ajv reports it) into segments. Whether `0` is a list index
 * or a map key depends on the data, so the data is walked alongside.
 */
export function segmentsFromPointer(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') {
    return [];
  }
  const segments: PathSegment[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: PathSegment = Array.isArray(node) && /^\d+$/.test(key) ? Number(key) : key;
    segments.push(segment);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return segments;
}
