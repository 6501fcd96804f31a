import { JsonPatch } from 'cdk8s';
import { nullRestoringPatches } from '../../src/charts/json-nulls';

describe('nullRestoringPatches', () => {
  it('GIVEN values without nulls WHEN collected THEN there is no patch', () => {
    expect(nullRestoringPatches('/spec/values', { a: { b: [1, 'x', { c: true }] }, d: [] })).toEqual([]);
  });

  it('GIVEN nulls in maps and lists, under keys with ~ and / WHEN collected THEN members are added and list items replaced at escaped pointers, in document order', () => {
    const patches = nullRestoringPatches('/spec/values', {
      'a/b': { 'c~d': null },
      list: [1, null, [null]],
      top: null,
    });
    expect(patches).toEqual([
      JsonPatch.add('/spec/values/a~1b/c~0d', null),
      JsonPatch.replace('/spec/values/list/1', null),
      JsonPatch.replace('/spec/values/list/2/0', null),
      JsonPatch.add('/spec/values/top', null),
    ]);
  });

  it('GIVEN patches WHEN applied to the value with its nulls dropped THEN the nulls are back', () => {
    const values = { 'a/b': { 'c~d': null, keep: 1 }, list: [1, null] };
    const sanitized = { spec: { values: { 'a/b': { keep: 1 }, list: [1, undefined] } } };
    const patched = JsonPatch.apply(sanitized, ...nullRestoringPatches('/spec/values', values));
    expect(patched).toStrictEqual({ spec: { values } });
  });
});
