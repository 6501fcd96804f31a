import { compareCodeUnits } from '../charts/order';
import { Problem, ValidationError } from '../errors';
import { ClusterIntent, Fleet } from '../intents/model';
import { CrdRegistry, loadCrdRegistry } from '../schema/registry';
import { isKustomizationFile, validateObjectInTree } from '../schema/validate-tree';
import { FleetByCluster, groupFleet, synthGroupedClusters } from '../synth/synth';
import { nowMs, PhaseTimes, SynthOptions, SynthTree } from '../synth/types';
import type { ClusterFiles } from '../tree/write-clusters';

/*
 * The single-threaded render, cluster by cluster, and its schema check. Its own module so
 * that render.ts (which picks workers or not) and render-workers.ts (whose workers and
 * fallback run it) both import it, and neither imports the other's caller.
 */
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
  throwSynthProblems(problems);
}

/**
 * Throws when any synthesized object broke its CRD schema, listing them by file (stable
 * for equal files). Shared by the single-threaded path and the render workers, so both
 * report the same error.
 * @throws ValidationError `SYNTH_OUTPUT_INVALID` (internal): intents passed validation,
 *   so an invalid object is gitops-synth's fault.
 */
export function throwSynthProblems(problems: readonly Problem[]): void {
  if (problems.length === 0) return;
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
