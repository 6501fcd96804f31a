import { asManifestData, toManifestData } from '../../src/synth/manifest-data';

describe('asManifestData', () => {
  it('GIVEN JSON data without undefined entries WHEN taken THEN it is the very same object, not a copy', () => {
    const value = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', labels: { a: 'b' } },
      data: { list: [1, null, { deep: [true, 'x'] }], empty: {} },
    };
    expect(asManifestData(value)).toBe(value);
  });

  it('GIVEN an undefined entry deep inside a list WHEN taken THEN it is a copy without that entry, like toManifestData', () => {
    const value = { spec: { items: [{ keep: 1, drop: undefined }], other: 'x' } };
    const data = asManifestData(value);
    expect(data).not.toBe(value);
    expect(data).toStrictEqual({ spec: { items: [{ keep: 1 }], other: 'x' } });
    expect(data).toStrictEqual(toManifestData(value));
    expect(Object.keys((data as { spec: { items: object[] } }).spec.items[0])).toEqual(['keep']);
  });

  it('GIVEN an undefined top-level entry WHEN taken THEN the copy drops it', () => {
    expect(asManifestData({ a: undefined, b: [undefined] })).toStrictEqual({ b: [undefined] });
  });
});
