import * as fs from 'fs';
import * as path from 'path';
import { journalDirSync } from '../../src/tree/journal';
import { ClusterFiles, writeClusters } from '../../src/tree/write-clusters';
import { writeTree } from '../../src/tree/write';
import { makeRepo, ownedYaml, removeDir, snapshot, writeFiles } from './helpers';

/** The desired tree of `files` (path → bytes) split by cluster, as synthesis yields it. */
function byCluster(files: Record<string, string>): ClusterFiles[] {
  const clusters = new Map<string, Map<string, string>>();
  for (const [file, content] of Object.entries(files)) {
    const id = file.split('/')[1];
    if (!clusters.has(id)) clusters.set(id, new Map());
    clusters.get(id)!.set(file, content);
  }
  return [...clusters].map(([cluster, map]) => ({ cluster, files: map }));
}

const START = {
  'clusters/a/namespaces/x/one.yaml': ownedYaml('one'),
  'clusters/a/namespaces/x/two.yaml': ownedYaml('two'),
  'clusters/b/namespaces/y/three.yaml': ownedYaml('three'),
  'clusters/b/flux-system/gotk.yaml': 'kind: Kustomization\n',
  'clusters/gone/namespaces/z/old.yaml': ownedYaml('old'),
};
const DESIRED = {
  'clusters/a/namespaces/x/one.yaml': ownedYaml('one'),
  'clusters/a/namespaces/x/two.yaml': ownedYaml('two', '\n  replicas: 2'),
  'clusters/a/namespaces/w/new.yaml': ownedYaml('new'),
  'clusters/b/namespaces/y/three.yaml': ownedYaml('three'),
  'clusters/c/namespaces/v/four.yaml': ownedYaml('four'),
};

describe('writeClusters', () => {
  const roots: string[] = [];
  const repo = (files: Record<string, string>): string => {
    const root = makeRepo();
    roots.push(root);
    writeFiles(root, files);
    return root;
  };
  afterEach(() => roots.splice(0).forEach(removeDir));

  it('GIVEN a tree with updates, additions, a new cluster and a cluster the intents dropped WHEN written cluster by cluster THEN the result is what writeTree makes, byte for byte', async () => {
    const streamed = repo(START);
    const whole = repo(START);
    const options = { allowDeletions: true };
    const summary = await writeClusters(streamed, byCluster(DESIRED), options);
    const reference = await writeTree(whole, new Map(Object.entries(DESIRED)), options);
    expect(summary).toEqual(reference);
    expect(summary).toEqual({
      added: ['clusters/a/namespaces/w/new.yaml', 'clusters/c/namespaces/v/four.yaml'],
      updated: ['clusters/a/namespaces/x/two.yaml'],
      deleted: ['clusters/gone/namespaces/z/old.yaml'],
      unchanged: 2,
    });
    const strip = (entries: Map<string, { kind: string; content?: string }>) =>
      new Map([...entries].map(([file, entry]) => [file, { kind: entry.kind, content: entry.content }]));
    expect(strip(snapshot(streamed))).toEqual(strip(snapshot(whole)));
    expect(fs.existsSync(path.join(streamed, 'clusters/gone'))).toBe(false);
    expect(fs.readFileSync(path.join(streamed, 'clusters/b/flux-system/gotk.yaml'), 'utf8')).toBe(
      'kind: Kustomization\n',
    );
  });

  it('GIVEN synthesis that throws after two clusters were staged WHEN written THEN the tree is untouched and nothing is left staged', async () => {
    const root = repo(START);
    const before = snapshot(root);
    function* failing(): Generator<ClusterFiles> {
      yield* byCluster(DESIRED).slice(0, 2);
      throw new Error('synthesis failed at the third cluster');
    }
    await expect(writeClusters(root, failing(), { allowDeletions: true })).rejects.toThrow(
      'synthesis failed at the third cluster',
    );
    expect(snapshot(root)).toEqual(before);
    expect(fs.existsSync(path.join(journalDirSync(root), 'run'))).toBe(false);
  });

  it('GIVEN deletions over the share spread across clusters WHEN written THEN the guard sees the whole run and nothing is written', async () => {
    const root = repo(START);
    const before = snapshot(root);
    // a loses both files and gone loses its one: 3 of 4 owned files, although no single plan looks alarming on its own.
    const desired = byCluster({
      'clusters/a/namespaces/x/keep.yaml': ownedYaml('keep'),
      'clusters/b/namespaces/y/three.yaml': ownedYaml('three'),
    });
    await expect(writeClusters(root, desired, { allowDeletions: false })).rejects.toMatchObject({
      code: 'DELETION_GUARD',
    });
    expect(snapshot(root)).toEqual(before);
  });

  it('GIVEN a desired file where a foreign file is, in the last cluster WHEN written THEN FOREIGN_FILE and the earlier clusters are not written either', async () => {
    const root = repo(START);
    const before = snapshot(root);
    const desired = byCluster({ ...DESIRED, 'clusters/b/flux-system/gotk.yaml': ownedYaml('gotk') });
    await expect(writeClusters(root, desired, { allowDeletions: true })).rejects.toMatchObject({
      code: 'FOREIGN_FILE',
    });
    expect(snapshot(root)).toEqual(before);
  });

  it('GIVEN a cluster filter WHEN written THEN other clusters are neither read nor touched and their desired files are ignored', async () => {
    const root = repo(START);
    const summary = await writeClusters(root, byCluster(DESIRED), {
      allowDeletions: true,
      clusters: (id) => id === 'a',
    });
    expect(
      [...summary.added, ...summary.updated, ...summary.deleted].every((file) =>
        file.startsWith('clusters/a/'),
      ),
    ).toBe(true);
    expect(fs.existsSync(path.join(root, 'clusters/gone/namespaces/z/old.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'clusters/c'))).toBe(false);
  });

  it('GIVEN an up-to-date tree WHEN written again THEN nothing is touched', async () => {
    const root = repo({});
    await writeClusters(root, byCluster(DESIRED), { allowDeletions: false });
    const before = snapshot(root);
    expect(await writeClusters(root, byCluster(DESIRED), { allowDeletions: false })).toEqual({
      added: [],
      updated: [],
      deleted: [],
      unchanged: 5,
    });
    expect(snapshot(root)).toEqual(before);
  });
});
