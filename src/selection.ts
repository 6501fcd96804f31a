import { createHash } from 'crypto';
import { GitopsSynthError } from './errors';
import { Fleet } from './intents/model';
import { editDistance } from './intents/suggest';

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
    throw new GitopsSynthError(
      'INVALID_FLAG',
      `--shard: '${value}' is not of the form i/n with 1 ≤ i ≤ n (for example 2/4)`,
    );
  }
  return { index, count };
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/** The shard (1-based) a cluster belongs to among `count` shards. */
export function shardOf(clusterId: string, count: number): number {
  const digest = createHash('sha256').update(clusterId).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/** A predicate that says whether a cluster id is selected. */
export function clusterFilter(selection: ClusterSelection): (clusterId: string) => boolean {
  const patterns = (selection.pattern ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map(globToRegExp);
  const shard = selection.shard;
  return (clusterId) =>
    (patterns.length === 0 || patterns.some((re) => re.test(clusterId))) &&
    (shard === undefined || shardOf(clusterId, shard.count) === shard.index);
}

/** True when the selection selects every cluster. */
export function selectsAll(selection: ClusterSelection): boolean {
  return (
    (selection.pattern ?? '').trim() === '' && (selection.shard === undefined || selection.shard.count === 1)
  );
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

/**
 * Thrown when `--shard` selects no cluster. It is not a failure: a CI matrix of n shards
 * over a small fleet has empty shards, so the command ends at once with exit 0 and says
 * so, before any git command or API call.
 */
export class EmptyShard extends GitopsSynthError {
  public constructor(shard: { readonly index: number; readonly count: number }, clusters: number) {
    super(
      'EMPTY_SHARD',
      `shard ${shard.index}/${shard.count} selects no cluster (of ${clusters}); nothing to do`,
    );
  }
}

/** How many close cluster ids an empty selection's error names. */
const NEAREST_COUNT = 3;

/**
 * Checks a selection against the clusters it chooses from (the intents, or the tree).
 * @throws GitopsSynthError `EMPTY_SELECTION` when `--clusters` matches no cluster: a typo
 *   must not read as "nothing changed". The message names the pattern and the closest ids.
 * @throws EmptyShard when `--clusters` matches but the shard holds none of the matches.
 */
export function checkSelection(clusterIds: readonly string[], selection: ClusterSelection): void {
  if (selectsAll(selection)) return;
  const byPattern = clusterFilter({ pattern: selection.pattern });
  const matching = clusterIds.filter(byPattern);
  if ((selection.pattern ?? '').trim() !== '' && matching.length === 0) {
    const nearest = nearestIds(selection.pattern ?? '', clusterIds);
    throw new GitopsSynthError(
      'EMPTY_SELECTION',
      `--clusters: '${selection.pattern}' matches none of the ${clusterIds.length} clusters`,
      {
        hint:
          nearest.length === 0
            ? 'there is no cluster to select'
            : `closest cluster ids: ${nearest.join(', ')}`,
      },
    );
  }
  if (selection.shard !== undefined && !matching.some(clusterFilter({ shard: selection.shard }))) {
    throw new EmptyShard(selection.shard, matching.length);
  }
}

/** The ids nearest to any of the globs, by edit distance to the glob's literal text (a trailing `*` compares a prefix). */
export function nearestIds(pattern: string, clusterIds: readonly string[]): string[] {
  const globs = pattern
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const distance = (id: string): number => Math.min(...globs.map((glob) => globDistance(glob, id)));
  return clusterIds
    .map((id) => ({ id, distance: distance(id) }))
    .sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, NEAREST_COUNT)
    .map((entry) => entry.id);
}

function globDistance(glob: string, id: string): number {
  const literal = glob.replace(/[*?]/g, '');
  // `cluster-prd-*` is a prefix: compare it with the id's start of the same length.
  const compared = glob.endsWith('*') ? id.slice(0, literal.length) : id;
  return editDistance(literal.toLowerCase(), compared.toLowerCase());
}
