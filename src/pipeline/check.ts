import { clusterFilter } from '../selection';
import { readOwnedTree } from '../tree/read';
import { compareTrees, isSameTree, type TreeComparison } from './compare';
import { renderFleet, type Rendered, type RenderRequest } from './render';

/** What {@link checkTree} compares: the rendering request and the tree on disk. */
export interface CheckRequest extends RenderRequest {
  /** The repository root whose `clusters/` is checked (absolute). */
  readonly root: string;
}

/** The outcome of {@link checkTree}. */
export interface CheckResult {
  /** What the intents produce (never written). */
  readonly rendered: Rendered;
  /** The owned files of the selected clusters under `root`, by tree path. */
  readonly current: ReadonlyMap<string, string>;
  readonly comparison: TreeComparison;
  /** True when the tree on disk is exactly what the intents produce. */
  readonly matches: boolean;
}

/**
 * `gitops-synth check` as a function: renders the intents in memory and compares
 * them with the owned files under `root`, for the selected clusters. Writes nothing.
 */
export async function checkTree(request: CheckRequest): Promise<CheckResult> {
  const rendered = await renderFleet(request);
  const current = await readOwnedTree(request.root, { clusters: clusterFilter(request.selection) });
  const comparison = compareTrees(current.files, rendered.tree);
  return { rendered, current: current.files, comparison, matches: isSameTree(comparison) };
}
