/**
 * The synth cache: what the last successful write left on disk, so that synthesizing again
 * over an up-to-date tree can skip every cluster whose intents and files are unchanged.
 *
 * It lives in the journal directory (`synth-cache.json`, never committed, never read by
 * Flux). It is only an optimisation: a cache that is absent, unreadable, half-written or of
 * another version is no cache, never an error. It is replaced in one rename, and a writer
 * forgets it before touching the tree, so a crash mid-write cannot leave a cache that
 * describes a tree that is no longer there.
 *
 * What it proves: for a cluster, "these intents (fingerprint) rendered by this tool
 * (fingerprint) gave exactly these entries (stamp)"; if all three still hold, synthesizing
 * the cluster again would write nothing.
 */
import { createHash, Hash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../package-root';
import { errorCode } from './fs';
import { currentProcess, journalDirSync } from './journal';
import { ClusterStamp } from './stamp';

/** The cache file's name in the journal directory. */
export const SYNTH_CACHE_FILE = 'synth-cache.json';

/** What the cache knows about one cluster after a successful write. */
export interface CachedCluster {
  /** The caller's fingerprint of the cluster's intents (opaque here). */
  readonly fingerprint: string;
  /** Every entry below `clusters/<id>/` as it was right after the write. */
  readonly stamp: ClusterStamp;
  /** How many files of the cluster gitops-synth owns, so a skipped cluster still counts in a summary. */
  readonly ownedFiles: number;
}

/** The synth cache (see the module comment). */
export interface SynthCache {
  readonly version: 2;
  /** {@link toolFingerprint} of the tool that wrote the tree: another build never reuses it. */
  readonly tool: string;
  /** Cluster id -> what was written there. */
  readonly clusters: Readonly<Record<string, CachedCluster>>;
  /** A key for the whole run (the caller's), with an optional ISO 8601 expiry. */
  readonly run?: SynthRun;
}

/** What the caller records about a whole run, to answer the next identical run at once. */
export interface SynthRun {
  /** The caller's fingerprint of the run's inputs (opaque here). */
  readonly key: string;
  /** ISO 8601 time after which the run's output may differ (retention); absent means never. */
  readonly validUntil?: string;
  /** The names in `clusters/` when the run ended, sorted (the caller's, opaque here). */
  readonly listing?: readonly string[];
}

/** A cache read from disk, with the time it was saved: entries changed at or after it are not trusted. */
export interface FoundSynthCache {
  readonly cache: SynthCache;
  /** The cache file's mtime in ns; pass it to `findStampChange` as `trustedBeforeNs`. */
  readonly savedAtNs: bigint;
}

/**
 * Reads the synth cache of `root`, or undefined when there is none usable: absent,
 * unreadable, not JSON (a truncated file never is), of another version or shape. Never
 * throws and never creates anything.
 */
export function findSynthCache(root: string): FoundSynthCache | undefined {
  try {
    const file = path.join(journalDirSync(root), SYNTH_CACHE_FILE);
    // One descriptor for the time and the text, so both belong to the same file even if a rename swaps it.
    const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    try {
      const savedAtNs = fs.fstatSync(fd, { bigint: true }).mtimeNs;
      const cache = parseSynthCache(fs.readFileSync(fd, 'utf8'));
      return cache === undefined ? undefined : { cache, savedAtNs };
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/**
 * A cache to save whose cluster entries are made one at a time as they are written: at
 * fleet scale the stamps of every cluster (111,100 entries at 100,000 objects) and their
 * JSON never need to be in memory together.
 */
export interface StreamedSynthCache {
  readonly version: 2;
  readonly tool: string;
  readonly run?: SynthRun;
  /** The ids of the clusters to save (any order: they are written sorted). */
  readonly clusterIds: readonly string[];
  /** Each cluster's entry, asked once per id as it is written; undefined leaves the cluster out. */
  entry(id: string): CachedCluster | undefined;
}

/**
 * Replaces the synth cache of `root` in one rename (a temporary file in the same
 * directory first), creating the journal directory as a write does. The output is
 * deterministic and the same for a {@link SynthCache} and a {@link StreamedSynthCache}
 * of the same entries: {@link serializeSynthCache}'s bytes. Throws the filesystem's
 * error when it cannot be saved, leaving no temporary file behind; the tree itself is unaffected.
 */
export function saveSynthCache(root: string, cache: SynthCache | StreamedSynthCache): void {
  const file = path.join(journalDirSync(root, { create: true }), SYNTH_CACHE_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    // Created anew without following a link (O_EXCL refuses one); the rename replaces a link, never writes through it.
    fs.rmSync(temporary, { force: true });
    const fd = fs.openSync(
      temporary,
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW,
      0o644,
    );
    try {
      writeSynthCache(fd, 'clusterIds' in cache ? cache : streamed(cache));
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Removes the synth cache of `root` (nothing when there is none), and the temporary files
 * of saves that were killed. A writer calls this before it touches the tree. Throws when
 * the cache exists but cannot be removed, so the writer stops before the cache can lie.
 */
export function forgetSynthCache(root: string): void {
  const dir = journalDirSync(root);
  removeIfPresent(path.join(dir, SYNTH_CACHE_FILE));
  const me = currentProcess();
  for (const name of listIfPresent(dir)) {
    const pid = /^synth-cache\.json\.(\d+)\.tmp$/.exec(name)?.[1];
    if (pid !== undefined && (Number(pid) === me.pid || !me.isAlive(Number(pid)))) {
      removeIfPresent(path.join(dir, name));
    }
  }
}

/** True when `cache` was saved for the run `key` and its expiry, if any, is after `now`. */
export function runKeyMatches(cache: SynthCache, key: string, now: Date): boolean {
  if (cache.run === undefined || cache.run.key !== key) {
    return false;
  }
  if (cache.run.validUntil === undefined) {
    return true;
  }
  const until = Date.parse(cache.run.validUntil);
  return Number.isFinite(until) && until > now.getTime();
}

function streamed(cache: SynthCache): StreamedSynthCache {
  return {
    version: cache.version,
    tool: cache.tool,
    run: cache.run,
    clusterIds: Object.keys(cache.clusters),
    entry: (id) => cache.clusters[id],
  };
}

/** Flushed to the file at about this many characters, so the writes stay few and the buffer small. */
const WRITE_CHUNK = 1 << 20;

/** {@link serializeSynthCache}'s bytes, written to `fd` a cluster at a time. */
function writeSynthCache(fd: number, cache: StreamedSynthCache): void {
  const run = cache.run === undefined ? undefined : serializeRun(cache.run);
  // The same text JSON.stringify gives the whole object: `clusters` is its last key.
  const head = JSON.stringify({
    version: cache.version,
    tool: cache.tool,
    ...(run === undefined ? {} : { run }),
  });
  let pending = `${head.slice(0, -1)},"clusters":{`;
  let first = true;
  for (const id of [...cache.clusterIds].sort()) {
    const entry = cache.entry(id);
    if (entry === undefined) continue;
    pending += `${first ? '' : ','}${JSON.stringify(id)}:${JSON.stringify(cacheEntry(entry))}`;
    first = false;
    if (pending.length >= WRITE_CHUNK) {
      fs.writeSync(fd, pending);
      pending = '';
    }
  }
  fs.writeSync(fd, `${pending}}}`);
}

/** A cluster's entry with its keys in the saved order. */
function cacheEntry(cluster: CachedCluster): CachedCluster {
  return {
    fingerprint: cluster.fingerprint,
    ownedFiles: cluster.ownedFiles,
    stamp: {
      cluster: cluster.stamp.cluster,
      entries: cluster.stamp.entries,
      digest: cluster.stamp.digest,
      latestChangeNs: cluster.stamp.latestChangeNs,
    },
  };
}

/** The cache as saved: fixed key order, clusters sorted by id, so equal caches give equal bytes. */
export function serializeSynthCache(cache: SynthCache): string {
  const clusters: Record<string, CachedCluster> = {};
  for (const id of Object.keys(cache.clusters).sort()) clusters[id] = cacheEntry(cache.clusters[id]);
  const run = cache.run === undefined ? undefined : serializeRun(cache.run);
  return JSON.stringify({
    version: cache.version,
    tool: cache.tool,
    ...(run === undefined ? {} : { run }),
    clusters,
  });
}

function serializeRun(run: SynthRun): SynthRun {
  return {
    key: run.key,
    ...(run.validUntil === undefined ? {} : { validUntil: run.validUntil }),
    ...(run.listing === undefined ? {} : { listing: run.listing }),
  };
}

/** Parses a saved cache, or undefined unless every part has the expected shape (a corrupt cache is no cache). */
export function parseSynthCache(text: string): SynthCache | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (
    !isRecord(value) ||
    value.version !== 2 ||
    typeof value.tool !== 'string' ||
    !isRecord(value.clusters)
  ) {
    return undefined;
  }
  if (value.run !== undefined && !isSynthRun(value.run)) {
    return undefined;
  }
  for (const [id, cluster] of Object.entries(value.clusters)) {
    if (!isCachedCluster(id, cluster)) {
      return undefined;
    }
  }
  return value as unknown as SynthCache;
}

function isSynthRun(run: unknown): run is SynthRun {
  return (
    isRecord(run) &&
    typeof run.key === 'string' &&
    (run.validUntil === undefined || typeof run.validUntil === 'string') &&
    (run.listing === undefined ||
      (Array.isArray(run.listing) && run.listing.every((name) => typeof name === 'string')))
  );
}

function isCachedCluster(id: string, value: unknown): value is CachedCluster {
  if (
    !isRecord(value) ||
    typeof value.fingerprint !== 'string' ||
    !Number.isSafeInteger(value.ownedFiles) ||
    (value.ownedFiles as number) < 0 ||
    !isRecord(value.stamp)
  ) {
    return false;
  }
  const stamp = value.stamp;
  return (
    stamp.cluster === id &&
    Number.isSafeInteger(stamp.entries) &&
    (stamp.entries as number) >= 0 &&
    typeof stamp.digest === 'string' &&
    /^sha256:[0-9a-f]{64}$/.test(stamp.digest) &&
    typeof stamp.latestChangeNs === 'string' &&
    /^\d+$/.test(stamp.latestChangeNs)
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

let runningTool: (() => string) | undefined;

/**
 * The fingerprint of what decides the output besides the intents, memoized per process:
 * {@link fingerprintTool} of the running code tree (`dist/src` when built, `src` under
 * jest: the directory above this module's) and of the package's root.
 */
export function toolFingerprint(): string {
  runningTool ??= memoizedToolFingerprint(path.resolve(__dirname, '..'), packageRoot(__dirname));
  return runningTool();
}

/**
 * {@link fingerprintTool} of `codeDir` and `packageDir`, hashed on the first call and kept:
 * the running code does not change under a process, and every synth asks for it.
 */
export function memoizedToolFingerprint(codeDir: string, packageDir: string): () => string {
  let fingerprint: string | undefined;
  return () => (fingerprint ??= fingerprintTool(codeDir, packageDir));
}

/**
 * sha256 (hex) over the Node version, the package's `package.json` (its version and
 * pinned dependencies), and every file of `codeDir` (but declaration and source-map
 * files) and of the package's `crds/`, `imports/` and `schemas/`, each with its relative
 * path, in sorted order. Any edit, addition, removal or rename changes it. When something cannot be read the result is salted with random
 * bytes: a fingerprint that matches nothing, so no cache is ever reused on a guess.
 */
export function fingerprintTool(codeDir: string, packageDir: string): string {
  const hash = createHash('sha256');
  hash.update(`gitops-synth tool v1\0node ${process.version}\0`);
  try {
    hashFile(hash, 'package.json', path.join(packageDir, 'package.json'));
    hashDirectory(hash, 'code', codeDir);
    hashDirectory(hash, 'crds', path.join(packageDir, 'crds'));
    // An installed package ships the compiled imports (in the code) but not their sources.
    if (fs.existsSync(path.join(packageDir, 'imports')))
      hashDirectory(hash, 'imports', path.join(packageDir, 'imports'));
    else hash.update('imports absent\0');
    hashDirectory(hash, 'schemas', path.join(packageDir, 'schemas'));
  } catch (error) {
    hash.update(`unreadable ${errorCode(error) ?? 'error'}\0`);
    hash.update(randomBytes(32));
  }
  return hash.digest('hex');
}

/** Files a build emits beside the code that never change what it does (half the bytes of `dist/src`). */
const INERT = /\.(d\.ts|map)$/;

function hashDirectory(hash: Hash, label: string, directory: string): void {
  for (const name of fs.readdirSync(directory).sort()) {
    const absolute = path.join(directory, name);
    if (fs.statSync(absolute).isDirectory()) {
      hashDirectory(hash, `${label}/${name}`, absolute);
    } else if (!INERT.test(name)) {
      hashFile(hash, `${label}/${name}`, absolute);
    }
  }
}

function hashFile(hash: Hash, label: string, file: string): void {
  const bytes = fs.readFileSync(file);
  // Name and length first, so no two different trees can hash the same bytes.
  hash.update(`${label}\0${bytes.length}\0`);
  hash.update(bytes);
}

function removeIfPresent(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') {
      throw error;
    }
  }
}

function listIfPresent(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      return [];
    }
    throw error;
  }
}
