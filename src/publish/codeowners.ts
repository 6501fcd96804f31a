/**
 * The tool-owned block of a CODEOWNERS file. Branch protection ("require review
 * from code owners") then asks each cluster's owners to approve changes to its path.
 * Only the lines between the markers are the tool's; every other line is left as is.
 * publish writes the whole fleet's block on every branch ({@link fleetCodeowners}).
 */

import { CODEOWNERS_LOCATIONS } from '../workspace/conventions';

/** The first line of the tool's block. */
export const BLOCK_BEGIN =
  '# BEGIN gitops-synth: cluster owners (managed by gitops-synth; edits inside this block are overwritten)';
/** The last line of the tool's block. */
export const BLOCK_END = '# END gitops-synth';

/** One cluster's CODEOWNERS line, or no line when the cluster has no owners. */
export interface ClusterOwners {
  readonly id: string;
  readonly owners: readonly string[];
}

/** Parses the block's lines into cluster id → line (pure). Lines it cannot attribute are dropped. */
function blockLines(lines: readonly string[]): Map<string, string> {
  const byCluster = new Map<string, string>();
  for (const line of lines) {
    const match = /^\/clusters\/([^/\s]+)\/\s/.exec(line);
    if (match) {
      byCluster.set(match[1], line);
    }
  }
  return byCluster;
}

/** The CODEOWNERS line for a cluster's path. */
export function ownersLine(cluster: ClusterOwners): string | undefined {
  return cluster.owners.length === 0 ? undefined : `/clusters/${cluster.id}/ ${cluster.owners.join(' ')}`;
}

/**
 * Returns the file's new text with the block updated for `clusters` (pure):
 * `managed` names the clusters this run is responsible for — their lines are set from
 * `clusters` (or removed when absent there), lines of other clusters stay as they were,
 * so per-cluster pull requests do not fight over the block. Returns the text unchanged
 * (same string) when nothing differs.
 */
export function updateCodeowners(
  existing: string | undefined,
  managed: readonly string[],
  clusters: readonly ClusterOwners[],
): string {
  const text = existing ?? '';
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const begin = lines.indexOf(BLOCK_BEGIN);
  const end = begin === -1 ? -1 : lines.indexOf(BLOCK_END, begin);
  const inside = begin === -1 || end === -1 ? [] : lines.slice(begin + 1, end);
  const byCluster = blockLines(inside);
  const wanted = new Map(clusters.map((c) => [c.id, c]));
  for (const id of managed) {
    const cluster = wanted.get(id);
    const line = cluster === undefined ? undefined : ownersLine(cluster);
    if (line === undefined) {
      byCluster.delete(id);
    } else {
      byCluster.set(id, line);
    }
  }
  const block = [...byCluster.keys()].sort().map((id) => byCluster.get(id)!);
  const before = begin === -1 || end === -1 ? lines : lines.slice(0, begin);
  const after = begin === -1 || end === -1 ? [] : lines.slice(end + 1);
  if (block.length === 0 && (begin === -1 || end === -1)) {
    return text;
  }
  const blockText = block.length === 0 ? [] : [BLOCK_BEGIN, ...block, BLOCK_END];
  const separator =
    before.length > 0 && before[before.length - 1] !== '' && blockText.length > 0 && begin === -1 ? [''] : [];
  const next = [...before, ...separator, ...blockText, ...after];
  const result = next.length === 0 ? '' : `${next.join('\n')}\n`;
  return result === text ? text : result;
}

/**
 * The whole-fleet block (pure): every cluster of the intents, sorted, and no line for a
 * cluster the intents no longer hold. Every per-cluster branch writes this same block,
 * so two branches never disagree on it: pull requests merge in any order with a plain
 * `git merge` (both sides made the same change), and a merge never needs a re-publish.
 */
export function fleetCodeowners(existing: string | undefined, clusters: readonly ClusterOwners[]): string {
  return updateCodeowners(existing, [...blockIds(existing), ...clusters.map((c) => c.id)], clusters);
}

/**
 * True when the block's lines for `ids` are not what `clusters` say (pure): the owners
 * of a group's own clusters changed, so that group's branch carries the new block even
 * when its tree did not change. Other groups write the block only along a tree change,
 * so one owner change opens one pull request, not one per cluster.
 */
export function ownLinesDiffer(
  existing: string | undefined,
  ids: readonly string[],
  clusters: readonly ClusterOwners[],
): boolean {
  const current = blockLines(blockOf(existing));
  const wanted = new Map(clusters.map((c) => [c.id, c]));
  return ids.some((id) => {
    const cluster = wanted.get(id);
    return current.get(id) !== (cluster === undefined ? undefined : ownersLine(cluster));
  });
}

/** The lines inside the block, or none. */
function blockOf(existing: string | undefined): string[] {
  const lines = (existing ?? '').split('\n');
  const begin = lines.indexOf(BLOCK_BEGIN);
  const end = begin === -1 ? -1 : lines.indexOf(BLOCK_END, begin);
  return begin === -1 || end === -1 ? [] : lines.slice(begin + 1, end);
}

function blockIds(existing: string | undefined): string[] {
  return [...blockLines(blockOf(existing)).keys()];
}

/** Picks the CODEOWNERS file to maintain: the first that exists, else `CODEOWNERS` at the root. */
export function codeownersPath(exists: (path: string) => boolean): string {
  return CODEOWNERS_LOCATIONS.find(exists) ?? 'CODEOWNERS';
}
