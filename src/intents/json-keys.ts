/**
 * A cheap scan of JSON text that JSON.parse has already accepted, for the one thing
 * JSON.parse hides: a key written twice in the same object (it keeps the last one).
 * Only a yes/no: when the answer is yes the caller re-reads the file with the YAML
 * parser, which names the key and its line:column.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/**
 * True when some object in `text` (valid JSON) holds two keys that decode to the same
 * string (`"a"` and `"\u0061"` count as equal, as they do for YAML and JSON.parse).
 */
export function hasDuplicateJsonKey(text: string): boolean {
  // One set of keys per open object; undefined for an open array.
  const open: (Set<string> | undefined)[] = [];
  let expectKey = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (char === QUOTE) {
      const end = endOfString(text, index);
      if (expectKey) {
        const keys = open[open.length - 1] as Set<string>;
        const key = readKey(text, index, end);
        if (keys.has(key)) {
          return true;
        }
        keys.add(key);
        expectKey = false;
      }
      index = end;
    } else if (char === OPEN_OBJECT) {
      open.push(new Set());
      expectKey = true;
    } else if (char === OPEN_ARRAY) {
      open.push(undefined);
      expectKey = false;
    } else if (char === CLOSE_OBJECT || char === CLOSE_ARRAY) {
      open.pop();
      expectKey = false;
    } else if (char === COMMA) {
      expectKey = open[open.length - 1] !== undefined;
    }
  }
  return false;
}

/** The offset of the quote that closes the string opened at `start`. */
function endOfString(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (char === BACKSLASH) {
      index += 1;
    } else if (char === QUOTE) {
      return index;
    }
  }
  return text.length;
}

/** The key as JSON.parse decodes it; escapes are rare, so most keys are a plain slice. */
function readKey(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end + 1)) as string) : raw;
}
