/**
 * `gitops-synth check` as a library call: is the tree under `root` exactly what the
 * intents produce? The CI gate of every pull request, so it runs on fresh clones: when
 * the working tree is what Git has indexed, each rendered file is held against the blob
 * id already in the index (`git ls-files -s`) instead of being read back from disk. Only
 * a tree that matches is answered that way; any difference, and any tree Git cannot speak
 * for, is compared by reading the files, so the findings and the diff are always those of
 * a byte-for-byte comparison.
 */
import { clusterFilter } from '../selection';
import { blobId, CommittedBlobs, findCommittedBlobs } from '../tree/git-blobs';
import { isOwnedContent, mayBeOwned } from '../tree/ownership';
import { findClusterId } from '../tree/paths';
import { readOwnedTree } from '../tree/read';
import { readFileSync } from 'fs';
import * as path from 'path';
import { compareTrees, isSameTree, TreeComparison } from './compare';
import { Rendered, renderFleet, RenderRequest } from './render';
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
  /** What the intents produce (never written). */
  readonly rendered: Rendered;
  readonly comparison: TreeComparison;
  /** True when the tree on disk is exactly what the intents produce. */
  readonly matches: boolean;
  /** The owned files on disk, read only when the tree differs (for the diff). */
  readonly current?: ReadonlyMap<string, string>;
  /** How the answer was reached: from Git's blob ids, or by reading every file. */
  readonly via: 'git-index' | 'files';
}

const runStage: StageRunner = async (_stage, body) => body();

/** Renders the intents and compares them with the tree under `request.root` (see the module comment). */
export async function checkTree(request: CheckRequest): Promise<CheckResult> {
  const stage = request.stage ?? runStage;
  const rendered = await stage('render (load, synthesize, validate)', () => renderFleet(request));
  const selects = clusterFilter(request.selection);
  const matches = await stage('compare with Git blob ids', async () => {
    const blobs = await findCommittedBlobs(request.root, request.env ?? process.env);
    return blobs !== undefined && matchesIndex(request.root, rendered.tree, blobs, selects);
  });
  if (matches) {
    return { rendered, comparison: { added: [], changed: [], removed: [] }, matches, via: 'git-index' };
  }
  return stage('compare by reading files', async () => {
    const current = (await readOwnedTree(request.root, { clusters: selects })).files;
    const comparison = compareTrees(current, rendered.tree);
    return { rendered, comparison, matches: isSameTree(comparison), current, via: 'files' as const };
  });
}

/**
 * True when every rendered file has exactly the bytes of its indexed blob, and no other
 * indexed file of a selected cluster is one gitops-synth owns (those few are read).
 */
function matchesIndex(
  root: string,
  tree: ReadonlyMap<string, string>,
  blobs: CommittedBlobs,
  selects: (clusterId: string) => boolean,
): boolean {
  for (const [file, text] of tree) {
    const id = blobs.get(file);
    if (id === undefined || blobId(text, id) !== id) return false;
  }
  for (const file of blobs.keys()) {
    if (tree.has(file)) continue;
    const cluster = findClusterId(file);
    if (cluster === undefined || !selects(cluster) || !mayBeOwned(file)) continue;
    if (isOwnedContent(readFileSync(path.join(root, file), 'utf8'))) return false;
  }
  return true;
}
