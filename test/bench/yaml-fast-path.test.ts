import { parse } from 'yaml';
import { fastManifestYaml } from '../../src/synth/yaml-fast';
import {
  MANIFEST_YAML_RULES as RULES,
  toManifestYaml,
  toManifestYamlWithLibrary,
} from '../../src/synth/yaml';
import { synthFleet } from '../../src/synth/synth';
import { getFleetFromFiles } from '../../src/intents/validate';
import { fleetFiles, fleetShape } from '../../bench/fleet';
import { HOSTILE_VALUES, UNICODE_BREAKS } from '../synth/fixtures';
import { seededRandom as random } from '../support/random';

const PIECES = [
  'a',
  'Z',
  '0',
  '9',
  '.',
  '-',
  '_',
  '/',
  ':',
  ' ',
  '#',
  '@',
  '"',
  "'",
  '\\',
  '\n',
  '\t',
  '*',
  '&',
  '!',
  '%',
  '?',
  ',',
  '[',
  '}',
  'é',
  '~',
  '=',
  '+',
  'yes',
  'no',
  'null',
  'true',
  '1e5',
  '0x1F',
  '.inf',
  '<<',
  'http://x',
  ': ',
  ' #',
];

function randomString(next: () => number): string {
  const length = Math.floor(next() * 5);
  return Array.from({ length }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
}

function randomValue(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth > 3 || pick < 0.35) return randomString(next);
  if (pick < 0.45)
    return [0, 1, -7, 123456789, 0.5, -0, 1e21, Number.MAX_SAFE_INTEGER][Math.floor(next() * 8)];
  if (pick < 0.5) return [true, false, null, undefined][Math.floor(next() * 4)];
  if (pick < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  const object: Record<string, unknown> = {};
  for (let index = Math.floor(next() * 5); index > 0; index -= 1)
    object[randomString(next)] = randomValue(next, depth + 1);
  return object;
}

function libraryOrError(object: unknown): string {
  try {
    return toManifestYamlWithLibrary(object);
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

describe('the fast YAML path', () => {
  it('GIVEN 5,000 random JSON documents (hostile strings, floats, -0, nesting, empty collections) WHEN written THEN every fast result is byte-identical to the yaml package, and the fast path takes over most of them', () => {
    const next = random(42);
    let fast = 0;
    for (let index = 0; index < 5000; index += 1) {
      const object = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'x', labels: randomValue(next, 2) },
        data: randomValue(next, 0),
      };
      const text = fastManifestYaml(object, RULES);
      if (text !== undefined) {
        fast += 1;
        expect(text).toBe(libraryOrError(object));
      }
    }
    expect(fast).toBeGreaterThan(500);
  });

  it('GIVEN hostile values WHEN written THEN toManifestYaml gives the yaml package bytes', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      data: { ...HOSTILE_VALUES, breaks: UNICODE_BREAKS },
    };
    expect(toManifestYaml(object)).toBe(toManifestYamlWithLibrary(object));
  });

  it('GIVEN a benchmark-shaped fleet of 200 applications WHEN synthesized THEN every file takes the fast path and equals the yaml package output of the same object', () => {
    const files = [...fleetFiles({ ...fleetShape(200), perNamespace: 20 })].map(([file, text]) => ({
      file,
      text,
    }));
    const { fleet } = getFleetFromFiles(files);
    const tree = synthFleet(fleet);
    expect(tree.size).toBeGreaterThan(230);
    for (const text of tree.values()) {
      const object: unknown = parse(text);
      expect(fastManifestYaml(object, RULES)).toBe(text);
      expect(toManifestYamlWithLibrary(object)).toBe(text);
    }
  });
});
