import { DeletionGuardError, ForeignFileError, InvalidDesiredTreeError } from '../../src/tree/errors';
import { isOwnedContent } from '../../src/tree/ownership';
import { planTree } from '../../src/tree/plan';
import { OwnedTree } from '../../src/tree/read';
import { ownedYaml } from './helpers';

/** An in-memory tree as readOwnedTree would return it. */
function tree(
  owned: Record<string, string>,
  foreign: string[] = [],
  extraDirectories: string[] = [],
): OwnedTree {
  const directories = new Set<string>(['clusters', ...extraDirectories]);
  for (const p of [...Object.keys(owned), ...foreign]) {
    const parts = p.split('/');
    for (let i = 2; i < parts.length; i++) {
      directories.add(parts.slice(0, i).join('/'));
    }
  }
  return {
    files: new Map(Object.entries(owned)),
    foreign: new Set(foreign),
    directories,
    selects: () => true,
  };
}

const A = 'clusters/a/namespaces/apps';

describe('planTree', () => {
  it('GIVEN owned files WHEN planned against a desired tree THEN it adds, updates, deletes and counts the unchanged', () => {
    const current = tree({
      [`${A}/one.yaml`]: ownedYaml('1'),
      [`${A}/two.yaml`]: ownedYaml('2'),
      [`${A}/three.yaml`]: ownedYaml('3'),
    });
    const desired = new Map([
      [`${A}/one.yaml`, ownedYaml('1')],
      [`${A}/two.yaml`, ownedYaml('2b')],
      ['clusters/a/namespaces/new/four.yaml', ownedYaml('4')],
    ]);
    const plan = planTree(current, desired, { allowDeletions: false });
    expect(plan.writes.map((w) => [w.path, w.change])).toEqual([
      [`${A}/two.yaml`, 'updated'],
      ['clusters/a/namespaces/new/four.yaml', 'added'],
    ]);
    expect(plan.deletes).toEqual([`${A}/three.yaml`]);
    expect(plan.unchanged).toBe(1);
    expect(plan.createDirectories).toEqual(['clusters/a/namespaces/new']);
    expect(plan.removeDirectories).toEqual([]);
  });

  it('GIVEN a namespace whose files all go WHEN planned THEN its directory is removed, but not one holding a foreign file or another directory', () => {
    const current = tree(
      {
        'clusters/a/namespaces/x/1.yaml': ownedYaml('1'),
        'clusters/a/namespaces/y/2.yaml': ownedYaml('2'),
        'clusters/a/namespaces/z/3.yaml': ownedYaml('3'),
        'clusters/a/keep.yaml': ownedYaml('k'),
      },
      ['clusters/a/namespaces/y/README.md'],
      ['clusters/a/namespaces/z/empty'],
    );
    const plan = planTree(current, new Map([['clusters/a/keep.yaml', ownedYaml('k')]]), {
      allowDeletions: true,
    });
    expect(plan.removeDirectories).toEqual(['clusters/a/namespaces/x']);
  });

  it('GIVEN a whole cluster deleted WHEN planned THEN its directory is removed deepest first and clusters/ never is', () => {
    const current = tree({ 'clusters/a/namespaces/x/1.yaml': ownedYaml('1') });
    const plan = planTree(current, new Map(), { allowDeletions: true });
    expect(plan.removeDirectories).toEqual([
      'clusters/a/namespaces/x',
      'clusters/a/namespaces',
      'clusters/a',
    ]);
  });

  it('GIVEN foreign entries at, above and as desired paths WHEN planned THEN FOREIGN_FILE lists each path with what blocks it', () => {
    const current = tree(
      {},
      ['clusters/a/hand.yaml', 'clusters/b', 'clusters/c/namespaces'],
      ['clusters/a/dir.yaml'],
    );
    const desired = new Map([
      ['clusters/a/hand.yaml', ownedYaml('h')],
      ['clusters/a/dir.yaml', ownedYaml('d')],
      ['clusters/b/x.yaml', ownedYaml('b')],
      ['clusters/c/namespaces/n/y.yaml', ownedYaml('c')],
      ['clusters/a/fine.yaml', ownedYaml('f')],
    ]);
    const error = (() => {
      try {
        planTree(current, desired, { allowDeletions: true });
      } catch (e) {
        return e;
      }
      return undefined;
    })() as ForeignFileError;
    expect(error).toBeInstanceOf(ForeignFileError);
    expect(error.collisions).toEqual([
      { path: 'clusters/a/dir.yaml', blockedBy: 'clusters/a/dir.yaml' },
      { path: 'clusters/a/hand.yaml', blockedBy: 'clusters/a/hand.yaml' },
      { path: 'clusters/b/x.yaml', blockedBy: 'clusters/b' },
      { path: 'clusters/c/namespaces/n/y.yaml', blockedBy: 'clusters/c/namespaces' },
    ]);
    expect(error.message).toContain('  - clusters/b/x.yaml (blocked by clusters/b)');
  });

  it('GIVEN one cluster losing all its files WHEN planned THEN DELETION_GUARD names the cluster even below the share', () => {
    const owned: Record<string, string> = { 'clusters/b/only.yaml': ownedYaml('b') };
    for (let i = 0; i < 9; i++) {
      owned[`clusters/a/${i}.yaml`] = ownedYaml(String(i));
    }
    const desired = new Map(Object.entries(owned).filter(([p]) => p.startsWith('clusters/a/')));
    expect(() => planTree(tree(owned), desired, { allowDeletions: false })).toThrow(
      new DeletionGuardError({
        deleting: 1,
        owned: 10,
        maxShare: 0.5,
        emptiedClusters: ['b'],
        paths: ['clusters/b/only.yaml'],
      }),
    );
    const error = (() => {
      try {
        planTree(tree(owned), desired, { allowDeletions: false });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message).toBe(
      'Refusing to delete 1 of 10 files gitops-synth owns: it removes every file of cluster "b". An empty or truncated intents export looks like this. ' +
        'Nothing was written. If the deletions are intended, run again with --allow-deletions.\n  - clusters/b/only.yaml',
    );
    expect(planTree(tree(owned), desired, { allowDeletions: true }).deletes).toEqual([
      'clusters/b/only.yaml',
    ]);
  });

  it('GIVEN an empty desired tree WHEN planned THEN DELETION_GUARD fires, and a share of exactly the limit passes', () => {
    const owned = {
      'clusters/a/1.yaml': ownedYaml('1'),
      'clusters/a/2.yaml': ownedYaml('2'),
      'clusters/a/3.yaml': ownedYaml('3'),
      'clusters/a/4.yaml': ownedYaml('4'),
    };
    expect(() => planTree(tree(owned), new Map(), { allowDeletions: false })).toThrow(
      /^Refusing to delete 4 of 4 files gitops-synth owns: that is more than 50% of them; and it removes every file of cluster "a"\./,
    );
    const half = new Map([
      ['clusters/a/1.yaml', ownedYaml('1')],
      ['clusters/a/2.yaml', ownedYaml('2')],
    ]);
    expect(planTree(tree(owned), half, { allowDeletions: false }).deletes).toHaveLength(2);
    expect(() => planTree(tree(owned), half, { allowDeletions: false, maxDeletionShare: 0.25 })).toThrow(
      /more than 25% of them/,
    );
  });

  it('GIVEN files of up-to-date clusters left unread WHEN planned THEN they count in the deletion share as if they had been read', () => {
    const owned = {
      'clusters/a/1.yaml': ownedYaml('1'),
      'clusters/a/2.yaml': ownedYaml('2'),
      'clusters/a/3.yaml': ownedYaml('3'),
      'clusters/a/4.yaml': ownedYaml('4'),
    };
    const one = new Map([['clusters/a/1.yaml', ownedYaml('1')]]);
    // 3 of 4 read files is over the half, but 3 of 4 + 6 unread files is not.
    expect(() => planTree(tree(owned), one, { allowDeletions: false })).toThrow(
      /Refusing to delete 3 of 4 files/,
    );
    expect(planTree(tree(owned), one, { allowDeletions: false, unreadOwnedFiles: 6 }).deletes).toHaveLength(
      3,
    );
    expect(() => planTree(tree(owned), one, { allowDeletions: false, unreadOwnedFiles: 1 })).toThrow(
      /Refusing to delete 3 of 5 files/,
    );
  });

  it('GIVEN desired paths outside clusters/, not normalized, or without the label WHEN planned THEN one internal TREE_INVALID error lists them all', () => {
    const desired = new Map([
      ['README.md', 'x'],
      ['clusters/a/../../etc/passwd.yaml', ownedYaml('p')],
      ['/abs/clusters/a/x.yaml', ownedYaml('p')],
      ['clusters/a/./x.yaml', ownedYaml('p')],
      ['clusters/x.yaml', ownedYaml('p')],
      ['clusters/a/.git/config.yaml', ownedYaml('p')],
      ['clusters/a/unlabelled.yaml', 'kind: ConfigMap\n'],
      ['clusters/a/notes.txt', ownedYaml('t')],
    ]);
    let error: InvalidDesiredTreeError | undefined;
    try {
      planTree(tree({}), desired, { allowDeletions: false });
    } catch (e) {
      error = e as InvalidDesiredTreeError;
    }
    expect(error).toBeInstanceOf(InvalidDesiredTreeError);
    expect(error?.code).toBe('TREE_INVALID');
    expect(error?.source).toBe('internal');
    expect(error?.message.split('\n').slice(1)).toEqual([
      '  - "/abs/clusters/a/x.yaml" is absolute; it must be relative to the repository root',
      '  - "README.md" is not inside a cluster\'s directory (clusters/<cluster-id>/...)',
      '  - "clusters/a/../../etc/passwd.yaml" is not normalized (empty, "." or ".." segments)',
      '  - "clusters/a/./x.yaml" is not normalized (empty, "." or ".." segments)',
      '  - "clusters/a/.git/config.yaml" passes through a .git directory',
      "  - clusters/a/notes.txt: is not a .yaml file carrying the managed-by label, so the next run would not recognize it as gitops-synth's own",
      "  - clusters/a/unlabelled.yaml: is not a .yaml file carrying the managed-by label, so the next run would not recognize it as gitops-synth's own",
      '  - "clusters/x.yaml" is not inside a cluster\'s directory (clusters/<cluster-id>/...)',
    ]);
  });

  it('GIVEN a cluster filter WHEN planned THEN desired and owned files of other clusters are ignored', () => {
    const current = tree({ 'clusters/a/1.yaml': ownedYaml('1'), 'clusters/b/1.yaml': ownedYaml('b') });
    const plan = planTree(
      current,
      new Map([
        ['clusters/a/1.yaml', ownedYaml('1')],
        ['clusters/c/1.yaml', ownedYaml('c')],
      ]),
      {
        allowDeletions: false,
        clusters: (id) => id === 'a',
      },
    );
    expect(plan).toEqual({
      writes: [],
      deletes: [],
      unchanged: 1,
      createDirectories: [],
      removeDirectories: [],
    });
  });

  it('GIVEN a tree read for one cluster WHEN planned for another THEN it refuses, since that cluster was never read', () => {
    const current: OwnedTree = { ...tree({}), selects: (id) => id === 'a' };
    expect(() =>
      planTree(current, new Map([['clusters/b/1.yaml', ownedYaml('b')]]), {
        allowDeletions: false,
        clusters: () => true,
      }),
    ).toThrow(/cluster "b" was not read/);
  });
});

describe('isOwnedContent', () => {
  it.each([
    ['plain', 'metadata:\n  labels:\n    app.vworkspace.io/managed-by: control-plane\n', true],
    ['double-quoted value', '    app.vworkspace.io/managed-by: "control-plane"\n', true],
    ['single-quoted value and key', "    'app.vworkspace.io/managed-by': 'control-plane'  # ours\n", true],
    ['CRLF line ending', 'a: b\r\n  app.vworkspace.io/managed-by: control-plane\r\n', true],
    ['another value', '    app.vworkspace.io/managed-by: flux\n', false],
    ['mismatched quotes', '    app.vworkspace.io/managed-by: "control-plane\'\n', false],
    ['a longer value', '    app.vworkspace.io/managed-by: control-plane-2\n', false],
    ['the label in a comment', '# app.vworkspace.io/managed-by: control-plane\n', false],
    ['no label', 'kind: ConfigMap\n', false],
  ])('GIVEN %s WHEN checked THEN owned is %s', (_name, text, owned) => {
    expect(isOwnedContent(text)).toBe(owned);
  });
});
