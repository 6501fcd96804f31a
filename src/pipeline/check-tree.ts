/**
 * `gitops-synth check` as a library call: is the tree under `root` exactly what the
 * intents produce? The CI gate of every pull request, so it runs on fresh clones: when
 * the working tree is what Git has indexed, each rendered file is held against the blob
 * id already in the index (`git ls-files -s`) instead of being read back from disk.
 *
 * The comparison runs cluster by cluster as the render workers hand clusters over, and
 * Git reads its index while the intents load: a cluster whose files all have their
 * indexed blob ids (and that holds no other owned file) is done with, and its bytes let
 * go, so a check never holds the whole rendered tree. Only the clusters that differ, or
 * every cluster when Git cannot speak for the tree, are compared by reading their files,
 * so the findings and the diff are always those of a byte-for-byte comparison.
 */
import { compareCodeUnits } from '../charts/order';
import { withLoadingHeap } from '../heap';
import { clusterFilter, selectsAll } from '../selection';
import { blobId, CommittedBlobs, findCommittedBlobs } from '../tree/git-blobs';
import { isOwnedContent, mayBeOwned } from '../tree/ownership';
import { findClusterId } from '../tree/paths';
import { readOwnedTree } from '../tree/read';
import type { ClusterFiles } from '../tree/write-clusters';
import { readFileSync } from 'fs';
import * as path from 'path';
import { compareTrees, isSameTree, TreeComparison } from './compare';
import { renderClusters, RenderRequest } from './render';
import type { StageRunner } from './synth-tree';

/** What {@link checkTree} needs. */
export interface CheckRequest extends RenderRequest {
  /** The repository root whose `clusters/` is checked (absolute). */
  readonly root: string;
  /** The environment git runs with (the CLI's); default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where stages are timed (the benchmark). */
  readonly stage?: StageRunner;
}

/** What {@link checkTree} found. */
export interface CheckResult {
  /** How many files the intents produce for the selected clusters. */
  readonly files: number;
  /**
   * What the intents produce (never written) for the clusters compared by reading their
   * files: those that differ from Git's index, or every selected cluster when Git could
   * not speak for the tree. Path → bytes, sorted by path; empty when the tree matches the index.
   */
  readonly desired: ReadonlyMap<string, string>;
  readonly comparison: TreeComparison;
  /** True when the tree on disk is exactly what the intents produce. */
  readonly matches: boolean;
  /** The owned files on disk of the clusters compared by reading (for the diff); absent when the index answered. */
  readonly current?: ReadonlyMap<string, string>;
  /** How the answer was reached: from Git's blob ids, or by reading the files of the clusters that differ. */
  readonly via: 'git-index' | 'files';
}

const runStage: StageRunner = async (_stage, body) => body();

/** Renders the intents and compares them with the tree under `request.root` (see the module comment). */
export async function checkTree(request: CheckRequest): Promise<CheckResult> {
  // Nothing is written, so the heap can grow slowly the whole run (src/heap.ts).
  return withLoadingHeap(() => checkTreeNow(request));
}

async function checkTreeNow(request: CheckRequest): Promise<CheckResult> {
  const stage = request.stage ?? runStage;
  const selects = clusterFilter(request.selection);
  // Git reads the index in its own processes: from the start, while this thread loads the
  // intents, when every cluster is selected; else once the selection is known to hold a
  // cluster, so that an empty shard runs no git at all.
  let started: Promise<BlobsByCluster | undefined> | undefined;
  const indexed = (): Promise<BlobsByCluster | undefined> => {
    if (started === undefined) {
      started = findCommittedBlobs(request.root, request.env ?? process.env).then(byCluster);
      // Awaited at the first rendered cluster; a render that fails first must not leave it unobserved.
      started.catch(() => undefined);
    }
    return started;
  };
  if (selectsAll(request.selection)) void indexed();
  const held = await stage('render and compare with Git blob ids', () =>
    renderAndMatch(
      request.root,
      renderClusters(request, () => void indexed()),
      indexed,
      selects,
    ),
  );
  const { files, desired, differing } = held;
  if (differing !== undefined && differing.size === 0) {
    return {
      files,
      desired,
      comparison: { added: [], changed: [], removed: [] },
      matches: true,
      via: 'git-index',
    };
  }
  return stage('compare by reading files', async () => {
    const reads = (id: string): boolean => selects(id) && (differing === undefined || differing.has(id));
    const current = (await readOwnedTree(request.root, { clusters: reads })).files;
    const comparison = compareTrees(current, desired);
    return { files, desired, comparison, matches: isSameTree(comparison), current, via: 'files' as const };
  });
}

