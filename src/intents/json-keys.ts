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

const COLON = 0x3a;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * True when some object in `text` (valid JSON) holds two keys that decode to the same
 * string (`"a"` and `"\u0061"` count as equal, as they do for YAML and JSON.parse).
 * `data` is JSON.parse of `text`, when the caller has it already.
 */
export function hasDuplicateJsonKey(text: string, data: unknown = JSON.parse(text)): boolean {
  return countWrittenKeys(text) !== countParsedKeys(data);
}

/** The keys written in `text` (valid JSON): strings followed, after white space, by a colon. */
export function countWrittenKeys(text: string): number {
  let count = 0;
  let quote = text.indexOf('"');
  while (quote !== -1) {
    let next = endOfString(text, quote) + 1;
    let char = text.charCodeAt(next);
    while (char === SPACE || char === LINE_FEED || char === CARRIAGE_RETURN || char === TAB) {
      next += 1;
      char = text.charCodeAt(next);
    }
    if (char === COLON) {
      count += 1;
    }
    quote = text.indexOf('"', next);
  }
  return count;
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

/** The offset of the quote that closes the string opened at `start`: the first one not escaped. */
function endOfString(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end !== -1 && isEscaped(text, end)) {
    end = text.indexOf('"', end + 1);
  }
  return end === -1 ? text.length : end;
}

/** True when an odd number of backslashes stands right before `index`. */
function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(index - 1 - backslashes) === BACKSLASH) {
    backslashes += 1;
  }
  return backslashes % 2 === 1;
}
