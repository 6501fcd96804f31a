/**
 * `gitops-synth synth` as a library call: intents → validated tree → disk, doing only
 * the work a change needs. A run records, per cluster, a fingerprint of the cluster's
 * intents and a stamp of its directory (see `run-cache.ts` and `src/tree/synth-cache.ts`); the next run
 * - answers at once when the intents files are byte for byte the last run's and every
 *   selected cluster directory is as that run left it (the no-op of a CI job);
 * - otherwise loads the intents, and renders, validates and writes only the clusters
 *   whose fingerprint or directory changed: the cost follows the change, not the fleet.
 * Whatever the cache says, the bytes on disk end up those a full run would write: a
 * cluster is skipped only when its inputs and its files are provably unchanged.
 */
import { clusterFilter, selectsAll } from '../selection';
import { FleetByCluster, groupFleet } from '../synth/synth';
import { nowMs, PhaseTimes, SynthOptions } from '../synth/types';
import { CachedCluster, forgetSynthCache, FoundSynthCache, toolFingerprint } from '../tree/synth-cache';
import { WriteTreeSummary } from '../tree/write';
import { ClusterFiles, writeClusters } from '../tree/write-clusters';
import { loadSelected, RenderRequest } from './render';
import {
  intentsBytes,
  prestartRenderPool,
  RenderPool,
  renderValidClustersInWorkers,
  threadsWorthStarting,
  workerCount,
} from './render-workers';
import {
  ABSENT,
  checkClusterStamps,
  clusterFingerprints,
  findUnchangedClusters,
  isRunUpToDate,
  listSelectedClusterDirectories,
  recordCache,
  retentionExpiry,
  usableCache,
} from './run-cache';
import { runKeyInThread, runKeyOf } from './run-key';

/** Times one stage of a run; the benchmark passes one that measures, the CLI none. */
export type StageRunner = <T>(stage: string, body: () => T | Promise<T>) => Promise<T>;

