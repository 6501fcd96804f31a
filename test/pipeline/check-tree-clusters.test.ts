import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diffTrees } from '../../src/diff/diff';
import { checkTree, CheckRequest } from '../../src/pipeline/check-tree';
import { compareTrees } from '../../src/pipeline/compare';
import { renderFleet } from '../../src/pipeline/render';
import { MIN_PARALLEL_CLUSTERS } from '../../src/pipeline/render-workers';
import { synthesizeTree } from '../../src/pipeline/synth-tree';
import { readOwnedTree } from '../../src/tree/read';
import { demoClusterIds, writeDemoFleet } from './demo-fleet';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.org',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.org',
};
/** Enough clusters for render workers to be used when they are asked for. */
const CLUSTERS = demoClusterIds(MIN_PARALLEL_CLUSTERS + 2);

function writeIntents(dir: string, clusters: readonly string[]): void {
  writeDemoFleet(dir, clusters, (c, n, id) => ({ replicas: c * 10 + n, note: `cluster ${id}` }));
}

describe('checkTree, cluster by cluster', () => {
  let dir: string;
  let root: string;
  let intents: string;
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: root, env: GIT_ENV, encoding: 'utf8' });
  const request = (workers: string): CheckRequest => ({
    intents,
    branch: 'main',
    selection: {},
    root,
    env: { ...GIT_ENV, GITOPS_SYNTH_WORKERS: workers },
  });

  /** A fresh clone of a committed tree of every cluster. */
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-check-clusters-'));
    intents = path.join(dir, 'intents');
    writeIntents(intents, CLUSTERS);
    const origin = path.join(dir, 'origin');
    fs.mkdirSync(origin);
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: origin });
    await synthesizeTree({ ...request('0'), root: origin, allowDeletions: false, useCache: false });
    execFileSync('git', ['add', '-A'], { cwd: origin, env: GIT_ENV });
    execFileSync('git', ['commit', '-q', '-m', 'tree'], { cwd: origin, env: GIT_ENV });
    root = path.join(dir, 'clone');
    execFileSync('git', ['clone', '-q', origin, root]);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(['0', '2'])(
    'GIVEN a current tree WHEN checked with GITOPS_SYNTH_WORKERS=%s THEN it matches through the index, holding no rendered file',
    async (workers) => {
      const result = await checkTree(request(workers));
      const rendered = await renderFleet({ ...request('0') });
      expect(result).toMatchObject({ matches: true, via: 'git-index', files: rendered.tree.size });
      expect(result.desired.size).toBe(0);
    },
  );

  it.each(['0', '2'])(
    'GIVEN one committed file changed, an extra owned file in another cluster and a cluster the intents dropped WHEN checked with GITOPS_SYNTH_WORKERS=%s THEN the findings and the diff are those of comparing every file',
    async (workers) => {
      const changed = 'clusters/c03/namespaces/team-0/applicationinstance-app-0.yaml';
      const extra = 'clusters/c07/namespaces/team-1/applicationinstance-stray.yaml';
      fs.appendFileSync(path.join(root, changed), '# edited\n');
      fs.copyFileSync(path.join(root, changed.replace('c03', 'c07')), path.join(root, extra));
      git('add', '-A');
      git('commit', '-q', '-m', 'drift');
      writeIntents(intents, CLUSTERS.slice(0, -1));

      const result = await checkTree(request(workers));

      // The reference: every rendered file against every owned file on disk.
      const everyFile = (await readOwnedTree(root)).files;
      const rendered = (await renderFleet(request('0'))).tree;
      const expected = compareTrees(everyFile, rendered);
      expect(expected.changed).toEqual([changed]);
      expect(expected.removed).toContain(extra);
      expect(expected.removed.some((file) => file.startsWith(`clusters/${CLUSTERS.at(-1)}/`))).toBe(true);
      expect(result).toMatchObject({ matches: false, via: 'files', files: rendered.size });
      expect(result.comparison).toEqual(expected);
      expect(diffTrees(result.current ?? new Map(), result.desired)).toEqual(diffTrees(everyFile, rendered));
      // Only the clusters that differ were held and read.
      const held = new Set([...result.desired.keys()].map((file) => file.split('/')[1]));
      expect([...held].sort()).toEqual(['c03', 'c07']);
    },
  );

  it('GIVEN a file edited but not committed WHEN checked in workers THEN every selected cluster is compared by reading, with the same findings', async () => {
    const changed = 'clusters/c05/namespaces/team-1/applicationinstance-app-1.yaml';
    fs.appendFileSync(path.join(root, changed), '# edited\n');
    const result = await checkTree(request('2'));
    expect(result.via).toBe('files');
    expect(result.comparison).toEqual({ added: [], changed: [changed], removed: [] });
    expect(result.desired.size).toBe(result.files);
  });
});
