/**
 * One pass over JSON text, for what must be known before JSON.parse (how deep it nests,
 * so that nothing recursive meets data deeper than the limit) and what JSON.parse hides
 * (how many keys are written, which json-keys.ts holds against the parsed data to find
 * a key written twice). Both used to be passes of their own over every character; the
 * pass jumps from string to string with `indexOf` and looks character by character only
 * at what lies between strings, where every bracket and colon is.
 */

const QUOTE = '"';
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * How a character changes the depth: +1 for `{` and `[`, -1 for `}` and `]`, 0 for every
 * other UTF-16 code unit (a table of all of them, so the loop needs no range check).
 */
const DEPTH_STEP = new Int8Array(0x10000);
DEPTH_STEP[OPEN_BRACE] = 1;
DEPTH_STEP[OPEN_BRACKET] = 1;
DEPTH_STEP[CLOSE_BRACE] = -1;
DEPTH_STEP[CLOSE_BRACKET] = -1;

/** What {@link scanJsonText} found. */
export interface JsonTextScan {
  /** The offset of the first `{` or `[` nested deeper than the limit; undefined when none is. */
  readonly deepAt: number | undefined;
  /** The keys written (strings followed, after white space, by a colon); counted up to `deepAt` when there is one. */
  readonly writtenKeys: number;
}

/**
 * Scans JSON text (not yet known to be valid) for its nesting depth and its written
 * keys; it stops at the first collection deeper than `maxDepth`. Strings are skipped
 * whole, so brackets and colons inside them count for nothing.
 */
export function scanJsonText(text: string, maxDepth: number): JsonTextScan {
  let depth = 0;
  let keys = 0;
  let at = 0;
  for (;;) {
    const quote = text.indexOf(QUOTE, at);
    const end = quote === -1 ? text.length : quote;
    for (let index = at; index < end; index += 1) {
      // One table look-up per character: most of what lies between strings is white space.
      const step = DEPTH_STEP[text.charCodeAt(index)];
      if (step === 0) continue;
      depth += step;
      if (depth > maxDepth) return { deepAt: index, writtenKeys: keys };
    }
    if (quote === -1) return { deepAt: undefined, writtenKeys: keys };
    at = endOfString(text, quote) + 1;
    let char = text.charCodeAt(at);
    while (char === SPACE || char === LINE_FEED || char === CARRIAGE_RETURN || char === TAB) {
      at += 1;
      char = text.charCodeAt(at);
    }
    if (char === COLON) keys += 1;
  }
}

/** The offset of the quote that closes the string opened at `start`: the first one not escaped (the text's length when none is). */
function endOfString(text: string, start: number): number {
  let end = text.indexOf(QUOTE, start + 1);
  while (end !== -1 && isEscaped(text, end)) {
    end = text.indexOf(QUOTE, end + 1);
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
