import { findJsonSyntaxOffset } from '../../src/intents/json-syntax';

describe('findJsonSyntaxOffset', () => {
  it('GIVEN valid JSON of every kind WHEN scanned THEN no error is found, as JSON.parse agrees', () => {
    for (const text of [
      '{}',
      ' [ ] ',
      '{"a":[1,-2.5e+3,0,true,false,null,"x\\n\\u00e9\\"\\\\"],"b":{"c":{}}}\n',
      '"\u00e9 🚀"',
      '-0.0E-1',
    ]) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(findJsonSyntaxOffset(text)).toBeUndefined();
    }
  });

  it('GIVEN broken JSON WHEN scanned THEN the offset is that of the first character that cannot be there', () => {
    const cases: Array<[string, string]> = [
      ['[1, 2, ]', ']'],
      ['{"a": 1,}', '}'],
      ['{"a" 1}', '1'],
      ["{'a': 1}", "'"],
      ['[01]', '1'],
      ['{"a": tru}', 'tru'],
      ['{"a": "bad \\x escape"}', 'x escape'],
      ['[1] [2]', '[2]'],
      ['{"a": NaN}', 'NaN'],
    ];
    for (const [text, from] of cases) {
      expect(() => JSON.parse(text)).toThrow();
      expect(findJsonSyntaxOffset(text)).toBe(text.indexOf(from));
    }
  });

  it('GIVEN JSON that ends early or holds a raw control character WHEN scanned THEN the offset is the end or the character', () => {
    expect(findJsonSyntaxOffset('{"a": [1, 2')).toBe(11);
    expect(findJsonSyntaxOffset('"tab\there"')).toBe(4);
  });
});
