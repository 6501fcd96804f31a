import { countParsedKeys, countWrittenKeys, hasDuplicateJsonKey } from '../../src/intents/json-keys';

describe('hasDuplicateJsonKey', () => {
  it('GIVEN equal keys in different objects, arrays and string values WHEN scanned THEN no duplicate is found', () => {
    // GIVEN: the same key at several depths, and keys written inside string values
    const text = '{"a": {"a": 1, "b": [{"a": 2}, {"a": 3}]}, "b": "\\"a\\": {\\"a\\"", "c": ["a", "a"]}';
    // WHEN / THEN
    expect(hasDuplicateJsonKey(text)).toBe(false);
  });

  it('GIVEN a key written twice in one object, after a nested object closes WHEN scanned THEN the duplicate is found', () => {
    expect(hasDuplicateJsonKey('{"a": {"x": [1, {"y": 2}]}, "b": 1, "a": 3}')).toBe(true);
  });

  it('GIVEN two keys that differ only in escapes ("a" and "\\u0061") WHEN scanned THEN they count as the same key', () => {
    expect(hasDuplicateJsonKey('{"a": 1, "\\u0061": 2}')).toBe(true);
  });

  it('GIVEN keys with escaped quotes and backslashes that are different WHEN scanned THEN no duplicate is found', () => {
    expect(hasDuplicateJsonKey('{"a\\"": 1, "a\\\\": 2, "a": 3}')).toBe(false);
  });
});

describe('countWrittenKeys / countParsedKeys', () => {
  it('GIVEN keys with white space before the colon, colons inside strings, and a __proto__ key WHEN counted THEN text and data agree', () => {
    const text = '{\r\n  "a" \t:\n 1, "b:": "c: d", "__proto__": {"x": [{"y": null}, "z:"]}, "e\\\\": {}\n}';
    expect(countWrittenKeys(text)).toBe(6);
    expect(countParsedKeys(JSON.parse(text))).toBe(6);
    expect(hasDuplicateJsonKey(text)).toBe(false);
  });

  it('GIVEN a __proto__ key written twice WHEN scanned THEN the duplicate is found', () => {
    expect(hasDuplicateJsonKey('{"__proto__": 1, "__proto__": 2}')).toBe(true);
  });

  it('GIVEN a top-level list or scalar WHEN scanned THEN there is nothing to count and no duplicate', () => {
    expect(hasDuplicateJsonKey('[{"a": 1}, {"a": 2}]')).toBe(false);
    expect(hasDuplicateJsonKey('"a"')).toBe(false);
    expect(countWrittenKeys('"a:"')).toBe(0);
  });
});
