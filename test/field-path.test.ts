import { formatFieldPath, segmentsFromPointer } from '../src/field-path';

describe('field paths', () => {
  it('GIVEN keys, indexes and keys that are not identifiers WHEN formatted THEN dots, [n] and ["key"] are used', () => {
    expect(formatFieldPath(['spec', 'valuesFrom', 0, 'kind'])).toBe('spec.valuesFrom[0].kind');
    expect(formatFieldPath(['metadata', 'labels', 'app.vworkspace.io/cluster-id'])).toBe(
      'metadata.labels["app.vworkspace.io/cluster-id"]',
    );
    expect(formatFieldPath([])).toBe('');
  });

  it('GIVEN a JSON pointer through a map keyed "0" and a list WHEN read against the data THEN only the list step is an index', () => {
    const data = { spec: { values: { '0': [{ 'a/b': 1 }] } } };
    expect(segmentsFromPointer('/spec/values/0/0/a~1b', data)).toEqual(['spec', 'values', '0', 0, 'a/b']);
    expect(formatFieldPath(segmentsFromPointer('/spec/values/0/0/a~1b', data))).toBe(
      'spec.values["0"][0]["a/b"]',
    );
  });
});
