import { createHash } from 'crypto';
import { GitopsSynthError } from './errors';
import { Fleet } from './intents/model';

/**
 * Which clusters a run works on: all of them, those matching `--clusters`, and/or
 * one shard of `--shard i/n`. Shards are chosen by a hash of the cluster id, so a
 * cluster stays in its shard when others are added or removed, and parallel CI jobs
 * publish disjoint branches.
 */
export interface ClusterSelection {
  /** Comma-separated glob patterns (`*` and `?`), e.g. `cluster-prod-*,cluster-lab-1`. */
  readonly pattern?: string;
  /** 1-based shard index and shard count. */
  readonly shard?: { readonly index: number; readonly count: number };
}

/** Parses `--shard i/n` (1 ≤ i ≤ n), quoting the flag in the error. */
export function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new GitopsSynthError('INVALID_FLAG', `--shard: '${value}' is not of the form i/n with 1 ≤ i ≤ n (for example 2/4)`);
  }
  return { index, count };
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/** The shard (1-based) a cluster belongs to among `count` shards. */
export function shardOf(clusterId: string, count: number): number {
  const digest = createHash('sha256').update(clusterId).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/** A predicate that says whether a cluster id is selected. */
export function clusterFilter(selection: ClusterSelection): (clusterId: string) => boolean {
  const patterns = (selection.pattern ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '').map(globToRegExp);
  const shard = selection.shard;
  return (clusterId) =>
    (patterns.length === 0 || patterns.some((re) => re.test(clusterId)))
    && (shard === undefined || shardOf(clusterId, shard.count) === shard.index);
}

/** True when the selection selects every cluster. */
export function selectsAll(selection: ClusterSelection): boolean {
  return (selection.pattern ?? '').trim() === '' && (selection.shard === undefined || selection.shard.count === 1);
}

/** The part of a fleet that a selection selects (pure). */
export function selectFleet(fleet: Fleet, selection: ClusterSelection): Fleet {
  if (selectsAll(selection)) {
    return fleet;
  }
  const selected = clusterFilter(selection);
  return {
    clusters: fleet.clusters.filter((c) => selected(c.id)),
    applications: fleet.applications.filter((a) => selected(a.cluster)),
    operations: fleet.operations.filter((o) => selected(o.cluster)),
  };
}
