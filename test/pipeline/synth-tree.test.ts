import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeTree, SynthTreeRequest } from '../../src/pipeline/synth-tree';
import { readOwnedTree } from '../../src/tree/read';
import { findSynthCache } from '../../src/tree/synth-cache';

const examples = path.resolve(__dirname, '../../examples/intents');
const REPO = 'https://git.example.org/acme/fleet.git';
const PROD_APP = 'clusters/cluster-prod-1/namespaces/org-myteam/applicationinstance-nextcloud-myteam.yaml';

describe('synthesizeTree', () => {
  let dir: string;
  let root: string;
  let intents: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-synth-tree-'));
    root = path.join(dir, 'repo');
    intents = path.join(dir, 'intents');
    fs.mkdirSync(path.join(root, '.git'), { recursive: true });
    fs.cpSync(examples, intents, { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const request = (extra: Partial<SynthTreeRequest> = {}): SynthTreeRequest => ({
    intents,
    repoUrl: REPO,
    branch: 'main',
    selection: {},
    root,
    allowDeletions: false,
    ...extra,
  });
  const files = async (at: string): Promise<Map<string, string>> => new Map((await readOwnedTree(at)).files);
  /** The tree a run without any cache writes into an empty repository, for comparison. */
  const fresh = async (extra: Partial<SynthTreeRequest> = {}): Promise<Map<string, string>> => {
    const other = path.join(dir, `fresh-${Math.random().toString(36).slice(2)}`);
    fs.mkdirSync(other);
    await synthesizeTree({ ...request(extra), root: other, useCache: false });
    return files(other);
  };
  const editIntents = (file: string, from: RegExp, to: string): void => {
    const full = path.join(intents, file);
    const text = fs.readFileSync(full, 'utf8');
    expect(text).toMatch(from);
    fs.writeFileSync(full, text.replace(from, to));
  };

  it('GIVEN a synthesized tree WHEN synthesized again with the same intents files THEN the run is answered from the cache and touches nothing', async () => {
    const first = await synthesizeTree(request());
    expect(first.summary.added).toHaveLength(25);
    const before = fs.statSync(path.join(root, PROD_APP), { bigint: true });
    const stages: string[] = [];
    const again = await synthesizeTree(request({ stage: async (name, body) => (stages.push(name), body()) }));
    expect(again).toMatchObject({
      upToDate: true,
      clusters: 3,
      summary: { added: [], updated: [], deleted: [], unchanged: 25 },
    });
    expect(stages).toEqual(['fingerprint intents files, check stamps']);
    expect(fs.statSync(path.join(root, PROD_APP), { bigint: true }).ctimeNs).toBe(before.ctimeNs);
  });

  it('GIVEN GITOPS_SYNTH_WORKERS=1 (the run key hashed on its own thread) WHEN synthesized again, then after one intent changed THEN the cache answers the first and skips every other cluster in the second, as in one thread', async () => {
    const env = { ...process.env, GITOPS_SYNTH_WORKERS: '1' };
    await synthesizeTree(request({ env }));
    expect((await synthesizeTree(request({ env }))).upToDate).toBe(true);
    editIntents('prod.yaml', /replicas: 2/, 'replicas: 3');
    const changed = await synthesizeTree(request({ env }));
    expect(changed).toMatchObject({ upToDate: false, summary: { updated: [PROD_APP], unchanged: 24 } });
    expect(changed.skipped).toEqual(['cluster-edge-1', 'cluster-lab-1']);
    expect(await files(root)).toEqual(await fresh());
  });

  it('GIVEN an up-to-date tree WHEN an owned file is edited by hand, even with its size and mtime kept THEN the next run puts it back', async () => {
    await synthesizeTree(request());
    const file = path.join(root, PROD_APP);
    const original = fs.readFileSync(file, 'utf8');
    const stat = fs.statSync(file);
    fs.writeFileSync(file, original.replace('replicas: 2', 'replicas: 9'));
    fs.utimesSync(file, stat.atime, stat.mtime);
    const run = await synthesizeTree(request());
    expect(run.upToDate).toBe(false);
    expect(run.summary.updated).toEqual([PROD_APP]);
    expect(fs.readFileSync(file, 'utf8')).toBe(original);
  });

  it('GIVEN an up-to-date tree WHEN a stray owned file appears in a cluster THEN the next run deletes it like a run without the cache would', async () => {
    await synthesizeTree(request());
    const stray = 'clusters/cluster-edge-1/namespaces/org-x/applicationinstance-stray.yaml';
    fs.mkdirSync(path.dirname(path.join(root, stray)), { recursive: true });
    fs.writeFileSync(path.join(root, stray), fs.readFileSync(path.join(root, PROD_APP), 'utf8'));
    const run = await synthesizeTree(request());
    expect(run.summary.deleted).toEqual([stray]);
    expect(await files(root)).toEqual(await fresh());
  });

  it('GIVEN one changed intent WHEN synthesized THEN only its cluster is rendered, and the tree is what a run without the cache writes', async () => {
    await synthesizeTree(request());
    editIntents('prod.yaml', /replicas: 2/, 'replicas: 3');
    const run = await synthesizeTree(request());
    expect(run.skipped).toEqual(['cluster-edge-1', 'cluster-lab-1']);
    expect(run.summary.updated).toEqual([PROD_APP]);
    expect(run.summary.unchanged).toBe(24);
    expect(await files(root)).toEqual(await fresh());
  });

  it('GIVEN a cluster removed from the intents WHEN synthesized with --allow-deletions THEN its files go and the others are skipped', async () => {
    await synthesizeTree(request());
    editIntents(
      'clusters.yaml',
      / {2}- id: cluster-lab-1\n {4}sync: argocd\n {4}owners: \["@acme\/lab"\]\n/,
      '',
    );
    fs.rmSync(path.join(intents, 'lab.json'));
    const run = await synthesizeTree(request({ allowDeletions: true }));
    expect(run.skipped).toEqual(['cluster-edge-1', 'cluster-prod-1']);
    expect(run.summary.deleted.every((file) => file.startsWith('clusters/cluster-lab-1/'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'clusters/cluster-lab-1'))).toBe(false);
    expect(await files(root)).toEqual(await fresh());
    expect((await synthesizeTree(request())).upToDate).toBe(true);
  });

  it('GIVEN a cache file that is not JSON WHEN synthesized THEN it is ignored and the tree is still right', async () => {
    await synthesizeTree(request());
    const cacheFile = path.join(root, '.git/gitops-synth/synth-cache.json');
    expect(fs.existsSync(cacheFile)).toBe(true);
    fs.writeFileSync(cacheFile, '{"version": 1, "tool": ');
    const file = path.join(root, PROD_APP);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('replicas: 2', 'replicas: 5'));
    const run = await synthesizeTree(request());
    expect(run.upToDate).toBe(false);
    expect(await files(root)).toEqual(await fresh());
  });

  it('GIVEN --no-cache WHEN synthesized THEN every cluster is rendered and no cache is written', async () => {
    const run = await synthesizeTree(request({ useCache: false }));
    expect(run.skipped).toEqual([]);
    expect(findSynthCache(root)).toBeUndefined();
  });

  it('GIVEN an operation retention WHEN an Operation ages out between two runs of the same intents THEN the second run is not answered from the cache and drops it', async () => {
    const requested = Date.parse('2026-05-28T02:00:00Z');
    const retention = (hoursAfter: number) => ({
      maxAgeMs: 24 * 3_600_000,
      now: new Date(requested + hoursAfter * 3_600_000),
    });
    await synthesizeTree(request({ operationRetention: retention(1) }));
    const before = await files(root);
    const later = await synthesizeTree(request({ operationRetention: retention(48) }));
    expect(later.upToDate).toBe(false);
    expect(later.summary.deleted.length).toBeGreaterThan(0);
    expect(later.summary.deleted.every((file) => file.includes('/operation-') && before.has(file))).toBe(
      true,
    );
    expect(await files(root)).toEqual(await fresh({ operationRetention: retention(48) }));
  });

  it('GIVEN one cluster losing most of its files while the others are skipped WHEN synthesized THEN the deletion share still counts the skipped clusters', async () => {
    await synthesizeTree(request());
    const prodFiles = [...(await files(root)).keys()].filter((file) =>
      file.startsWith('clusters/cluster-prod-1/'),
    );
    // Leaves cluster-prod-1 with its kustomization and one application; the fleet keeps far more than half its files.
    const text = fs.readFileSync(path.join(intents, 'prod.yaml'), 'utf8');
    const firstApp = text.indexOf('  - cluster: cluster-prod-1');
    const secondApp = text.indexOf('  - cluster: cluster-prod-1', firstApp + 1);
    fs.writeFileSync(path.join(intents, 'prod.yaml'), `${text.slice(0, secondApp)}operations: []\n`);
    const run = await synthesizeTree(request());
    expect(run.skipped).toEqual(['cluster-edge-1', 'cluster-lab-1']);
    // More than half of the cluster's own files: read alone, the cluster would trip the guard.
    expect(run.summary.deleted.length).toBeGreaterThan(prodFiles.length / 2);
    expect(await files(root)).toEqual(await fresh());
  });
});

describe('synthesizeTree phase times', () => {
  it('GIVEN a times object WHEN a fleet is synthesized THEN building, validating and the whole synthesis add up their time, the parts within the whole', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-times-'));
    try {
      const times = { buildMs: 0, validateMs: 0, synthesizeMs: 0 };
      await synthesizeTree({
        intents: examples,
        repoUrl: REPO,
        branch: 'main',
        selection: {},
        root: dir,
        allowDeletions: false,
        useCache: false,
        times,
      });
      expect(times.buildMs).toBeGreaterThan(0);
      expect(times.validateMs).toBeGreaterThan(0);
      expect(times.synthesizeMs).toBeGreaterThan(times.buildMs + times.validateMs);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
