import { maxJsonBytes } from '../../src/intents/json-values';

function actualBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

describe('maxJsonBytes', () => {
  it.each([
    ['escapes and control characters', { 'a"b': 'line\nbreak\u0000\u001f\\', tab: '\t' }],
    ['non-ASCII and a lone surrogate', { é: 'ünïcødé 🚀🚀', lone: '\ud800x' }],
    [
      'extreme numbers',
      [-1.2345678901234567e-308, Number.MAX_VALUE, -Number.MIN_VALUE, 0.1 + 0.2, -0, 1e21, Infinity, NaN],
    ],
    ['nesting, empties and literals', { a: [[], {}, [null, true, false, [{}]]], b: { c: { d: '' } }, '': 0 }],
  ])('GIVEN %s WHEN bounded THEN the bound is at least the bytes of JSON.stringify', (_what, value) => {
    expect(maxJsonBytes(value)).toBeGreaterThanOrEqual(actualBytes(value));
  });

  it('GIVEN only escapes that take six bytes WHEN bounded THEN the bound is tight (only the comma it keeps room for is spare)', () => {
    const value = { '\u0001': '\u0002\u0003' };
    expect(maxJsonBytes(value) - 1).toBe(actualBytes(value));
  });

  it('GIVEN values whose JSON only JSON.stringify can tell (a Date, binary data, a Map, a class instance) WHEN bounded THEN the bound is Infinity', () => {
    class Point {
      public x = 1;
    }
    for (const odd of [new Date(0), new Uint8Array(3), new Map(), new Point()]) {
      expect(maxJsonBytes({ nested: [odd] })).toBe(Infinity);
    }
    expect(maxJsonBytes(Object.assign(Object.create(null) as object, { a: 1 }))).toBeGreaterThanOrEqual(7);
  });
});
