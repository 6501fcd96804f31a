import { compareCodeUnits } from '../charts/order';
import { Problem, ValidationError } from '../errors';
import { IntentLimits } from '../intents/limits';
import { loadFleet } from '../intents/load';
import { ClusterIntent, Fleet } from '../intents/model';
import { CrdRegistry, loadCrdRegistry } from '../schema/registry';
import { isKustomizationFile, validateObjectInTree } from '../schema/validate-tree';
import { checkSelection, ClusterSelection, selectFleet } from '../selection';
import { FleetByCluster, groupFleet, synthGroupedClusters } from '../synth/synth';
import { nowMs, PhaseTimes, SynthOptions, SynthTree } from '../synth/types';
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
  /** The tree for the selected clusters: path → bytes. */
  readonly tree: SynthTree;
  /** Paths of the Operations retention left out although the intents list them (sorted). */
  readonly expiredOperations: readonly string[];
}

/** Intents loaded, validated and narrowed to what a run renders. */
export type SelectedIntents = Omit<Rendered, 'tree'>;

/** Loads and validates the intents, then applies the cluster selection and the operation retention. */
export async function loadSelected(request: RenderRequest): Promise<SelectedIntents> {
  const loaded = await loadFleet(request.intents, request.limits);
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
  };
}

/**
 * {@link renderFleet} without the tree: each cluster's files as its render finishes, in
 * cluster id order. The loaded intents are kept only as the grouped intents rendering
 * consumes, so at the end of a large run almost none are alive, and a caller that lets
 * each cluster's files go (`check`) holds one cluster at a time.
 */
export async function* renderClusters(request: RenderRequest): AsyncGenerator<ClusterFiles> {
  // Started now, the workers load cdk8s and the schemas while this thread loads the intents.
  const pool = prestartRenderPool(intentsBytes(request.intents), request.env);
  const grouped = await loadGrouped(request).catch(async (error: unknown) => {
    await pool?.close();
    throw error;
  });
  const options = { repoUrl: request.repoUrl, branch: request.branch };
  const count = pool ?? workerCount(grouped.clusters.length, request.env);
  yield* renderValidClustersInWorkers(grouped, options, () => true, count);
}

/** The selected intents grouped by cluster, with no reference to the loaded fleet kept (a separate frame, so none lingers in the generator's). */
async function loadGrouped(request: RenderRequest): Promise<FleetByCluster> {
  return groupFleet((await loadSelected(request)).fleet);
}

/**
 * Synthesizes `fleet` cluster by cluster, validating each cluster's objects as they were
 * built (no YAML is parsed back), and yields each cluster's files: the constructs and
 * objects of one cluster are alive at a time. `include` leaves clusters out. Given a
 * {@link FleetByCluster}, each cluster's intents are deleted from it once rendered; `times`
 * adds up where the time goes. When any
 * object breaks its schema, the remaining clusters are still checked (so every problem
 * is reported) but no longer yielded, and the generator throws after the last one:
 * a consumer that applies nothing before the generator is done writes nothing. `loaded`
 * is the CRD registry to validate with (by default the shipped CRDs, loaded here).
 * @throws ValidationError `SYNTH_OUTPUT_INVALID` (internal) listing every object that breaks its CRD schema.
 */
export function* renderValidClusters(
  fleet: Fleet | FleetByCluster,
  options: SynthOptions,
  include?: (cluster: ClusterIntent) => boolean,
  times?: PhaseTimes,
  loaded?: CrdRegistry,
): Generator<ClusterFiles> {
  // Loading the schemas is part of validating (it costs most of a small run's validation).
  const loadStarted = times === undefined ? 0 : nowMs();
  // A render worker loads them once for all the clusters it renders.
  const registry = loaded ?? loadCrdRegistry();
  if (times !== undefined) times.validateMs += nowMs() - loadStarted;
  const problems: Problem[] = [];
  // A grouped fleet is consumed: each cluster's intents are let go once its files are rendered.
  const grouped = 'intents' in fleet ? fleet : groupFleet(fleet);
  // Each object is checked as soon as it is rendered; a kustomization waits for its cluster's files, whose existence it checks.
  const kustomizations: Array<[string, unknown]> = [];
  const check = (file: string, data: unknown): void => {
    const started = times === undefined ? 0 : nowMs();
    if (isKustomizationFile(file)) kustomizations.push([file, data]);
    else problems.push(...validateObjectInTree(file, data, registry, () => true));
    if (times !== undefined) times.validateMs += nowMs() - started;
  };
  for (const cluster of synthGroupedClusters(grouped, options, include, check, times)) {
    const started = times === undefined ? 0 : nowMs();
    for (const [file, data] of kustomizations.splice(0))
      problems.push(...validateObjectInTree(file, data, registry, (path) => cluster.files.has(path)));
    if (times !== undefined) times.validateMs += nowMs() - started;
    if (problems.length === 0) yield { cluster: cluster.cluster.id, files: cluster.files };
  }
  if (problems.length > 0) {
    // Intents passed validation, so an invalid object is gitops-synth's fault.
    const byFile = problems
      .map((problem, index) => ({ problem, index }))
      .sort((a, b) => compareCodeUnits(a.problem.file, b.problem.file) || a.index - b.index);
    throw new ValidationError(
      'SYNTH_OUTPUT_INVALID',
      'synthesized objects break their CRD schemas; nothing was written',
      byFile.map(({ problem }) => problem),
      { source: 'internal' },
    );
  }
}

/**
 * {@link renderValidClusters} gathered into one tree, sorted by path.
 * @throws ValidationError `SYNTH_OUTPUT_INVALID` (internal) listing every object that breaks its CRD schema.
 */
export function renderValidTree(
  fleet: Fleet,
  options: SynthOptions,
  include?: (cluster: ClusterIntent) => boolean,
): SynthTree {
  const files = new Map<string, string>();
  for (const cluster of renderValidClusters(fleet, options, include)) {
    for (const [file, content] of cluster.files) files.set(file, content);
  }
  return new Map([...files.keys()].sort(compareCodeUnits).map((file) => [file, files.get(file) as string]));
}
