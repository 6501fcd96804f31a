import { hasDuplicateJsonKey } from '../../src/intents/json-keys';

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
