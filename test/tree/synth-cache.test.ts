import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { findStampChange, stampCluster } from '../../src/tree/stamp';
import {
  findSynthCache,
  fingerprintTool,
  forgetSynthCache,
  memoizedToolFingerprint,
  runKeyMatches,
  saveSynthCache,
  serializeSynthCache,
  SynthCache,
  SYNTH_CACHE_FILE,
  toolFingerprint,
} from '../../src/tree/synth-cache';
import { makePlainDir, makeRepo, ownedYaml, removeDir, writeFiles } from './helpers';

const SHA256_HEX = /^[0-9a-f]{64}$/;

function exampleCache(root: string): SynthCache {
  return {
    version: 2,
    tool: 'tool-1',
    clusters: {
      b: { fingerprint: 'fp-b', ownedFiles: 1, stamp: stampCluster(root, 'b') },
      a: { fingerprint: 'fp-a', ownedFiles: 2, stamp: stampCluster(root, 'a') },
    },
    run: { key: 'run-1', validUntil: '2030-01-01T00:00:00.000Z', listing: ['a', 'b'] },
  };
}

describe('the synth cache', () => {
  let root: string;
  beforeEach(() => {
    root = makeRepo();
    writeFiles(root, {
      'clusters/a/namespaces/apps/applicationinstance-x.yaml': ownedYaml('x'),
      'clusters/a/namespaces/apps/applicationinstance-y.yaml': ownedYaml('y'),
      'clusters/b/namespaces/apps/applicationinstance-z.yaml': ownedYaml('z'),
    });
  });
  afterEach(() => removeDir(root));

  const cacheFile = (): string => path.join(root, '.git', 'gitops-synth', SYNTH_CACHE_FILE);

  it("GIVEN a saved cache WHEN found THEN it is the same cache, with the file's mtime as the time it was saved", () => {
    const cache = exampleCache(root);
    saveSynthCache(root, cache);
    const found = findSynthCache(root);
    expect(found?.cache).toEqual(cache);
    expect(found?.savedAtNs).toBe(fs.statSync(cacheFile(), { bigint: true }).mtimeNs);
    expect(fs.readdirSync(path.dirname(cacheFile()))).toEqual([SYNTH_CACHE_FILE]);
  });

  it('GIVEN a tree stamped and saved WHEN checked against the found cache THEN it matches, and an edit after the save does not', () => {
    saveSynthCache(root, exampleCache(root));
    const found = findSynthCache(root);
    const stamp = found?.cache.clusters.a?.stamp;
    if (found === undefined || stamp === undefined) throw new Error('no cache');
    // Either clean, or (with a coarse clock, files written in the tick of the save) racily clean: never a false "unchanged".
    expect([undefined, expect.stringMatching(/racily clean/)]).toContainEqual(
      findStampChange(root, stamp, found.savedAtNs),
    );
    fs.appendFileSync(path.join(root, 'clusters/a/namespaces/apps/applicationinstance-x.yaml'), '# edit\n');
    expect(findStampChange(root, stamp, found.savedAtNs)).toMatch(
      /^clusters\/a: an entry was added, removed, replaced or changed$/,
    );
  });

  it('GIVEN the same cache built in another order WHEN saved THEN the bytes are the same, clusters sorted, keys in a fixed order', () => {
    const cache = exampleCache(root);
    const reordered: SynthCache = {
      run: { listing: ['a', 'b'], validUntil: '2030-01-01T00:00:00.000Z', key: 'run-1' },
      clusters: { a: cache.clusters.a, b: cache.clusters.b },
      tool: 'tool-1',
      version: 2,
    };
    saveSynthCache(root, cache);
    const first = fs.readFileSync(cacheFile(), 'utf8');
    saveSynthCache(root, reordered);
    expect(fs.readFileSync(cacheFile(), 'utf8')).toBe(first);
    expect(first).toBe(serializeSynthCache(cache));
    expect(first.startsWith('{"version":2,"tool":"tool-1","run":{"key":"run-1",')).toBe(true);
    expect(first.indexOf('"a":{')).toBeLessThan(first.indexOf('"b":{'));
  });

  it('GIVEN entries made one at a time WHEN saved as a stream THEN the bytes are those of the whole cache, left-out clusters absent, and each entry asked once', () => {
    const cache = exampleCache(root);
    const asked: string[] = [];
    const entries: Record<string, SynthCache['clusters'][string] | undefined> = {
      ...cache.clusters,
      c: undefined,
    };
    saveSynthCache(root, {
      version: 2,
      tool: 'tool-1',
      run: cache.run,
      clusterIds: ['c', 'b', 'a'],
      entry: (id) => {
        asked.push(id);
        return entries[id];
      },
    });
    expect(fs.readFileSync(cacheFile(), 'utf8')).toBe(serializeSynthCache(cache));
    expect(asked).toEqual(['a', 'b', 'c']);
    saveSynthCache(root, { version: 2, tool: 't', clusterIds: [], entry: () => undefined });
    expect(fs.readFileSync(cacheFile(), 'utf8')).toBe(
      serializeSynthCache({ version: 2, tool: 't', clusters: {} }),
    );
    expect(findSynthCache(root)?.cache).toEqual({ version: 2, tool: 't', clusters: {} });
  });

  it('GIVEN a directory that is not a git repository WHEN a cache is saved THEN it goes to .gitops-synth/ with a .gitignore of *', () => {
    const plain = makePlainDir();
    try {
      saveSynthCache(plain, { version: 2, tool: 't', clusters: {} });
      expect(fs.readdirSync(path.join(plain, '.gitops-synth')).sort()).toEqual([
        '.gitignore',
        SYNTH_CACHE_FILE,
      ]);
      expect(fs.readFileSync(path.join(plain, '.gitops-synth', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
      expect(findSynthCache(plain)?.cache).toEqual({ version: 2, tool: 't', clusters: {} });
    } finally {
      removeDir(plain);
    }
  });

  it('GIVEN no cache WHEN found THEN undefined, and nothing is created', () => {
    expect(findSynthCache(root)).toBeUndefined();
    expect(fs.existsSync(path.join(root, '.git', 'gitops-synth'))).toBe(false);
    expect(findSynthCache(path.join(root, 'no-such-dir'))).toBeUndefined();
  });

  it.each([
    ['corrupt JSON', () => '{"version":2,,}'],
    ['a truncated file', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['an empty file', () => ''],
    ['another version (1 kept every entry)', (text: string) => text.replace('"version":2', '"version":1')],
    [
      'a digest that is not sha256',
      (text: string) => text.replace(/"digest":"sha256:[0-9a-f]+"/, '"digest":"md5:00"'),
    ],
    ['a negative entry count', (text: string) => text.replace(/"entries":\d+/, '"entries":-1')],
    [
      'a latest change that is not ns digits',
      (text: string) => text.replace(/"latestChangeNs":"\d+"/, '"latestChangeNs":"1e9"'),
    ],
    [
      'a stamp filed under another cluster',
      (text: string) => text.replace('"stamp":{"cluster":"a"', '"stamp":{"cluster":"b"'),
    ],
    ['a missing fingerprint', (text: string) => text.replace('"fingerprint":"fp-a",', '')],
    ['a missing owned file count', (text: string) => text.replace('"ownedFiles":2,', '')],
    ['a run without a key', (text: string) => text.replace('"key":"run-1",', '')],
    ['JSON null', () => 'null'],
  ])('GIVEN a cache file with %s WHEN found THEN undefined (no cache, no error)', (_name, spoil) => {
    saveSynthCache(root, exampleCache(root));
    const text = fs.readFileSync(cacheFile(), 'utf8');
    const spoiled = spoil(text);
    expect(spoiled).not.toBe(text);
    fs.writeFileSync(cacheFile(), spoiled);
    expect(findSynthCache(root)).toBeUndefined();
  });

  it('GIVEN a save that fails at the rename WHEN saved THEN it throws and leaves no temporary file', () => {
    saveSynthCache(root, exampleCache(root));
    fs.unlinkSync(cacheFile());
    fs.mkdirSync(path.join(cacheFile(), 'blocker'), { recursive: true });
    expect(() => saveSynthCache(root, exampleCache(root))).toThrow();
    expect(fs.readdirSync(path.dirname(cacheFile()))).toEqual([SYNTH_CACHE_FILE]);
  });

  it('GIVEN a cache and a temporary file of a killed save WHEN forgotten THEN both are gone; WHEN forgotten again, or with no journal directory THEN no error', () => {
    saveSynthCache(root, exampleCache(root));
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const leftover = `${cacheFile()}.${dead}.tmp`;
    fs.writeFileSync(leftover, '{');
    forgetSynthCache(root);
    expect(fs.readdirSync(path.dirname(cacheFile()))).toEqual([]);
    expect(findSynthCache(root)).toBeUndefined();
    expect(() => forgetSynthCache(root)).not.toThrow();
    const plain = makePlainDir();
    try {
      expect(() => forgetSynthCache(plain)).not.toThrow();
      expect(fs.readdirSync(plain)).toEqual([]);
    } finally {
      removeDir(plain);
    }
  });

  it('GIVEN a run key with or without an expiry WHEN matched THEN only the same key before its expiry matches', () => {
    const base: SynthCache = { version: 2, tool: 't', clusters: {} };
    const now = new Date('2025-06-01T00:00:00Z');
    expect(runKeyMatches({ ...base, run: { key: 'k' } }, 'k', now)).toBe(true);
    expect(runKeyMatches({ ...base, run: { key: 'k', validUntil: '2025-06-01T00:00:01Z' } }, 'k', now)).toBe(
      true,
    );
    expect(runKeyMatches({ ...base, run: { key: 'k', validUntil: '2025-06-01T00:00:00Z' } }, 'k', now)).toBe(
      false,
    );
    expect(runKeyMatches({ ...base, run: { key: 'k', validUntil: 'soon' } }, 'k', now)).toBe(false);
    expect(runKeyMatches({ ...base, run: { key: 'k' } }, 'other', now)).toBe(false);
    expect(runKeyMatches(base, 'k', now)).toBe(false);
  });
});

describe('the tool fingerprint', () => {
  it('GIVEN this process WHEN asked twice THEN the same sha256 hex', () => {
    const first = toolFingerprint();
    expect(toolFingerprint()).toBe(first);
    expect(first).toMatch(SHA256_HEX);
  });

  describe('of a package tree', () => {
    let pkg: string;
    beforeEach(() => {
      pkg = makePlainDir();
      writeFiles(pkg, {
        'package.json': '{"name":"gitops-synth","version":"1.0.0"}',
        'src/index.js': 'exports.a = 1;\n',
        'src/tree/write.js': 'exports.b = 2;\n',
        'src/tree/write.js.map': '{}',
        'src/tree/write.d.ts': 'export {};\n',
        'crds/app.yaml': 'kind: CustomResourceDefinition\n',
        'imports/app.ts': 'export class App {}\n',
        'schemas/intents.json': '{}',
      });
    });
    afterEach(() => removeDir(pkg));

    const fingerprint = (): string => fingerprintTool(path.join(pkg, 'src'), pkg);

    it('GIVEN a memoized fingerprint WHEN the tree changes after the first call THEN the second call hashes nothing again (it keeps the first value)', () => {
      const memoized = memoizedToolFingerprint(path.join(pkg, 'src'), pkg);
      const first = memoized();
      expect(first).toBe(fingerprint());
      fs.writeFileSync(path.join(pkg, 'src/tree/write.js'), 'exports.b = 3;\n');
      // A fresh hash sees the edit; the memoized one did no work, so it cannot have.
      expect(fingerprint()).not.toBe(first);
      expect(memoized()).toBe(first);
    });

    it('GIVEN an unchanged tree WHEN fingerprinted twice THEN the same sha256 hex; source maps and declarations do not count', () => {
      const first = fingerprint();
      expect(first).toMatch(SHA256_HEX);
      expect(fingerprint()).toBe(first);
      fs.writeFileSync(path.join(pkg, 'src/tree/write.js.map'), '{"mappings":""}');
      fs.writeFileSync(path.join(pkg, 'src/tree/write.d.ts'), 'export declare const b: number;\n');
      expect(fingerprint()).toBe(first);
    });

    it.each([
      [
        'a source file edited',
        () => fs.writeFileSync(path.join(pkg, 'src/tree/write.js'), 'exports.b = 3;\n'),
      ],
      ['a source file added', () => fs.writeFileSync(path.join(pkg, 'src/tree/plan.js'), '')],
      [
        'a source file renamed',
        () => fs.renameSync(path.join(pkg, 'src/tree/write.js'), path.join(pkg, 'src/tree/write2.js')),
      ],
      [
        'the package version bumped',
        () => fs.writeFileSync(path.join(pkg, 'package.json'), '{"name":"gitops-synth","version":"1.0.1"}'),
      ],
      ['a CRD edited', () => fs.appendFileSync(path.join(pkg, 'crds/app.yaml'), '# v2\n')],
      ['an import edited', () => fs.appendFileSync(path.join(pkg, 'imports/app.ts'), '// v2\n')],
      [
        'the intents schema edited',
        () => fs.writeFileSync(path.join(pkg, 'schemas/intents.json'), '{"type":"object"}'),
      ],
    ])('GIVEN %s WHEN fingerprinted THEN the fingerprint changes', (_name, change) => {
      const before = fingerprint();
      change();
      expect(fingerprint()).not.toBe(before);
    });

    it('GIVEN a directory that cannot be read WHEN fingerprinted THEN a sha256 hex that matches nothing, not even itself', () => {
      removeDir(path.join(pkg, 'crds'));
      const first = fingerprint();
      expect(first).toMatch(SHA256_HEX);
      expect(fingerprint()).not.toBe(first);
    });
  });
});
