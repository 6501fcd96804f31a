/**
 * One benchmark run in a fresh process (so memory figures are the run's own):
 * `node child.js <mode> <work-dir> [run]`, printing its figures as one JSON line.
 * Modes: `prepare` (intents files), `full` (`gitops-synth synth` on an empty tree, its
 * stages timed, then diff and commit), `noop` and `noop-uncached` (synth again over the
 * up-to-date tree, with and without the cache), `one-change` (synth after one changed intent),
 * `baseline` (the project's own fleet charts through cdk8s's App.synth(): the old comparison),
 * `plain` (the plain cdk8s program a user writes, see plain-cdk8s.ts), `check` (`gitops-synth
 * check` on a fresh clone of the committed tree), `floor` (the same bytes
 * written to the same number of files, nothing else), `publish-sparse` and
 * `publish-full` (one changed intent, see publish-run.ts).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildFleetCharts } from '../src/charts/fleet-chart';
import { diffTrees } from '../src/diff/diff';
import { loadFleet } from '../src/intents/load';
import { compareTrees } from '../src/pipeline/compare';
import { synthesizeTree, SynthTreeRequest } from '../src/pipeline/synth-tree';
import { PhaseTimes } from '../src/synth/types';
import { readOwnedTree } from '../src/tree/read';
import { fleetFiles, fleetShape } from './fleet';
import { stage, StageFigures } from './measure';
import { publishRun } from './publish-run';
import { plainCdk8s } from './plain-cdk8s';
import { checkTree } from '../src/pipeline/check-tree';
import { tuneHeapGrowth } from '../src/heap';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.org',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.org',
};

function git(cwd: string, args: string[]): string {
  return execFileSync('git', ['-c', 'gc.auto=0', '-c', 'core.fsync=none', ...args], {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
}

/** The request `gitops-synth synth --intents <intents> --root <root>` makes, with every stage timed. */
function synthRequest(
  intents: string,
  root: string,
  stages: StageFigures[],
  useCache = true,
  times?: PhaseTimes,
): SynthTreeRequest {
  return {
    intents,
    branch: 'main',
    selection: {},
    root,
    allowDeletions: false,
    maxDeletionShare: 0.5,
    useCache,
    times,
    stage: (name, body) => stage(name, stages, body),
  };
}

/**
 * The interleaved stage's time split into its phases; their memory is the stage's, so none
 * is given (-1). In one thread the phases add up to the stage. With render workers, build,
 * serialize and validate are worker time scaled to the main thread's wait for clusters plus
 * the overlap, so the four phases still add up to the stage's wall time; the worker CPU
 * time is reported next to them.
 */
function phaseFigures(stages: readonly StageFigures[], times: PhaseTimes): StageFigures[] {
  const streamed = stages.find((figure) => figure.stage === 'synthesize, validate and write');
  if (streamed === undefined) return [];
  const serialize = (times.workerMs ?? times.synthesizeMs) - times.buildMs - times.validateMs;
  const write = streamed.ms - times.synthesizeMs;
  // Worker time overlaps the write; what the run paid for rendering is the wall time not spent writing.
  const scale = times.workerMs === undefined ? 1 : (streamed.ms - write) / times.workerMs;
  const figures = [
    { stage: '· build charts', ms: Math.round(times.buildMs * scale), peakMb: -1 },
    { stage: '· serialize (toJson and YAML)', ms: Math.round(serialize * scale), peakMb: -1 },
    { stage: '· validate output (CRD schemas)', ms: Math.round(times.validateMs * scale), peakMb: -1 },
    { stage: '· write (plan, stage, switch)', ms: Math.round(write), peakMb: -1 },
  ];
  if (times.workerMs !== undefined)
    figures.push({
      stage: '· render workers: CPU time, summed (overlaps write)',
      ms: Math.round(times.workerMs),
      peakMb: -1,
    });
  return figures;
}

