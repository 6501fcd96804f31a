import { countParsedKeys } from '../../src/intents/json-keys';
import { scanJsonText } from '../../src/intents/json-text';
import { seededRandom } from '../support/random';

/** Strings that try to fool a scanner: brackets, colons, quotes and backslashes inside them, and code units whose low byte is a bracket. */
const HOSTILE_TEXT = [
  '{',
  '}',
  '[',
  ']',
  ':',
  '"',
  '\\',
  '\\"',
  '": {',
  '\u017b',
  '\u00fb',
  '\u015b',
  '\u107d',
  'é',
  '😀',
  '',
];

/** A random JSON value of at most `depth` levels, and the depth it really has. */
function randomValue(random: () => number, depth: number): unknown {
  const pick = random();
  if (depth === 0 || pick < 0.3) {
    const scalars = [
      () => HOSTILE_TEXT[Math.floor(random() * HOSTILE_TEXT.length)].repeat(1 + Math.floor(random() * 3)),
      () => Math.floor(random() * 1e6) / 7,
      () => random() < 0.5,
      () => null,
    ];
    return scalars[Math.floor(random() * scalars.length)]();
  }
  const size = Math.floor(random() * 4);
  if (pick < 0.6) return Array.from({ length: size }, () => randomValue(random, depth - 1));
  const object: Record<string, unknown> = {};
  for (let index = 0; index < size; index += 1) {
    const key = `${HOSTILE_TEXT[Math.floor(random() * HOSTILE_TEXT.length)]}${index}`;
    object[key] = randomValue(random, depth - 1);
  }
  return object;
}

/** The nesting depth of JSON data, the document's own collection being 1. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

/** JSON text of `value` with random white space around its structure (JSON.stringify with an indent, then spaces widened). */
function writeWithSpace(random: () => number, value: unknown): string {
  const indent = ['', '  ', '\t', ' \r\n'][Math.floor(random() * 4)];
  return JSON.stringify(value, undefined, indent).replace(/": /g, () => (random() < 0.5 ? '" \t: ' : '":'));
}

describe('scanJsonText', () => {
  it('GIVEN 500 random JSON documents with hostile strings and white space WHEN scanned THEN the keys are those of the parsed data and the depth limit is hit exactly where the data is deeper', () => {
    const random = seededRandom(13);
    for (let run = 0; run < 500; run += 1) {
      const value = randomValue(random, 6);
      const text = writeWithSpace(random, value);
      const depth = depthOf(value);
      // GIVEN a limit the document meets, THEN nothing is too deep and every key is counted.
      expect(scanJsonText(text, depth)).toEqual({ deepAt: undefined, writtenKeys: countParsedKeys(value) });
      if (depth > 0) {
        // GIVEN a limit one below, THEN the offset is the first bracket that deep, as a character-by-character reading finds it.
        const { deepAt } = scanJsonText(text, depth - 1);
        expect(deepAt).toBeDefined();
        expect(deepAt).toBe(firstDeeperThan(text, depth - 1));
      }
    }
  });

  it('GIVEN a key written twice WHEN scanned THEN both are counted (json-keys.ts compares the count with the parsed keys)', () => {
    const text = '{"a": 1, "a": {"b": [1, 2]}}';
    expect(scanJsonText(text, 10)).toEqual({ deepAt: undefined, writtenKeys: 3 });
    expect(countParsedKeys(JSON.parse(text))).toBe(2);
  });

  it('GIVEN a document nested three deep WHEN scanned with a limit of two THEN the offset is the third opening bracket', () => {
    const text = '{"x": "[[[", "y": [ {"z": 1} ]}';
    expect(scanJsonText(text, 2).deepAt).toBe(text.indexOf('{"z"'));
    expect(scanJsonText(text, 3).deepAt).toBeUndefined();
  });

  it('GIVEN text outside strings whose code units end in a bracket byte (invalid JSON) WHEN scanned THEN they do not count as brackets', () => {
    // U+017B, U+015B and U+107D end in the bytes of `{`, `[` and `}`: only the real brackets count.
    expect(scanJsonText('[\u017b\u015b\u107d\u017b\u015b]', 1)).toEqual({
      deepAt: undefined,
      writtenKeys: 0,
    });
  });

  it('GIVEN an escaped quote and an escaped backslash at the end of strings WHEN scanned THEN each string ends where JSON says', () => {
    const text = '{"a\\"": "\\\\", "b\\\\": "c\\"[", "d": ["\\\\\\""]}';
    expect(scanJsonText(text, 2)).toEqual({
      deepAt: undefined,
      writtenKeys: countParsedKeys(JSON.parse(text)),
    });
    expect(scanJsonText(text, 1).deepAt).toBe(text.lastIndexOf('["'));
  });
});

/** The test's own reading, one character at a time with an in-string flag: the offset of the first bracket nested deeper than `limit`. */
function firstDeeperThan(text: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') {
      depth += 1;
      if (depth > limit) return index;
    } else if (char === '}' || char === ']') depth -= 1;
  }
  return undefined;
}
