import { canonicalJson, writeCanonicalJson } from '../../src/intents/canonical-json';

describe('canonicalJson', () => {
  it('GIVEN nested data with keys in any order WHEN written THEN keys are sorted by code unit at every depth and lists keep their order', () => {
    const value = { b: [3, { z: 1, a: null }], a: 'x', é: true, B: 1.5, 'a"b': 'line\nbreak' };
    expect(canonicalJson(value)).toBe(
      '{"B":1.5,"a":"x","a\\"b":"line\\nbreak","b":[3,{"a":null,"z":1}],"é":true}',
    );
  });

  it("GIVEN intents with source fields WHEN written with dropSource THEN only the intents' own source goes, never one inside values or parameters", () => {
    const value = {
      applications: [{ name: 'a', source: { file: 'f' }, values: { source: 'git', nested: { source: 1 } } }],
      operations: [{ name: 'o', source: { file: 'f' }, parameters: { source: [] } }],
    };
    expect(canonicalJson(value, true)).toBe(
      '{"applications":[{"name":"a","values":{"nested":{"source":1},"source":"git"}}],"operations":[{"name":"o","parameters":{"source":[]}}]}',
    );
    expect(canonicalJson(value)).toContain('"source":{"file":"f"}');
  });

  it('GIVEN a value of about 300,000 characters WHEN written piece by piece THEN it comes in pieces of about 64K and the pieces joined are canonicalJson of it', () => {
    const value = {
      list: [[], {}, [1, [2]], ''],
      items: Array.from({ length: 3000 }, (_, index) => ({
        key: { deeper: { deepest: `ü🚀 ${'x'.repeat(index % 100)}` } },
      })),
    };
    const pieces: string[] = [];
    writeCanonicalJson(value, false, (piece) => pieces.push(piece));
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.slice(0, -1).every((piece) => piece.length >= 64 * 1024 && piece.length < 65 * 1024)).toBe(
      true,
    );
    expect(pieces.join('')).toBe(canonicalJson(value));
    expect(JSON.parse(pieces.join(''))).toEqual(value);
  });
});
