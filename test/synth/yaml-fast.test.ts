import { fastManifestYaml } from '../../src/synth/yaml-fast';
import { MANIFEST_YAML_RULES, toManifestYamlWithLibrary } from '../../src/synth/yaml';

describe('fastManifestYaml key handling', () => {
  it('GIVEN the same keys written under another quoting rule in between WHEN written again THEN each rule decides its own quoting (remembered keys never leak across rules)', () => {
    const object = { apiVersion: 'v1', kind: 'K', metadata: { name: 'x' }, spec: { plain: 'a', other: 'b' } };
    const before = fastManifestYaml(object, MANIFEST_YAML_RULES);
    const quoteEverything = { ...MANIFEST_YAML_RULES, implicitlyTyped: /^/ };
    expect(fastManifestYaml(object, quoteEverything)).toBe(
      '"apiVersion": "v1"\n"kind": "K"\n"metadata":\n  "name": "x"\n"spec":\n  "other": "b"\n  "plain": "a"\n',
    );
    expect(fastManifestYaml(object, MANIFEST_YAML_RULES)).toBe(before);
    expect(before).toBe(toManifestYamlWithLibrary(object));
  });

  it('GIVEN more distinct keys than are remembered WHEN written twice THEN the bytes are the same both times and equal the yaml package', () => {
    const spec: Record<string, string> = {};
    for (let index = 0; index < 10_000; index += 1) spec[`key-${index}`] = 'v';
    const object = { apiVersion: 'v1', kind: 'K', metadata: { name: 'x' }, spec };
    const first = fastManifestYaml(object, MANIFEST_YAML_RULES);
    expect(first).toBe(toManifestYamlWithLibrary(object));
    expect(fastManifestYaml(object, MANIFEST_YAML_RULES)).toBe(first);
  });

  it('GIVEN a key the fast path cannot write WHEN written twice THEN it gives up both times', () => {
    const object = { apiVersion: 'v1', kind: 'K', metadata: { name: 'x' }, spec: { 'a: b': 1 } };
    expect(fastManifestYaml(object, MANIFEST_YAML_RULES)).toBeUndefined();
    expect(fastManifestYaml(object, MANIFEST_YAML_RULES)).toBeUndefined();
  });

  it('GIVEN maps whose keys are out of order, with undefined entries WHEN written THEN keys are sorted and undefined ones left out, as the yaml package does', () => {
    const object = {
      kind: 'K',
      apiVersion: 'v1',
      metadata: { labels: { b: '1', a: '2' }, name: 'x' },
      spec: { z: 1, gone: undefined, a: [{ y: 1, x: undefined, b: 2 }] },
    };
    const text = fastManifestYaml(object, MANIFEST_YAML_RULES);
    expect(text).toBe(
      'apiVersion: v1\nkind: K\nmetadata:\n  name: x\n  labels:\n    a: "2"\n    b: "1"\nspec:\n  a:\n    - b: 2\n      "y": 1\n  z: 1\n',
    );
    expect(text).toBe(toManifestYamlWithLibrary(object));
  });
});
