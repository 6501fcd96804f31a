import * as fs from 'fs';
import * as path from 'path';
import { nodeTreeFs, TreeFs } from '../../src/tree/fs';
import { readOwnedTree } from '../../src/tree/read';
import { makePlainDir, ownedYaml, removeDir, writeFiles } from '../tree/helpers';

describe('readOwnedTree on the real filesystem (synchronous walk) and through a TreeFs (asynchronous walk)', () => {
  let root: string;
  beforeEach(() => {
    root = makePlainDir();
  });
  afterEach(() => removeDir(root));

  it('GIVEN owned, foreign, nested, linked and unselected entries WHEN read both ways THEN the results are the same', async () => {
    writeFiles(root, {
      'clusters/a/namespaces/kustomization.yaml': ownedYaml('k'),
      'clusters/a/namespaces/ns/applicationinstance-x.yaml': ownedYaml('x'),
      'clusters/a/namespaces/ns/notes.txt': 'mine\n',
      'clusters/a/flux-system/gotk-sync.yaml': 'kind: Kustomization\n',
      'clusters/a/.git/config': 'x\n',
      'clusters/b/namespaces/ns/applicationinstance-y.yaml': ownedYaml('y'),
      'clusters/c/namespaces/ns/applicationinstance-z.yaml': ownedYaml('z'),
      'clusters/README.md': 'hello\n',
    });
    fs.mkdirSync(path.join(root, 'clusters/a/empty'));
    fs.symlinkSync(path.join(root, 'clusters/b'), path.join(root, 'clusters/a/namespaces/link'));
    fs.symlinkSync(path.join(root, 'clusters/b'), path.join(root, 'clusters/linked'));
    const wrapped: TreeFs = { ...nodeTreeFs };
    const selects = (id: string): boolean => id !== 'c';
    const sync = await readOwnedTree(root, { clusters: selects });
    const async = await readOwnedTree(root, { clusters: selects, fs: wrapped });
    expect([...sync.files]).toEqual([...async.files]);
    expect([...sync.foreign].sort()).toEqual([...async.foreign].sort());
    expect([...sync.directories].sort()).toEqual([...async.directories].sort());
    expect([...sync.files.keys()]).toEqual([
      'clusters/a/namespaces/kustomization.yaml',
      'clusters/a/namespaces/ns/applicationinstance-x.yaml',
      'clusters/b/namespaces/ns/applicationinstance-y.yaml',
    ]);
    expect([...sync.foreign].sort()).toEqual([
      'clusters/README.md',
      'clusters/a/flux-system/gotk-sync.yaml',
      'clusters/a/namespaces/link',
      'clusters/a/namespaces/ns/notes.txt',
      'clusters/linked',
    ]);
    expect(sync.directories.has('clusters/a/empty')).toBe(true);
  });
});
