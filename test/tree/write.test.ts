import * as fs from 'fs';
import * as path from 'path';
import { writeTree } from '../../src/tree/write';
import { DeletionGuardError, ForeignFileError } from '../../src/tree/errors';
import {
  ageFiles,
  contents,
  exampleDesired,
  FOREIGN_FILES,
  makePlainDir,
  makeRepo,
  ownedYaml,
  removeDir,
  snapshot,
  writeFiles,
} from './helpers';

const ALLOW = { allowDeletions: true };
const GUARDED = { allowDeletions: false };

describe('writeTree', () => {
  let root: string;
  beforeEach(() => {
    root = makeRepo();
    writeFiles(root, FOREIGN_FILES);
  });
  afterEach(() => removeDir(root));

  it('GIVEN an empty repository WHEN the tree is written THEN every desired file is added and foreign files are untouched', async () => {
    const desired = exampleDesired();
    const summary = await writeTree(root, desired, GUARDED);
    expect(summary).toEqual({ added: [...desired.keys()].sort(), updated: [], deleted: [], unchanged: 0 });
    expect(contents(root)).toEqual({ ...FOREIGN_FILES, ...Object.fromEntries(desired) });
  });

  it('GIVEN a current tree WHEN the same tree is written again THEN nothing is written (same bytes, mtime and inode everywhere)', async () => {
    await writeTree(root, exampleDesired(), GUARDED);
    ageFiles(root);
    const before = snapshot(root);
    const summary = await writeTree(root, exampleDesired(), GUARDED);
    expect(summary).toEqual({ added: [], updated: [], deleted: [], unchanged: 6 });
    expect(snapshot(root)).toEqual(before);
  });

  it('GIVEN a current tree WHEN one file changes THEN only that file is rewritten', async () => {
    await writeTree(root, exampleDesired(), GUARDED);
    ageFiles(root);
    const before = snapshot(root);
    const changed = 'clusters/alpha/namespaces/tools/applicationinstance-loki.yaml';
    const desired = exampleDesired().set(changed, ownedYaml('loki', '\n  suspend: true'));
    const summary = await writeTree(root, desired, GUARDED);
    expect(summary).toEqual({ added: [], updated: [changed], deleted: [], unchanged: 5 });
    const after = snapshot(root);
    expect(after.get(changed)?.content).toBe(desired.get(changed));
    after.delete(changed);
    before.delete(changed);
    expect(after).toEqual(before);
  });

  it('GIVEN an application removed from the intents WHEN written THEN its file is deleted and its namespace directory stays', async () => {
    await writeTree(root, exampleDesired(), GUARDED);
    const desired = exampleDesired();
    desired.delete('clusters/alpha/namespaces/apps/applicationinstance-gitea.yaml');
    const summary = await writeTree(root, desired, GUARDED);
    expect(summary.deleted).toEqual(['clusters/alpha/namespaces/apps/applicationinstance-gitea.yaml']);
    expect(contents(root)).toEqual({ ...FOREIGN_FILES, ...Object.fromEntries(desired) });
    expect(fs.existsSync(path.join(root, 'clusters/alpha/namespaces/apps'))).toBe(true);
  });

  it('GIVEN a namespace removed WHEN written THEN its files and directory go, but a namespace holding a README keeps it', async () => {
    await writeTree(root, exampleDesired(), GUARDED);
    const desired = exampleDesired();
    desired.delete('clusters/alpha/namespaces/tools/applicationinstance-grafana.yaml');
    desired.delete('clusters/alpha/namespaces/tools/applicationinstance-loki.yaml');
    desired.delete('clusters/beta/namespaces/apps/applicationinstance-wiki.yaml');
    const summary = await writeTree(root, desired, ALLOW);
    expect(summary.deleted).toHaveLength(3);
    expect(fs.existsSync(path.join(root, 'clusters/alpha/namespaces/tools'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'clusters/alpha/namespaces/apps'))).toBe(true);
    expect(contents(root)).toEqual({ ...FOREIGN_FILES, ...Object.fromEntries(desired) });
  });

  it('GIVEN a whole cluster removed WHEN written with allowDeletions THEN its owned files and emptied directories go and flux-system and README stay', async () => {
    await writeTree(root, exampleDesired(), GUARDED);
    const desired = new Map([...exampleDesired()].filter(([p]) => !p.startsWith('clusters/alpha/')));
    const summary = await writeTree(root, desired, ALLOW);
    expect(summary.deleted).toHaveLength(4);
    expect(contents(root)).toEqual({ ...FOREIGN_FILES, ...Object.fromEntries(desired) });
    expect(fs.existsSync(path.join(root, 'clusters/alpha/namespaces'))).toBe(false);
    expect(fs.readdirSync(path.join(root, 'clusters/alpha')).sort()).toEqual(['README.md', 'flux-system']);
  });

  it('GIVEN a cluster with only owned files WHEN it is removed THEN its directory goes but clusters/ stays', async () => {
    await writeTree(root, exampleDesired(), GUARDED);
    fs.rmSync(path.join(root, 'clusters/beta/namespaces/apps/README.md'));
    await writeTree(root, new Map(), ALLOW);
    expect(fs.existsSync(path.join(root, 'clusters/beta'))).toBe(false);
    expect(fs.readdirSync(path.join(root, 'clusters'))).toEqual(['alpha']);
    await writeTree(root, new Map(), ALLOW);
    expect(fs.existsSync(path.join(root, 'clusters'))).toBe(true);
  });

  it('GIVEN a foreign file at a desired path WHEN written THEN FOREIGN_FILE names every such path and nothing is written', async () => {
    writeFiles(root, {
      'clusters/alpha/namespaces/apps/applicationinstance-gitea.yaml': 'kind: ConfigMap # written by hand\n',
      'clusters/beta/namespaces/apps/applicationinstance-wiki.yaml': 'kind: ConfigMap\n',
    });
    const before = snapshot(root);
    const error = await writeTree(root, exampleDesired(), ALLOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForeignFileError);
    expect((error as ForeignFileError).code).toBe('FOREIGN_FILE');
    expect((error as Error).message).toBe(
      'Refusing to overwrite 2 paths that gitops-synth does not own (no "app.vworkspace.io/managed-by: control-plane" label); nothing was written:\n' +
        '  - clusters/alpha/namespaces/apps/applicationinstance-gitea.yaml\n' +
        '  - clusters/beta/namespaces/apps/applicationinstance-wiki.yaml',
    );
    expect(snapshot(root)).toEqual(before);
  });

  it('GIVEN a symlinked cluster directory WHEN a desired file lies below it THEN FOREIGN_FILE names the symlink and the target outside is untouched', async () => {
    const outside = makePlainDir();
    try {
      fs.mkdirSync(path.join(root, 'clusters'), { recursive: true });
      fs.symlinkSync(outside, path.join(root, 'clusters/gamma'));
      const desired = exampleDesired().set(
        'clusters/gamma/namespaces/apps/applicationinstance-x.yaml',
        ownedYaml('x'),
      );
      const error = await writeTree(root, desired, ALLOW).catch((e: unknown) => e);
      expect((error as ForeignFileError).collisions).toEqual([
        { path: 'clusters/gamma/namespaces/apps/applicationinstance-x.yaml', blockedBy: 'clusters/gamma' },
      ]);
      expect(fs.lstatSync(path.join(root, 'clusters/gamma')).isSymbolicLink()).toBe(true);
      expect(fs.readdirSync(outside)).toEqual([]);
    } finally {
      removeDir(outside);
    }
  });

  it('GIVEN most owned files gone from the intents WHEN written without allowDeletions THEN DELETION_GUARD says how many of how many and nothing changes', async () => {
    await writeTree(root, exampleDesired(), GUARDED);
    const before = snapshot(root);
    const desired = new Map([...exampleDesired()].slice(0, 2));
    const error = await writeTree(root, desired, GUARDED).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeletionGuardError);
    expect((error as Error).message).toBe(
      'Refusing to delete 4 of 6 files gitops-synth owns: that is more than 50% of them; and it removes every file of cluster "beta". ' +
        'An empty or truncated intents export looks like this. Nothing was written. If the deletions are intended, run again with --allow-deletions.\n' +
        '  - clusters/alpha/namespaces/tools/applicationinstance-grafana.yaml\n' +
        '  - clusters/alpha/namespaces/tools/applicationinstance-loki.yaml\n' +
        '  - clusters/beta/namespaces/apps/applicationinstance-nextcloud.yaml\n' +
        '  - clusters/beta/namespaces/apps/applicationinstance-wiki.yaml',
    );
    expect(snapshot(root)).toEqual(before);
    expect((await writeTree(root, desired, ALLOW)).deleted).toHaveLength(4);
  });

  it('GIVEN a plain directory (not a git repository) WHEN written THEN the journal lives in .gitops-synth/, ignored by git, and holds no staged files', async () => {
    const plain = makePlainDir();
    try {
      await writeTree(plain, exampleDesired(), GUARDED);
      expect(fs.readdirSync(path.join(plain, '.gitops-synth')).sort()).toEqual(['.gitignore']);
      expect(fs.readFileSync(path.join(plain, '.gitops-synth/.gitignore'), 'utf8')).toMatch(/^\*$/m);
    } finally {
      removeDir(plain);
    }
  });

  it('GIVEN a root that does not exist WHEN written THEN TREE_ROOT_MISSING and nothing is created', async () => {
    const missing = path.join(root, 'no-such-clone');
    await expect(writeTree(missing, exampleDesired(), GUARDED)).rejects.toMatchObject({
      code: 'TREE_ROOT_MISSING',
    });
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('GIVEN a cluster filter WHEN written THEN other clusters are neither written nor pruned', async () => {
    await writeTree(root, exampleDesired(), GUARDED);
    ageFiles(root);
    const before = snapshot(root);
    const desired = new Map([...exampleDesired()].filter(([p]) => !p.startsWith('clusters/beta/')));
    desired.set(
      'clusters/alpha/namespaces/apps/applicationinstance-gitea.yaml',
      ownedYaml('gitea', '\n  suspend: true'),
    );
    const summary = await writeTree(root, desired, {
      allowDeletions: false,
      clusters: (id) => id === 'alpha',
    });
    expect(summary).toEqual({
      added: [],
      updated: ['clusters/alpha/namespaces/apps/applicationinstance-gitea.yaml'],
      deleted: [],
      unchanged: 3,
    });
    const after = snapshot(root);
    for (const [p, entry] of before) {
      if (p.startsWith('clusters/beta')) {
        expect(after.get(p)).toEqual(entry);
      }
    }
  });
});