/** Index entries below `clusters/`, by cluster id then path; files directly in `clusters/` belong to no cluster and are left out. */
type BlobsByCluster = Map<string, Map<string, string>>;

function byCluster(blobs: CommittedBlobs | undefined): BlobsByCluster | undefined {
  if (blobs === undefined) return undefined;
  const grouped: BlobsByCluster = new Map();
  for (const [file, id] of blobs) {
    const cluster = findClusterId(file);
    if (cluster === undefined) continue;
    let files = grouped.get(cluster);
    if (files === undefined) grouped.set(cluster, (files = new Map<string, string>()));
    files.set(file, id);
  }
  return grouped;
}

/** What the render left to compare by reading. */
interface Held {
  readonly files: number;
  /** The rendered files of the clusters in `differing` (of every cluster when it is undefined), sorted. */
  readonly desired: Map<string, string>;
  /** Clusters that differ from the index; undefined when the index cannot stand in for the disk. */
  readonly differing: Set<string> | undefined;
}

/**
 * Consumes the rendered clusters, keeping only the files of those that do not match the
 * index; then marks the selected clusters the intents no longer render that still hold
 * owned files in the index.
 */
async function renderAndMatch(
  root: string,
  clusters: AsyncIterable<ClusterFiles>,
  indexed: () => Promise<BlobsByCluster | undefined>,
  selects: (clusterId: string) => boolean,
): Promise<Held> {
  let files = 0;
  const desired = new Map<string, string>();
  const differing = new Set<string>();
  let blobs: BlobsByCluster | undefined;
  let known = false;
  for await (const cluster of clusters) {
    files += cluster.files.size;
    if (!known) [blobs, known] = [await indexed(), true];
    if (blobs !== undefined && matchesIndex(root, cluster, blobs)) continue;
    differing.add(cluster.cluster);
    for (const [file, text] of cluster.files) desired.set(file, text);
  }
  if (!known) blobs = await indexed();
  if (blobs === undefined) return { files, desired: sorted(desired), differing: undefined };
  for (const [cluster, rest] of blobs) {
    if (selects(cluster) && holdsOwnedFile(root, rest.keys())) differing.add(cluster);
  }
  return { files, desired: sorted(desired), differing };
}

/**
 * True when every file of `cluster` has exactly the bytes of its indexed blob, and no other
 * indexed file of the cluster is one gitops-synth owns (those few are read). The cluster's
 * index entries are taken out of `blobs` either way.
 */
function matchesIndex(root: string, cluster: ClusterFiles, blobs: BlobsByCluster): boolean {
  const indexed = blobs.get(cluster.cluster) ?? new Map<string, string>();
  blobs.delete(cluster.cluster);
  for (const [file, text] of cluster.files) {
    const id = indexed.get(file);
    if (id === undefined || blobId(text, id) !== id) return false;
    indexed.delete(file);
  }
  return !holdsOwnedFile(root, indexed.keys());
}

/** True when any of `files` (indexed, so on disk as indexed) is a file gitops-synth owns. */
function holdsOwnedFile(root: string, files: Iterable<string>): boolean {
  for (const file of files) {
    if (mayBeOwned(file) && isOwnedContent(readFileSync(path.join(root, file), 'utf8'))) return true;
  }
  return false;
}

function sorted(files: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...files.keys()].sort(compareCodeUnits).map((file) => [file, files.get(file) as string]));
}