function newTimes(): PhaseTimes {
  return { buildMs: 0, validateMs: 0, synthesizeMs: 0 };
}

/** The tree with one ApplicationInstance's replicas changed, as one intent change gives. */
function withOneChange(tree: ReadonlyMap<string, string>): Map<string, string> {
  const changed = new Map(tree);
  const target = [...tree.keys()].find((p) => p.includes('/applicationinstance-'))!;
  changed.set(target, tree.get(target)!.replace(/replicas: \d+/, 'replicas: 99'));
  return changed;
}

/** `gitops-synth synth` on an empty repository, then (not part of synth) a diff of one change and the commit. */
async function full(work: string, run: string): Promise<unknown> {
  const stages: StageFigures[] = [];
  const root = path.join(work, `tree-${run}`);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root);
  git(root, ['init', '-q', '-b', 'main']);
  const times = newTimes();
  const started = process.hrtime.bigint();
  const result = await synthesizeTree(synthRequest(path.join(work, 'intents'), root, stages, true, times));
  const synthMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  // Listed right under the stage they split.
  stages.splice(
    stages.findIndex((figure) => figure.stage === 'synthesize, validate and write') + 1,
    0,
    ...phaseFigures(stages, times),
  );
  // Read back outside any stage: synth keeps no tree in memory, the diff needs one.
  const tree = (await readOwnedTree(root)).files;
  await stage('diff (one change)', stages, () => {
    const changed = withOneChange(tree);
    return [compareTrees(tree, changed), diffTrees(tree, changed)];
  });
  await stage('commit', stages, () => {
    git(root, ['add', '-A']);
    git(root, ['commit', '-q', '-m', 'fleet']);
  });
  const bytes = [...tree.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  return { stages, synthMs, files: tree.size, bytes, added: result.summary.added.length };
}

/** `gitops-synth synth` again over the up-to-date tree `full` left (`--no-cache` when `useCache` is false). */
async function noop(work: string, run: string, useCache: boolean): Promise<unknown> {
  const stages: StageFigures[] = [];
  const started = process.hrtime.bigint();
  const result = await synthesizeTree(
    synthRequest(path.join(work, 'intents'), path.join(work, `tree-${run}`), stages, useCache),
  );
  const synthMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  const { added, updated, deleted, unchanged } = result.summary;
  return {
    stages,
    synthMs,
    written: added.length + updated.length + deleted.length,
    unchanged,
    skippedClusters: result.skipped.length,
    upToDate: result.upToDate,
  };
}

/**
 * `gitops-synth synth` over the up-to-date tree after one intent changed (one application's
 * replicas): the intents are a copy, so the other modes keep the original.
 */
async function oneChange(work: string, run: string): Promise<unknown> {
  const intents = path.join(work, `intents-changed-${run}`);
  fs.rmSync(intents, { recursive: true, force: true });
  fs.cpSync(path.join(work, 'intents'), intents, { recursive: true });
  const file = path.join(intents, 'cluster-0000.json');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/"replicas": \d+/, '"replicas": 77'));
  const stages: StageFigures[] = [];
  try {
    const started = process.hrtime.bigint();
    const result = await synthesizeTree(synthRequest(intents, path.join(work, `tree-${run}`), stages));
    const synthMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
    const { added, updated, deleted } = result.summary;
    return {
      stages,
      synthMs,
      written: [...added, ...updated, ...deleted],
      skippedClusters: result.skipped.length,
    };
  } finally {
    fs.rmSync(intents, { recursive: true, force: true });
  }
}

async function baseline(work: string, run: string): Promise<unknown> {
  const stages: StageFigures[] = [];
  const loaded = await stage('load and validate intents', stages, () =>
    loadFleet(path.join(work, 'intents')),
  );
  const charts = await stage('build charts', stages, () => buildFleetCharts(loaded.fleet));
  const outdir = path.join(work, `cdk8s-${run}`);
  fs.rmSync(outdir, { recursive: true, force: true });
  (charts.app as unknown as { outdir: string }).outdir = outdir;
  await stage('App.synth()', stages, () => charts.app.synth());
  fs.rmSync(outdir, { recursive: true, force: true });
  return { stages };
}

