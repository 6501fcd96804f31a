import * as fs from 'fs';
import * as path from 'path';
import { readOwnedTree } from '../../src/tree/read';
import { writeTree } from '../../src/tree/write';
import { faultyFs } from './faulty-fs';
import { contents, makePlainDir, makeRepo, ownedYaml, removeDir, snapshot, writeFiles } from './helpers';

describe('readOwnedTree', () => {
  let root: string;
  beforeEach(() => {
    root = makeRepo();
  });
  afterEach(() => removeDir(root));

  it('GIVEN owned, foreign and unlabelled files WHEN read THEN only labelled .yaml files inside a cluster are owned', async () => {
    writeFiles(root, {
      'clusters/a/ns/app.yaml': ownedYaml('app'),
      'clusters/a/ns/app.yml': ownedYaml('yml'),
      'clusters/a/ns/hand.yaml': 'kind: ConfigMap\n',
      'clusters/a/flux-system/gotk-sync.yaml': 'kind: Kustomization\n',
      'clusters/top.yaml': ownedYaml('top'),
      'elsewhere/app.yaml': ownedYaml('elsewhere'),
    });
    const tree = await readOwnedTree(root);
    expect([...tree.files.keys()]).toEqual(['clusters/a/ns/app.yaml']);
    expect([...tree.foreign].sort()).toEqual([
      'clusters/a/flux-system/gotk-sync.yaml',
      'clusters/a/ns/app.yml',
      'clusters/a/ns/hand.yaml',
      'clusters/top.yaml',
    ]);
    expect([...tree.directories].sort()).toEqual([
      'clusters',
      'clusters/a',
      'clusters/a/flux-system',
      'clusters/a/ns',
    ]);
  });

  it('GIVEN symlinks to owned files and directories, and a .git directory WHEN read THEN links are foreign and never followed, and .git is skipped', async () => {
    const outside = makePlainDir();
    try {
      writeFiles(outside, { 'ns/app.yaml': ownedYaml('outside') });
      writeFiles(root, {
        'clusters/a/ns/app.yaml': ownedYaml('app'),
        'clusters/a/.git/HEAD.yaml': ownedYaml('git'),
      });
      fs.symlinkSync(path.join(outside, 'ns/app.yaml'), path.join(root, 'clusters/a/ns/link.yaml'));
      fs.symlinkSync(path.join(outside, 'ns'), path.join(root, 'clusters/a/linked-ns'));
      const tree = await readOwnedTree(root);
      expect([...tree.files.keys()]).toEqual(['clusters/a/ns/app.yaml']);
      expect([...tree.foreign].sort()).toEqual(['clusters/a/linked-ns', 'clusters/a/ns/link.yaml']);
    } finally {
      removeDir(outside);
    }
  });

  it('GIVEN no clusters/ directory WHEN read THEN the tree is empty; GIVEN no root THEN TREE_ROOT_MISSING', async () => {
    expect(await readOwnedTree(root)).toMatchObject({
      files: new Map(),
      foreign: new Set(),
      directories: new Set(),
    });
    await expect(readOwnedTree(path.join(root, 'missing'))).rejects.toMatchObject({
      code: 'TREE_ROOT_MISSING',
      source: 'user',
    });
  });

  it('GIVEN a cluster filter WHEN read THEN the other clusters are not even listed', async () => {
    writeFiles(root, { 'clusters/a/ns/app.yaml': ownedYaml('a'), 'clusters/b/ns/app.yaml': ownedYaml('b') });
    const counting = faultyFs([{ op: 'readdir', match: 'clusters/b', n: 1_000_000, action: 'throw' }]);
    const tree = await readOwnedTree(root, { clusters: (id) => id === 'a', fs: counting });
    expect([...tree.files.keys()]).toEqual(['clusters/a/ns/app.yaml']);
    expect(counting.counts.get('readdir:clusters/b')).toBeUndefined();
    expect(counting.counts.get('readFile')).toBe(1);
  });

  it('GIVEN 5,000 files over 20 clusters WHEN written, rewritten unchanged and read THEN every count is exact and nothing is rewritten', async () => {
    const desired = new Map<string, string>();
    for (let i = 0; i < 5000; i++) {
      desired.set(
        `clusters/c${i % 20}/namespaces/ns-${i % 37}/applicationinstance-app-${i}.yaml`,
        ownedYaml(`app-${i}`),
      );
    }
    const first = await writeTree(root, desired, { allowDeletions: false });
    expect(first.added).toHaveLength(5000);
    const before = snapshot(root);
    const second = await writeTree(root, desired, { allowDeletions: false });
    expect(second).toEqual({ added: [], updated: [], deleted: [], unchanged: 5000 });
    expect(snapshot(root)).toEqual(before);
    const tree = await readOwnedTree(root);
    expect(tree.files.size).toBe(5000);
    expect(Object.keys(contents(root))).toHaveLength(5000);
  });
});
