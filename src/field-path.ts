/**
 * Field paths as problems show them: dotted, with `[n]` for list items and
 * `["key"]` for keys that are not plain identifiers (`metadata.labels["app.vworkspace.io/cluster-id"]`).
 */

/** One step into an object (a key) or a list (an index). */
export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Joins segments into the dotted/bracket form used in {@link Problem.path}. */
export function formatFieldPath(segments: readonly PathSegment[]): string {
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
 * Turns an ajv `instancePath` (a JSON pointer) into segments. Whether a step is a
 * list index depends on the data, not on how the step looks: a map key may be "0".
 */
export function segmentsFromPointer(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') {
    return [];
  }
  const segments: PathSegment[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(key);
      segments.push(index);
      node = node[index];
    } else {
      segments.push(key);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return segments;
}
