/**
 * The synth cache as a run uses it (the storage is `src/tree/synth-cache.ts`): the
 * run key of the intents files and options, per-cluster fingerprints of the intents,
 * the check that a cluster's directory is as the last run left it, and the record a
 * run leaves for the next. Everything here only ever makes a run skip work it can
 * prove would change nothing.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Fleet } from '../intents/model';
import type { FleetByCluster } from '../synth/synth';
import { SynthOptions } from '../synth/types';
import { CLUSTERS_DIR } from '../tree/paths';
import { findStampChange, stampCluster } from '../tree/stamp';
import {
  CachedCluster,
  findSynthCache,
  FoundSynthCache,
  runKeyMatches,
  saveSynthCache,
} from '../tree/synth-cache';
import type { RenderRequest } from './render';
import { findRequestedAtMs } from './retention';

/** The fingerprint recorded for a selected cluster directory the intents no longer name. */
export const ABSENT = 'absent';

/** The cache of `root` when the same build of gitops-synth wrote it. */
export function usableCache(root: string, tool: string): FoundSynthCache | undefined {
  const found = findSynthCache(root);
  return found?.cache.tool === tool ? found : undefined;
}

/**
 * Which selected cluster directories are as the last run left them (id → true), walking
 * each cached one once: the answers serve both {@link isRunUpToDate} and, when the run
 * is not up to date, {@link findUnchangedClusters}, so a one-change run walks the tree once.
 */
export function checkClusterStamps(
  root: string,
  found: FoundSynthCache,
  selects: (id: string) => boolean,
): Map<string, boolean> {
  const checked = new Map<string, boolean>();
  for (const id of listClusterDirectories(root) ?? []) {
    const entry = found.cache.clusters[id];
    if (!selects(id) || entry === undefined) continue;
    checked.set(id, findStampChange(root, entry.stamp, found.savedAtNs) === undefined);
  }
  return checked;
}

/**
 * True when the run key is the last run's (and no retained Operation has aged out since),
 * `clusters/` lists the same directories, and every selected one is as that run left it
 * (`unchanged`, from {@link checkClusterStamps}).
 */
export function isRunUpToDate(
  root: string,
  request: RenderRequest,
  found: FoundSynthCache,
  runKey: string,
  selects: (id: string) => boolean,
  unchanged: ReadonlyMap<string, boolean>,
): boolean {
  const { cache } = found;
  const now = request.operationRetention?.now ?? new Date();
  if (!runKeyMatches(cache, runKey, now) || cache.run?.listing === undefined) return false;
  const listing = listClusterDirectories(root);
  if (listing === undefined || listing.join('\n') !== cache.run.listing.join('\n')) return false;
  return listing.filter(selects).every((id) => unchanged.get(id) === true);
}

/**
 * Cluster id → sha256 of what its files are made from: the tool, the options and its
 * intents as JSON. JSON.stringify tells apart every two JSON values that can give
 * different files (its one blind spot, -0, is written as 0 by the YAML writers too);
 * the same intents with keys in another order give another fingerprint, which only
 * costs a render. The native writer is about thirty times faster than canonical JSON.
 */
export function clusterFingerprints(
  fleet: FleetByCluster,
  options: SynthOptions,
  tool: string,
): Map<string, string> {
  const settings = JSON.stringify({
    repoUrl: options.repoUrl ?? null,
    branch: options.branch ?? null,
    ttl: options.operationTtlSeconds ?? null,
  });
  const fingerprints = new Map<string, string>();
  for (const cluster of fleet.clusters) {
    const intents = fleet.intents.get(cluster.id) ?? { applications: [], operations: [] };
    const hash = createHash('sha256').update(`${tool}\0${settings}\0`).update(JSON.stringify(cluster));
    for (const application of intents.applications) hash.update(JSON.stringify(application));
    hash.update('\0');
    for (const operation of intents.operations) hash.update(JSON.stringify(operation));
    fingerprints.set(cluster.id, `sha256:${hash.digest('hex')}`);
  }
  return fingerprints;
}