/** The plain cdk8s program a user would write (see plain-cdk8s.ts), on the same intents. */
async function plain(work: string, run: string): Promise<unknown> {
  const outdir = path.join(work, `plain-${run}`);
  fs.rmSync(outdir, { recursive: true, force: true });
  try {
    return await plainCdk8s(path.join(work, 'intents'), outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** `gitops-synth check` on a fresh clone of the committed tree `full` left (the clone is not timed). */
async function check(work: string, run: string): Promise<unknown> {
  const root = path.join(work, `check-${run}`);
  fs.rmSync(root, { recursive: true, force: true });
  git(work, ['clone', '-q', path.join(work, 'tree-1'), root]);
  const stages: StageFigures[] = [];
  try {
    const started = process.hrtime.bigint();
    const result = await checkTree({
      intents: path.join(work, 'intents'),
      branch: 'main',
      selection: {},
      root,
      env: GIT_ENV,
      stage: (name, body) => stage(name, stages, body),
    });
    const checkMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
    const { added, changed, removed } = result.comparison;
    return {
      stages,
      synthMs: checkMs,
      via: result.via,
      differences: added.length + changed.length + removed.length,
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function floor(work: string, run: string): Promise<unknown> {
  const stages: StageFigures[] = [];
  const source = await readOwnedTree(path.join(work, 'tree-1'));
  const root = path.join(work, `floor-${run}`);
  fs.rmSync(root, { recursive: true, force: true });
  await stage('write only', stages, () => {
    let made = '';
    for (const [file, text] of source.files) {
      const dir = path.dirname(path.join(root, file));
      if (dir !== made) {
        fs.mkdirSync(dir, { recursive: true });
        made = dir;
      }
      fs.writeFileSync(path.join(root, file), text);
    }
  });
  fs.rmSync(root, { recursive: true, force: true });
  return { stages, files: source.files.size };
}

function prepare(work: string, size: number): unknown {
  const intents = path.join(work, 'intents');
  fs.rmSync(intents, { recursive: true, force: true });
  fs.mkdirSync(intents, { recursive: true });
  let bytes = 0;
  for (const [name, text] of fleetFiles(fleetShape(size))) {
    fs.writeFileSync(path.join(intents, name), text);
    bytes += text.length;
  }
  return { intentsBytes: bytes };
}

async function main(): Promise<void> {
  // As bin/gitops-synth.js does, so the figures are the CLI's (the cdk8s baseline keeps V8's default).
  if (process.argv[2] !== 'baseline' && process.argv[2] !== 'plain') tuneHeapGrowth();
  const [mode, work, arg] = process.argv.slice(2);
  if (mode === undefined || work === undefined) throw new Error('usage: child <mode> <work-dir> [run|size]');
  const modes: Record<string, () => unknown> = {
    prepare: () => prepare(work, Number(arg)),
    full: () => full(work, arg ?? '1'),
    noop: () => noop(work, arg ?? '1', true),
    'noop-uncached': () => noop(work, arg ?? '1', false),
    'one-change': () => oneChange(work, arg ?? '1'),
    baseline: () => baseline(work, arg ?? '1'),
    plain: () => plain(work, arg ?? '1'),
    check: () => check(work, arg ?? '1'),
    floor: () => floor(work, arg ?? '1'),
    'publish-sparse': () => publishRun(work, true, arg ?? '1'),
    'publish-full': () => publishRun(work, false, arg ?? '1'),
  };
  const body = modes[mode];
  if (body === undefined) throw new Error(`unknown mode ${mode}`);
  process.stdout.write(`${JSON.stringify(await body())}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