/** What {@link synthesizeTree} needs. */
export interface SynthTreeRequest extends RenderRequest {
  /** The repository root the tree lives under. */
  readonly root: string;
  readonly allowDeletions: boolean;
  readonly maxDeletionShare?: number;
  /** Reuse what the last run recorded (default); false renders every selected cluster (`--no-cache`). */
  readonly useCache?: boolean;
  /** Where stages are timed; by default each stage just runs. */
  readonly stage?: StageRunner;
  /** Adds up where the time of the interleaved synthesize-and-write stage goes (the benchmark). */
  readonly times?: PhaseTimes;
  /** Called as each cluster is synthesized: clusters done of the clusters this run renders. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What {@link synthesizeTree} did. */
export interface SynthTreeResult {
  /** The selected clusters of the intents (as the last run counted them when the run was answered from the cache). */
  readonly clusters: number;
  readonly summary: WriteTreeSummary;
  /** Selected clusters left alone because their intents and files had not changed since the last run. */
  readonly skipped: readonly string[];
  /** True when the intents files were the last run's and nothing on disk had changed: nothing was loaded or rendered. */
  readonly upToDate: boolean;
}

const runStage: StageRunner = async (_stage, body) => body();

/** Synthesizes the selected clusters under `request.root` (see the module comment). */
export async function synthesizeTree(request: SynthTreeRequest): Promise<SynthTreeResult> {
  const stage = request.stage ?? runStage;
  const selects = clusterFilter(request.selection);
  const tool = toolFingerprint();
  const previous = request.useCache === false ? undefined : usableCache(request.root, tool);
  // Sized once: it decides both the run key's thread and the render workers' early start.
  const bytes = intentsBytes(request.intents);
  const { runKey, unchanged } = await stage(
    previous === undefined ? 'fingerprint intents files' : 'fingerprint intents files, check stamps',
    () => fingerprintRun(request, tool, previous, selects, bytes),
  );
  if (
    previous !== undefined &&
    runKey !== undefined &&
    isRunUpToDate(request.root, request, previous, runKey, selects, unchanged)
  ) {
    const clusters = Object.values(previous.cache.clusters).filter(
      (entry) => entry.fingerprint !== ABSENT && selects(entry.stamp.cluster),
    );
    // A selection that selects nothing is not "nothing changed": the full path loads the intents and says why.
    if (clusters.length > 0 || selectsAll(request.selection)) return upToDateResult(clusters);
  }
  const options: SynthOptions = { repoUrl: request.repoUrl, branch: request.branch };
  // Started now, the workers load cdk8s and the schemas while this thread loads the intents.
  const pool = prestartRenderPool(bytes, request.env);
  const run = await prepareRun(request, { stage, selects, tool, options, previous, unchanged }).catch(
    async (error: unknown) => {
      await pool?.close();
      throw error;
    },
  );
  // Whatever happens from here, workers started ahead and never handed a cluster are stopped (or the process could not exit).
  try {
    return await renderAndWrite(
      request,
      { stage, selects, tool, options, previous, unchanged },
      run,
      runKey,
      pool,
    );
  } finally {
    await pool?.close();
  }
}

/** The second half of {@link synthesizeTree}: render and write the clusters the cache does not skip, then record stamps. */
async function renderAndWrite(
  request: SynthTreeRequest,
  context: RunContext,
  run: PreparedRun,
  runKey: string | undefined,
  pool: RenderPool | undefined,
): Promise<SynthTreeResult> {
  const { stage, selects, tool, options, previous } = context;
  // Forgotten before the tree is touched: a run killed mid-write leaves no cache that describes a tree that is gone.
  if (previous !== undefined) forgetSynthCache(request.root);
  const { skipped } = run;
  const skippedFiles = [...skipped.values()].reduce((sum, entry) => sum + entry.ownedFiles, 0);
  const ownedFiles = new Map<string, number>();
  const toRender = run.grouped.clusters.filter((cluster) => !skipped.has(cluster.id)).length;
  const progress =
    request.onProgress === undefined
      ? undefined
      : (done: number): void => request.onProgress?.(done, toRender);
  // Loading is over: the progress clock starts here, so the rate measures rendering alone.
  progress?.(0);
  const workers = pool ?? workerCount(toRender, request.env);
  const rendered = countFiles(
    renderValidClustersInWorkers(
      run.grouped,
      options,
      (cluster) => !skipped.has(cluster.id),
      workers,
      request.times,
    ),
    ownedFiles,
    request.times,
    progress,
  );
  const written = await stage('synthesize, validate and write', () =>
    writeClusters(request.root, rendered, {
      allowDeletions: request.allowDeletions,
      maxDeletionShare: request.maxDeletionShare,
      clusters: (id) => selects(id) && !skipped.has(id),
      expectedDeletions: new Set(run.expiredOperations),
      unreadOwnedFiles: skippedFiles,
    }),
  );
  if (request.useCache !== false) {
    await stage('record stamps', () =>
      recordCache(request.root, {
        tool,
        runKey,
        fingerprints: run.fingerprints,
        skipped,
        ownedFiles,
        validUntil: run.validUntil,
        previous,
      }),
    );
  }
  return {
    clusters: run.clusterCount,
    summary: { ...written, unchanged: written.unchanged + skippedFiles },
    skipped: [...skipped.keys()].sort(),
    upToDate: false,
  };
}

/** The result of a run the cache answered: nothing loaded, rendered or written. */
function upToDateResult(clusters: readonly CachedCluster[]): SynthTreeResult {
  const unchanged = clusters.reduce((sum, entry) => sum + entry.ownedFiles, 0);
  return {
    clusters: clusters.length,
    summary: { added: [], updated: [], deleted: [], unchanged },
    skipped: clusters.map((entry) => entry.stamp.cluster),
    upToDate: true,
  };
}

/** What a run renders, once the intents are loaded: no reference to the loaded fleet itself is kept. */
interface PreparedRun {
  /** The selected clusters' intents, consumed as they are rendered. */
  readonly grouped: FleetByCluster;
  readonly clusterCount: number;
  readonly expiredOperations: readonly string[];
  readonly fingerprints: Map<string, string>;
  readonly skipped: Map<string, CachedCluster>;
  readonly validUntil: string | undefined;
}

interface RunContext {
  readonly stage: StageRunner;
  readonly selects: (clusterId: string) => boolean;
  readonly tool: string;
  readonly options: SynthOptions;
  readonly previous: FoundSynthCache | undefined;
  /** Cached cluster directories found as the last run left them (id → true), walked once per run. */
  readonly unchanged: ReadonlyMap<string, boolean>;
}

/** Intents this large are hashed on a thread of their own while this one walks the stamps. */
const KEY_THREAD_BYTES = 32 * 1024 * 1024;

/**
 * The run key, and which cached cluster directories are as the last run left them: the
 * two independent proofs a cached no-op needs. On a large fleet (and with a core to
 * spare, unless GITOPS_SYNTH_WORKERS=0) the key is hashed on another thread meanwhile.
 */
async function fingerprintRun(
  request: SynthTreeRequest,
  tool: string,
  previous: FoundSynthCache | undefined,
  selects: (id: string) => boolean,
  bytes: number,
): Promise<{ runKey: string | undefined; unchanged: ReadonlyMap<string, boolean> }> {
  if (previous === undefined) return { runKey: await runKeyOf(request, tool), unchanged: new Map() };
  const threaded = threadsWorthStarting(bytes, KEY_THREAD_BYTES, request.env) > 0;
  const key = threaded ? runKeyInThread(request, tool) : undefined;
  const unchanged = checkClusterStamps(request.root, previous, selects);
  return { runKey: await (key ?? runKeyOf(request, tool)), unchanged };
}

/**
 * Loads the intents and works out everything the run needs from the whole fleet, so
 * that the fleet can be let go: rendering then consumes the grouped intents cluster by
 * cluster, and at the end of a 100,000-object run almost none of them are still alive.
 */
async function prepareRun(request: SynthTreeRequest, context: RunContext): Promise<PreparedRun> {
  const { stage, selects, tool, options, previous, unchanged } = context;
  const loaded = await stage('load and validate intents', () => loadSelected(request));
  // Grouped once: the fingerprints read the groups, and rendering then consumes them.
  const { grouped, fingerprints } = await stage('fingerprint clusters', () => {
    const groups = groupFleet(loaded.fleet);
    const found = clusterFingerprints(groups, options, tool);
    for (const id of listSelectedClusterDirectories(request.root, selects)) {
      if (!found.has(id)) found.set(id, ABSENT);
    }
    return { grouped: groups, fingerprints: found };
  });
  const skipped = await stage('check stamps', () =>
    previous === undefined
      ? new Map<string, CachedCluster>()
      : findUnchangedClusters(request.root, previous, fingerprints, unchanged),
  );
  return {
    grouped,
    clusterCount: loaded.fleet.clusters.length,
    expiredOperations: loaded.expiredOperations,
    fingerprints,
    skipped,
    validUntil: retentionExpiry(request, loaded.fleet),
  };
}

/** Passes the clusters through, counting each one's files into `counts`, the time spent producing them into `times`, and reporting progress. */
async function* countFiles(
  clusters: AsyncIterable<ClusterFiles>,
  counts: Map<string, number>,
  times?: PhaseTimes,
  progress?: (done: number) => void,
): AsyncGenerator<ClusterFiles> {
  const iterator = clusters[Symbol.asyncIterator]();
  for (;;) {
    const started = times === undefined ? 0 : nowMs();
    const step = await iterator.next();
    // With workers, the rendering time is the main thread's wait (added by the workers' generator).
    if (times !== undefined && times.workerMs === undefined) times.synthesizeMs += nowMs() - started;
    if (step.done === true) return;
    counts.set(step.value.cluster, step.value.files.size);
    progress?.(counts.size);
    yield step.value;
  }
}
