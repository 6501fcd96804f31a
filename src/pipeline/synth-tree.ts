/**
 * `gitops-synth synth` as a library call: intents → validated tree → disk, doing only
 * the work a change needs. A run records, per cluster, a fingerprint of the cluster's
 * intents and a stamp of its directory (see `src/tree/synth-cache.ts`); the next run
 * - answers at once when the intents files are byte for byte the last run's and every
 *   selected cluster directory is as that run left it (the no-op of a CI job);
 * - otherwise loads the intents, and renders, validates and writes only the clusters
 *   whose fingerprint or directory changed: the cost follows the change, not the fleet.
 * Whatever the cache says, the bytes on disk end up those a full run would write: a
 * cluster is skipped only when its inputs and its files are provably unchanged.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { groupByCluster } from '../charts/fleet-chart';
import { listIntentFiles } from '../intents/load';
import { Fleet } from '../intents/model';
import { ClusterSelection, clusterFilter } from '../selection';
import { SynthOptions } from '../synth/types';
import { CLUSTERS_DIR } from '../tree/paths';
import { findStampChange, stampCluster } from '../tree/stamp';
import { CachedCluster, findSynthCache, forgetSynthCache, FoundSynthCache, runKeyMatches, saveSynthCache, toolFingerprint } from '../tree/synth-cache';
import { WriteTreeSummary } from '../tree/write';
import { ClusterFiles, writeClusters } from '../tree/write-clusters';
import { loadSelected, renderValidClusters, RenderRequest } from './render';
import { FleetByCluster, groupFleet } from '../synth/synth';
import { findRequestedAtMs } from './retention';

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

/** The fingerprint recorded for a selected cluster directory the intents no longer name. */
const ABSENT = 'absent';

