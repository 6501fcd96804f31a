/**
 * A cheap check of JSON text that JSON.parse has already accepted, for the one thing
 * JSON.parse hides: a key written twice in the same object (it keeps the last one).
 * Only a yes/no: when the answer is yes the caller re-reads the file with the YAML
 * parser, which names the key and its line:column.
 *
 * How: every object keeps at most as many keys as are written in it, and exactly as
 * many when no key repeats. So the keys written in the text (strings followed by `:`)
 * are counted and compared with the keys of the parsed data. Counting needs no set of
 * keys per object and no decoding, and jumps from quote to quote with `indexOf`.
 */

import { scanJsonText } from './json-text';

/**
 * True when some object in `text` (valid JSON) holds two keys that decode to the same
 * string (`"a"` and `"\u0061"` count as equal, as they do for YAML and JSON.parse).
 * `data` is JSON.parse of `text`, and `writtenKeys` its {@link countWrittenKeys}, when the
 * caller has them already.
 */
export function hasDuplicateJsonKey(
  text: string,
  data: unknown = JSON.parse(text),
  writtenKeys = countWrittenKeys(text),
): boolean {
  return writtenKeys !== countParsedKeys(data);
}

/** The keys written in `text` (valid JSON): strings followed, after white space, by a colon. */
export function countWrittenKeys(text: string): number {
  return scanJsonText(text, Infinity).writtenKeys;
}

/** The own keys of every object in `value` (JSON data), at every depth. */
export function countParsedKeys(value: unknown): number {
  if (value === null || typeof value !== 'object') {
    return 0;
  }
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      count += countParsedKeys(item);
    }
    return count;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) {
    count += 1 + countParsedKeys(object[key]);
  }
  return count;
}
