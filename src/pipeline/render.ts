import { compareCodeUnits } from '../charts/order';
import { withLoadingHeap } from '../heap';
import { IntentLimits } from '../intents/limits';
import { loadFleet } from '../intents/load';
import { Fleet } from '../intents/model';
import { checkSelection, ClusterSelection, selectFleet } from '../selection';
import { FleetByCluster, groupFleet } from '../synth/synth';
import { SynthTree } from '../synth/types';
import type { ClusterFiles } from '../tree/write-clusters';
import {
  intentsBytes,
  prestartRenderPool,
  renderValidClustersInWorkers,
  workerCount,
} from './render-workers';
import { expiredOperationPaths, OperationRetention, retainOperations } from './retention';

/** What to render, and how. */
export interface RenderRequest {
  /** The intents file or directory. */
  readonly intents: string;
  /** The GitOps repository URL clusters pull from (Argo CD Applications need it). */
  readonly repoUrl?: string;
  /** The branch clusters follow. */
  readonly branch: string;
  readonly selection: ClusterSelection;
  /** `--operation-retention`: leave out Operations requested longer ago than this. */
  readonly operationRetention?: OperationRetention;
  /** `--max-intents-*`: the size and depth limits of the intents (defaults: DEFAULT_INTENT_LIMITS in intents/limits.ts). */
  readonly limits?: Partial<IntentLimits>;
  /** The environment (`GITOPS_SYNTH_WORKERS`: render threads); by default the process's. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Intents turned into a tree, still in memory. */
export interface Rendered {
  /** The selected part of the fleet. */
  readonly fleet: Fleet;
  /** Every cluster of the intents, selected or not (CODEOWNERS, reviewers). */
  readonly allClusters: Fleet['clusters'];
  /** `sha256:…` of the whole fleet's canonical form (for commit trailers). */
  readonly digest: string;
  /**
   * The same digest, worked out in slices that leave the event loop free, so that a
   * caller can spend its second or so at fleet scale while git runs. Absent on a
   * Rendered made by hand, which has only {@link digest}.
   */
  readonly digestInSlices?: () => Promise<string>;
  /** The tree for the selected clusters: path → bytes. */
  readonly tree: SynthTree;
  /** Paths of the Operations retention left out although the intents list them (sorted). */
  readonly expiredOperations: readonly string[];
}

/** Intents loaded, validated and narrowed to what a run renders. */
export type SelectedIntents = Omit<Rendered, 'tree'>;

/** Loads and validates the intents, then applies the cluster selection and the operation retention. */
export async function loadSelected(request: RenderRequest): Promise<SelectedIntents> {
  // The run's peak memory comes while the intents are validated: the heap grows slowly then.
  const loaded = await withLoadingHeap(() => loadFleet(request.intents, request.limits));
  // Before anything else: a typo in --clusters fails, an empty shard ends the run (no git command, no API call).
  checkSelection(
    loaded.fleet.clusters.map((cluster) => cluster.id),
    request.selection,
  );
  const retained = retainOperations(selectFleet(loaded.fleet, request.selection), request.operationRetention);
  // The digest is read through, so that only a caller that needs it (publish) pays for it.
  return {
    fleet: retained.fleet,
    allClusters: loaded.fleet.clusters,
    expiredOperations: expiredOperationPaths(retained.expired),
    get digest(): string {
      return loaded.digest;
    },
    digestInSlices: () => loaded.digestInSlices(),
  };
}

/**
 * Loads and validates the intents, synthesizes the selected clusters and checks
 * every object against its CRD schema, all before anything is written: a bad
 * intent or a generator bug never reaches the disk.
 */
export async function renderFleet(request: RenderRequest): Promise<Rendered> {
  // Started now, the workers load cdk8s and the schemas while this thread loads the intents.
  const pool = prestartRenderPool(intentsBytes(request.intents), request.env);
  const selected = await loadSelected(request).catch(async (error: unknown) => {
    await pool?.close();
    throw error;
  });
  const options = { repoUrl: request.repoUrl, branch: request.branch };
  const grouped = groupFleet(selected.fleet);
  const workers = pool ?? workerCount(grouped.clusters.length, request.env);
  const files = new Map<string, string>();
  for await (const cluster of renderValidClustersInWorkers(grouped, options, () => true, workers))
    for (const [file, content] of cluster.files) files.set(file, content);
  const tree = new Map(
    [...files.keys()].sort(compareCodeUnits).map((file) => [file, files.get(file) as string]),
  );
  return {
    fleet: selected.fleet,
    allClusters: selected.allClusters,
    expiredOperations: selected.expiredOperations,
    tree,
    get digest(): string {
      return selected.digest;
    },
    digestInSlices: selected.digestInSlices,
  };
}

/**
 * {@link renderFleet} without the tree: each cluster's files as its render finishes, in
 * cluster id order. The loaded intents are kept only as the grouped intents rendering
 * consumes, so at the end of a large run almost none are alive, and a caller that lets
 * each cluster's files go (`check`) holds one cluster at a time. `onSelected` is called
 * once the intents are loaded and the selection holds a cluster, before the first render:
 * work a caller starts there overlaps the rendering, and never runs for an empty shard.
 */
export async function* renderClusters(
  request: RenderRequest,
  onSelected?: () => void,
): AsyncGenerator<ClusterFiles> {
  // Started now, the workers load cdk8s and the schemas while this thread loads the intents.
  const pool = prestartRenderPool(intentsBytes(request.intents), request.env);
  const grouped = await loadGrouped(request).catch(async (error: unknown) => {
    await pool?.close();
    throw error;
  });
  onSelected?.();
  const options = { repoUrl: request.repoUrl, branch: request.branch };
  const count = pool ?? workerCount(grouped.clusters.length, request.env);
  yield* renderValidClustersInWorkers(grouped, options, () => true, count);
}

/** The selected intents grouped by cluster, with no reference to the loaded fleet kept (a separate frame, so none lingers in the generator's). */
async function loadGrouped(request: RenderRequest): Promise<FleetByCluster> {
  return groupFleet((await loadSelected(request)).fleet);
}

export { renderValidClusters, renderValidTree } from './render-clusters';
