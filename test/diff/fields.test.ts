import type { JsonObject } from '../../src/intents/model';
import { diffValues, jsonEqual, keyPath } from '../../src/diff/fields';

describe('diffValues', () => {
  it('GIVEN nested objects WHEN one leaf differs THEN only that leaf is reported with a dotted path', () => {
    const before = { spec: { version: '1', values: { ingress: { host: 'a', tls: true } } } };
    const after = { spec: { version: '1', values: { ingress: { host: 'b', tls: true } } } };
    expect(diffValues(before, after)).toEqual([
      { path: 'spec.values.ingress.host', change: 'changed', before: 'a', after: 'b' },
    ]);
  });

  it('GIVEN keys added and removed WHEN diffed THEN they are reported as added and removed with their whole value', () => {
    const before = { spec: { suspend: false, values: {} } };
    const after = { spec: { values: { ingress: { host: 'x' } } } };
    expect(diffValues(before, after)).toEqual([
      { path: 'spec.suspend', change: 'removed', before: false },
      { path: 'spec.values.ingress', change: 'added', after: { host: 'x' } },
    ]);
  });

  it("GIVEN the string '1' and the number 1 WHEN diffed THEN it is a change of type", () => {
    expect(diffValues({ a: '1' }, { a: 1 })).toEqual([
      { path: 'a', change: 'changed', before: '1', after: 1 },
    ]);
    expect(diffValues({ a: null }, { a: false })).toEqual([
      { path: 'a', change: 'changed', before: null, after: false },
    ]);
  });

  it('GIVEN an object replaced by a list WHEN diffed THEN the whole value is one change', () => {
    expect(diffValues({ a: { x: 1 } }, { a: [1] })).toEqual([
      { path: 'a', change: 'changed', before: { x: 1 }, after: [1] },
    ]);
  });

  it('GIVEN lists without names WHEN items change, grow and shrink THEN items are compared by index', () => {
    expect(diffValues({ l: [1, 2, 3] }, { l: [1, 5] })).toEqual([
      { path: 'l[1]', change: 'changed', before: 2, after: 5 },
      { path: 'l[2]', change: 'removed', before: 3 },
    ]);
    expect(diffValues({ l: [{ k: 'a' }] }, { l: [{ k: 'b' }, { k: 'c' }] })).toEqual([
      { path: 'l[0].k', change: 'changed', before: 'a', after: 'b' },
      { path: 'l[1]', change: 'added', after: { k: 'c' } },
    ]);
  });

  it('GIVEN lists of named items WHEN one is inserted and one changes THEN items are matched by name', () => {
    const before = {
      valuesFrom: [
        { name: 'a', kind: 'Secret' },
        { name: 'c', kind: 'Secret' },
      ],
    };
    const after: JsonObject = {
      valuesFrom: [
        { name: 'a', kind: 'Secret' },
        { name: 'b', kind: 'ConfigMap' },
        { name: 'c', kind: 'Secret', optional: true },
      ],
    };
    expect(diffValues(before, after)).toEqual([
      { path: 'valuesFrom[name=c].optional', change: 'added', after: true },
      { path: 'valuesFrom[name=b]', change: 'added', after: { name: 'b', kind: 'ConfigMap' } },
    ]);
  });

  it('GIVEN a named list that is reordered WHEN diffed THEN the change shows (order matters) by index', () => {
    const before = { l: [{ name: 'a' }, { name: 'b' }] };
    const after = { l: [{ name: 'b' }, { name: 'a' }] };
    expect(diffValues(before, after)).toEqual([
      { path: 'l[0].name', change: 'changed', before: 'a', after: 'b' },
      { path: 'l[1].name', change: 'changed', before: 'b', after: 'a' },
    ]);
  });

  it('GIVEN an empty list that gains a named item WHEN diffed THEN the item is added by name', () => {
    expect(diffValues({ l: [] }, { l: [{ name: 'a' }] })).toEqual([
      { path: 'l[name=a]', change: 'added', after: { name: 'a' } },
    ]);
  });

  it('GIVEN keys with dots or slashes WHEN they differ THEN the path quotes them', () => {
    const before = { metadata: { labels: { 'app.vworkspace.io/cluster-id': 'a', 'plain-key': 'x' } } };
    const after = { metadata: { labels: { 'app.vworkspace.io/cluster-id': 'b', 'plain-key': 'y' } } };
    expect(diffValues(before, after).map((change) => change.path)).toEqual([
      'metadata.labels["app.vworkspace.io/cluster-id"]',
      'metadata.labels.plain-key',
    ]);
  });

  it('GIVEN two different scalars at the top WHEN diffed THEN the path is "."', () => {
    expect(diffValues('a', 'b')).toEqual([{ path: '.', change: 'changed', before: 'a', after: 'b' }]);
  });
});

describe('jsonEqual and keyPath', () => {
  it('GIVEN objects with keys in another order WHEN compared THEN they are equal; lists in another order are not', () => {
    expect(jsonEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
  });

  it('GIVEN an empty path WHEN a key is appended THEN the path is the key', () => {
    expect(keyPath('', 'spec')).toBe('spec');
    expect(keyPath('', 'a b')).toBe('["a b"]');
  });
});
