import { parse } from 'yaml';
import { toManifestYaml, toManifestYamlWithLibrary } from '../../src/synth/yaml';
import { GitopsSynthError } from '../../src/errors';
import { HOSTILE_VALUES, UNICODE_BREAKS } from './fixtures';

describe('toManifestYaml', () => {
  it('GIVEN hostile values WHEN written and parsed as YAML 1.1 and as YAML 1.2 THEN both give back the same data', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      data: { ...HOSTILE_VALUES, breaks: UNICODE_BREAKS },
    };
    const text = toManifestYaml(object);
    expect(parse(text, { version: '1.1' })).toEqual(object);
    expect(parse(text, { version: '1.2' })).toEqual(object);
  });

  it('GIVEN a string that YAML 1.1 reads as a boolean WHEN written THEN it is quoted', () => {
    expect(toManifestYaml({ a: 'on', b: 'no', c: 'plain' })).toBe('a: "on"\nb: "no"\nc: plain\n');
  });

  it('GIVEN keys in any order WHEN written THEN apiVersion, kind, metadata (name, namespace, labels, annotations), spec come first and the rest is sorted', () => {
    const object = {
      zeta: 1,
      spec: { b: 1, a: { d: 1, c: 2 }, '10': 'x', '9': 'y' },
      metadata: { annotations: { b: 'x', a: 'y' }, labels: {}, uid: 'u', namespace: 'n', name: 'm' },
      kind: 'K',
      apiVersion: 'v1',
      alpha: 2,
    };
    const keysInOrder = toManifestYaml(object)
      .split('\n')
      .filter((line) => /^\s*[^\s-][^:]*:/.test(line))
      .map((line) => line.split(':')[0]);
    expect(keysInOrder).toEqual([
      'apiVersion',
      'kind',
      'metadata',
      '  name',
      '  namespace',
      '  labels',
      '  annotations',
      '    a',
      '    b',
      '  uid',
      'spec',
      '  "10"',
      '  "9"',
      '  a',
      '    c',
      '    d',
      '  b',
      'alpha',
      'zeta',
    ]);
  });

  it('GIVEN a long string and a shared sub-object WHEN written THEN no line is folded, no anchor is used, and there is one document with a trailing newline', () => {
    const shared = { x: 'z' };
    const long = 'word '.repeat(100).trim();
    const text = toManifestYaml({ a: shared, b: shared, long });
    expect(text).toBe(`a:\n  x: z\nb:\n  x: z\nlong: ${long}\n`);
    expect(text).not.toMatch(/^---/m);
  });

  it('GIVEN a multi-line string WHEN written THEN it is a block literal that reads back unchanged', () => {
    const text = toManifestYaml({ script: 'echo one\necho two\n' });
    expect(text).toBe('script: |\n  echo one\n  echo two\n');
  });

  it('GIVEN a value that is not JSON data WHEN written THEN it fails naming where the value is', () => {
    expect(() => toManifestYaml({ spec: { when: new Date(0) } })).toThrow(/spec\.when/);
    expect(() => toManifestYaml({ spec: { n: Number.NaN } })).toThrow(/spec\.n: NaN/);
    expect(() => toManifestYaml({ spec: { f: () => 1 } })).toThrow(/spec\.f/);
  });

  it('GIVEN a map with the key << WHEN written THEN it fails as a user error naming where, since kustomize would drop the key', () => {
    let error: unknown;
    try {
      toManifestYaml({ spec: { values: { nested: { '<<': 'x' } } } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GitopsSynthError);
    expect(error).toMatchObject({ code: 'YAML_MERGE_KEY', source: 'user' });
    expect((error as Error).message).toContain('spec.values.nested');
  });
});

describe('toManifestYaml and -0', () => {
  it('GIVEN -0 anywhere in an object WHEN written by either writer THEN it is written as 0, the way JSON writes it', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      data: { zero: -0, list: [-0, 0.5] },
    };
    expect(toManifestYaml(object)).toBe(toManifestYaml(JSON.parse(JSON.stringify(object))));
    expect(toManifestYamlWithLibrary(object)).toBe(
      toManifestYamlWithLibrary(JSON.parse(JSON.stringify(object))),
    );
    expect(toManifestYaml(object)).toContain('zero: 0\n');
    expect(toManifestYaml(object)).not.toContain('-0');
  });
});