/**
 * The clusters whose fingerprint is the recorded one and whose directory is as recorded:
 * as `checked` found it ({@link checkClusterStamps}, earlier in the run), else walked now.
 */
export function findUnchangedClusters(
  root: string,
  found: FoundSynthCache,
  fingerprints: ReadonlyMap<string, string>,
  checked: ReadonlyMap<string, boolean> = new Map(),
): Map<string, CachedCluster> {
  const unchanged = new Map<string, CachedCluster>();
  for (const [id, fingerprint] of fingerprints) {
    const entry = found.cache.clusters[id];
    if (
      entry !== undefined &&
      entry.fingerprint === fingerprint &&
      (checked.get(id) ?? findStampChange(root, entry.stamp, found.savedAtNs) === undefined)
    ) {
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

export function listSelectedClusterDirectories(root: string, selects: (id: string) => boolean): string[] {
  return (listClusterDirectories(root) ?? []).filter(
    (name) => selects(name) && fs.lstatSync(path.join(root, CLUSTERS_DIR, name)).isDirectory(),
  );
}

export interface RecordInput {
  readonly tool: string;
  readonly runKey: string | undefined;
  readonly fingerprints: ReadonlyMap<string, string>;
  readonly skipped: ReadonlyMap<string, CachedCluster>;
  /** Cluster id → how many files this run wrote or kept there. */
  readonly ownedFiles: ReadonlyMap<string, number>;
  readonly validUntil: string | undefined;
  readonly previous: FoundSynthCache | undefined;
}

/**
 * Stamps every cluster this run wrote and saves the cache, keeping other clusters' entries.
 * Each cluster is stamped as its entry is written, so only one cluster's stamp is in memory.
 */
export function recordCache(root: string, input: RecordInput): void {
  const previous = input.previous?.cache.clusters ?? {};
  // Cluster directories that are gone (every file deleted) have nothing left to describe.
  const listing = listClusterDirectories(root) ?? [];
  const present = new Set(listing);
  const clusterIds = [...new Set([...Object.keys(previous), ...input.fingerprints.keys()])].filter((id) =>
    present.has(id),
  );
  const entry = (id: string): CachedCluster | undefined => {
    const fingerprint = input.fingerprints.get(id);
    if (fingerprint === undefined) return previous[id];
    const fresh = input.skipped.get(id) ?? findStamp(root, id, fingerprint, input.ownedFiles.get(id) ?? 0);
    return fresh ?? previous[id];
  };
  const validUntil = input.validUntil;
  const run =
    input.runKey === undefined
      ? undefined
      : { key: input.runKey, listing, ...(validUntil === undefined ? {} : { validUntil }) };
  saveSynthCache(root, {
    version: 2,
    tool: input.tool,
    clusterIds,
    entry,
    ...(run === undefined ? {} : { run }),
  });
}

/** A fresh cache entry, or none for a directory that cannot be stamped (not a cluster id, unreadable): it is simply never skipped. */
function findStamp(
  root: string,
  id: string,
  fingerprint: string,
  ownedFiles: number,
): CachedCluster | undefined {
  try {
    return { fingerprint, stamp: stampCluster(root, id), ownedFiles };
  } catch {
    return undefined;
  }
}

/** When the first Operation still in the tree ages out under the retention: the run's output changes then. */
export function retentionExpiry(request: RenderRequest, fleet: Fleet): string | undefined {
  const retention = request.operationRetention;
  if (retention === undefined) return undefined;
  const expiries = fleet.operations
    .map((operation) => findRequestedAtMs(operation.requestedAt))
    .filter((ms): ms is number => ms !== undefined)
    .map((ms) => ms + retention.maxAgeMs);
  // With no Operation to age out, the run stays valid; the far future keeps the field honest.
  return new Date(expiries.reduce((first, ms) => Math.min(first, ms), 8.64e15)).toISOString();
}