/** Synthesizes the selected clusters under `request.root` (see the module comment). */
export async function synthesizeTree(request: SynthTreeRequest): Promise<SynthTreeResult> {
  const stage = request.stage ?? runStage;
  const selects = clusterFilter(request.selection);
  const tool = toolFingerprint();
  const previous = request.useCache === false ? undefined : usableCache(request.root, tool);
  const runKey = await stage('fingerprint intents files', () => runKeyOf(request, tool));
  if (previous !== undefined && runKey !== undefined && isRunUpToDate(request, previous, runKey, selects)) {
    const clusters = Object.values(previous.cache.clusters).filter((entry) => entry.fingerprint !== ABSENT && selects(entry.stamp.cluster));
    const unchanged = clusters.reduce((sum, entry) => sum + entry.ownedFiles, 0);
    return { clusters: clusters.length, summary: { added: [], updated: [], deleted: [], unchanged }, skipped: clusters.map((entry) => entry.stamp.cluster), upToDate: true };
  }
  const options: SynthOptions = { repoUrl: request.repoUrl, branch: request.branch };
  const run = await prepareRun(request, { stage, selects, tool, options, previous });
  // Forgotten before the tree is touched: a run killed mid-write leaves no cache that describes a tree that is gone.
  if (previous !== undefined) forgetSynthCache(request.root);
  const { skipped } = run;
  const ownedFiles = new Map<string, number>();
  const rendered = countFiles(renderValidClusters(run.grouped, options, (cluster) => !skipped.has(cluster.id)), ownedFiles);
  const written = await stage('synthesize, validate and write', () =>
    writeClusters(request.root, rendered, {
      allowDeletions: request.allowDeletions,
      maxDeletionShare: request.maxDeletionShare,
      clusters: (id) => selects(id) && !skipped.has(id),
      expectedDeletions: new Set(run.expiredOperations),
      unreadOwnedFiles: [...skipped.values()].reduce((sum, entry) => sum + entry.ownedFiles, 0),
    }),
  );
  if (request.useCache !== false) {
    await stage('record stamps', () => recordCache(request, { tool, runKey, fingerprints: run.fingerprints, skipped, ownedFiles, validUntil: run.validUntil, previous }));
  }
  const skippedFiles = [...skipped.values()].reduce((sum, entry) => sum + entry.ownedFiles, 0);
  return {
    clusters: run.clusterCount,
    summary: { ...written, unchanged: written.unchanged + skippedFiles },
    skipped: [...skipped.keys()].sort(),
    upToDate: false,
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
}

/**
 * Loads the intents and works out everything the run needs from the whole fleet, so
 * that the fleet can be let go: rendering then consumes the grouped intents cluster by
 * cluster, and at the end of a 100,000-object run almost none of them are still alive.
 */
async function prepareRun(request: SynthTreeRequest, context: RunContext): Promise<PreparedRun> {
  const { stage, selects, tool, options, previous } = context;
  const loaded = await stage('load and validate intents', () => loadSelected(request));
  const fingerprints = await stage('fingerprint clusters', () => {
    const found = clusterFingerprints(loaded.fleet, options, tool);
    for (const id of listSelectedClusterDirectories(request.root, selects)) {
      if (!found.has(id)) found.set(id, ABSENT);
    }
    return found;
  });
  const skipped = await stage('check stamps', () => (previous === undefined ? new Map<string, CachedCluster>() : findUnchangedClusters(request.root, previous, fingerprints)));
  return {
    grouped: groupFleet(loaded.fleet),
    clusterCount: loaded.fleet.clusters.length,
    expiredOperations: loaded.expiredOperations,
    fingerprints,
    skipped,
    validUntil: retentionExpiry(request, loaded.fleet),
  };
}

/** Passes the clusters through, counting each one's files into `counts`. */
function* countFiles(clusters: Iterable<ClusterFiles>, counts: Map<string, number>): Generator<ClusterFiles> {
  for (const cluster of clusters) {
    counts.set(cluster.cluster, cluster.files.size);
    yield cluster;
  }
}

/** The cache of `root` when the same build of gitops-synth wrote it. */
function usableCache(root: string, tool: string): FoundSynthCache | undefined {
  const found = findSynthCache(root);
  return found?.cache.tool === tool ? found : undefined;
}

/**
 * sha256 over everything a run's output depends on besides the tree: the tool, the
 * options, the selection, the retention, and every intents file's name and bytes.
 * Undefined when the intents cannot be read: loading them reports why, with its own error.
 */
async function runKeyOf(request: SynthTreeRequest, tool: string): Promise<string | undefined> {
  try {
    return await hashIntentsFiles(request, tool);
  } catch {
    return undefined;
  }
}

async function hashIntentsFiles(request: SynthTreeRequest, tool: string): Promise<string> {
  const hash = createHash('sha256');
  const settings = { repoUrl: request.repoUrl ?? null, branch: request.branch, selection: selectionKey(request.selection), retentionMs: request.operationRetention?.maxAgeMs ?? null };
  hash.update(`${tool}\0${JSON.stringify(settings)}\0`);
  const stat = fs.statSync(request.intents, { throwIfNoEntry: false });
  const files = stat?.isFile() === true ? [{ name: path.basename(request.intents), absolute: request.intents }] : (await listIntentFiles(request.intents)).map((name) => ({ name, absolute: path.join(request.intents, name) }));
  for (const file of files) {
    const bytes = fs.readFileSync(file.absolute);
    hash.update(`${file.name}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return `sha256:${hash.digest('hex')}`;
}

function selectionKey(selection: ClusterSelection): unknown {
  return { pattern: selection.pattern ?? null, shard: selection.shard === undefined ? null : [selection.shard.index, selection.shard.count] };
}

/**
 * True when the run key is the last run's (and no retained Operation has aged out since),
 * `clusters/` lists the same directories, and every selected one is as that run left it.
 */
function isRunUpToDate(request: SynthTreeRequest, found: FoundSynthCache, runKey: string, selects: (id: string) => boolean): boolean {
  const { cache } = found;
  const now = request.operationRetention?.now ?? new Date();
  if (!runKeyMatches(cache, runKey, now) || cache.run?.listing === undefined) return false;
  const listing = listClusterDirectories(request.root);
  if (listing === undefined || listing.join('\n') !== cache.run.listing.join('\n')) return false;
  return listing.filter(selects).every((id) => {
    const entry = cache.clusters[id];
    return entry !== undefined && findStampChange(request.root, entry.stamp, found.savedAtNs) === undefined;
  });
}

/**
 * Cluster id → sha256 of what its files are made from: the tool, the options and its
 * intents as JSON. JSON.stringify tells apart every two JSON values that can give
 * different files (its one blind spot, -0, is written as 0 by the YAML writers too);
 * the same intents with keys in another order give another fingerprint, which only
 * costs a render. The native writer is about thirty times faster than canonical JSON.
 */
function clusterFingerprints(fleet: Fleet, options: SynthOptions, tool: string): Map<string, string> {
  const groups = groupByCluster(fleet);
  const settings = JSON.stringify({ repoUrl: options.repoUrl ?? null, branch: options.branch ?? null, ttl: options.operationTtlSeconds ?? null });
  const fingerprints = new Map<string, string>();
  for (const cluster of fleet.clusters) {
    const intents = groups.get(cluster.id) ?? { applications: [], operations: [] };
    const hash = createHash('sha256').update(`${tool}\0${settings}\0`).update(JSON.stringify(cluster));
    for (const application of intents.applications) hash.update(JSON.stringify(application));
    hash.update('\0');
    for (const operation of intents.operations) hash.update(JSON.stringify(operation));
    fingerprints.set(cluster.id, `sha256:${hash.digest('hex')}`);
  }
  return fingerprints;
}

/** The clusters whose fingerprint is the recorded one and whose directory is as recorded. */
function findUnchangedClusters(root: string, found: FoundSynthCache, fingerprints: ReadonlyMap<string, string>): Map<string, CachedCluster> {
  const unchanged = new Map<string, CachedCluster>();
  for (const [id, fingerprint] of fingerprints) {
    const entry = found.cache.clusters[id];
    if (entry !== undefined && entry.fingerprint === fingerprint && findStampChange(root, entry.stamp, found.savedAtNs) === undefined) {
      unchanged.set(id, entry);
    }
  }
  return unchanged;
}

/** The names in `clusters/`, sorted; undefined when it is not a directory. */
function listClusterDirectories(root: string): string[] | undefined {
  try {
    return fs.readdirSync(path.join(root, CLUSTERS_DIR)).sort();
  } catch {
    return undefined;
  }
}

function listSelectedClusterDirectories(root: string, selects: (id: string) => boolean): string[] {
  return (listClusterDirectories(root) ?? []).filter((name) => selects(name) && fs.lstatSync(path.join(root, CLUSTERS_DIR, name)).isDirectory());
}

interface RecordInput {
  readonly tool: string;
  readonly runKey: string | undefined;
  readonly fingerprints: ReadonlyMap<string, string>;
  readonly skipped: ReadonlyMap<string, CachedCluster>;
  /** Cluster id → how many files this run wrote or kept there. */
  readonly ownedFiles: ReadonlyMap<string, number>;
  readonly validUntil: string | undefined;
  readonly previous: FoundSynthCache | undefined;
}

/** Stamps every cluster this run wrote and saves the cache, keeping other clusters' entries. */
function recordCache(request: SynthTreeRequest, input: RecordInput): void {
  const clusters: Record<string, CachedCluster> = { ...(input.previous?.cache.clusters ?? {}) };
  for (const [id, fingerprint] of input.fingerprints) {
    const entry = input.skipped.get(id) ?? findStamp(request.root, id, fingerprint, input.ownedFiles.get(id) ?? 0);
    if (entry !== undefined) clusters[id] = entry;
  }
  const listing = listClusterDirectories(request.root) ?? [];
  // Cluster directories that are gone (every file deleted) have nothing left to describe.
  for (const id of Object.keys(clusters)) {
    if (!listing.includes(id)) delete clusters[id];
  }
  const validUntil = input.validUntil;
  const run = input.runKey === undefined ? undefined : { key: input.runKey, listing, ...(validUntil === undefined ? {} : { validUntil }) };
  saveSynthCache(request.root, { version: 1, tool: input.tool, clusters, ...(run === undefined ? {} : { run }) });
}

/** A fresh cache entry, or none for a directory that cannot be stamped (not a cluster id, unreadable): it is simply never skipped. */
function findStamp(root: string, id: string, fingerprint: string, ownedFiles: number): CachedCluster | undefined {
  try {
    return { fingerprint, stamp: stampCluster(root, id), ownedFiles };
  } catch {
    return undefined;
  }
}

/** When the first Operation still in the tree ages out under the retention: the run's output changes then. */
function retentionExpiry(request: SynthTreeRequest, fleet: Fleet): string | undefined {
  const retention = request.operationRetention;
  if (retention === undefined) return undefined;
  const expiries = fleet.operations.map((operation) => findRequestedAtMs(operation.requestedAt)).filter((ms): ms is number => ms !== undefined).map((ms) => ms + retention.maxAgeMs);
  // With no Operation to age out, the run stays valid; the far future keeps the field honest.
  return new Date(expiries.reduce((first, ms) => Math.min(first, ms), 8.64e15)).toISOString();
}
