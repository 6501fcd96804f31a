/**
 * Intents to tree: builds the fleet's cdk8s constructs and renders each object to its
 * own file. Pure: nothing is read from or written to disk.
 *
 * Each `ApiObject` is rendered with its own `toJson()`. cdk8s's `App.synth()` and
 * `Chart.toJson()` re-walk the whole App (dependency resolution and validation) for
 * every chart, which is quadratic in the fleet; per-object rendering is linear and,
 * since the charts declare no dependencies and no validations, gives the same objects.
 */
import { ApiObject, App } from 'cdk8s';
import {
  buildClusterChartsByNamespace,
  buildFleetCharts,
  ClusterIntents,
  FleetCharts,
  groupByCluster,
} from '../charts/fleet-chart';
import { compareCodeUnits } from '../charts/order';
import { GitopsSynthError } from '../errors';
import { ClusterIntent, Fleet } from '../intents/model';
import { buildKustomization } from './kustomization';
import { kustomizationPath, manifestPath, namespacesDirectory } from './layout';
import { asManifestData } from './manifest-data';
import { DEFAULT_BRANCH, nowMs, PhaseTimes, SynthOptions, SynthTree } from './types';
import { toManifestYaml } from './yaml';

/**
 * The repository URL Argo CD clusters need, checked before anything is built.
 * @throws GitopsSynthError `REPO_URL_REQUIRED` when a cluster syncs with Argo CD and no URL was given.
 */
export function findArgoCdRepository(
  fleet: Pick<Fleet, 'clusters'>,
  options: SynthOptions,
): { repoUrl: string; branch: string } | undefined {
  const argoCdClusters = fleet.clusters
    .filter((cluster) => cluster.sync === 'argocd')
    .map((cluster) => cluster.id)
    .sort(compareCodeUnits);
  if (argoCdClusters.length === 0) return undefined;
  if (options.repoUrl === undefined || options.repoUrl === '') {
    const hint = 'pass --repo <url> or set `repo` in the config file';
    throw new GitopsSynthError(
      'REPO_URL_REQUIRED',
      `cluster${argoCdClusters.length === 1 ? '' : 's'} ${argoCdClusters.map((id) => `"${id}"`).join(', ')} sync${argoCdClusters.length === 1 ? 's' : ''} with argocd, whose Application must name the GitOps repository to pull from, but no repository URL was given: ${hint}`,
      { source: 'user', hint },
    );
  }
  return { repoUrl: options.repoUrl, branch: options.branch ?? DEFAULT_BRANCH };
}

/** Renders one object: its path, its YAML and its JSON. */
function renderObject(clusterId: string, object: ApiObject): [string, string, unknown] {
  const json = object.toJson() as {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string };
  };
  const path = manifestPath(clusterId, {
    apiVersion: json.apiVersion,
    kind: json.kind,
    name: json.metadata.name,
    namespace: json.metadata.namespace,
  });
  return [path, toManifestYaml(json), json];
}

/** Where {@link renderCluster} puts its output; `objects` only when the caller wants them. */
interface RenderSink {
  readonly files: Map<string, string>;
  readonly objects?: { set(path: string, data: unknown): unknown };
}

/**
 * Renders one cluster's files, its kustomization included, into `sink`: `parts` are
 * its objects in file-listing order, in as many lists as the builder hands them over.
 */
function renderCluster(
  cluster: ClusterIntent,
  parts: Iterable<readonly ApiObject[]>,
  sink: RenderSink,
  times?: PhaseTimes,
): void {
  const prefix = `${namespacesDirectory(cluster.id)}/`;
  const resources: string[] = [];
  for (const objects of timedParts(parts, times)) {
    for (const object of objects) {
      const [path, content, json] = renderObject(cluster.id, object);
      if (sink.files.has(path)) {
        throw new GitopsSynthError(
          'DUPLICATE_PATH',
          `two objects of cluster "${cluster.id}" map to ${path}`,
          { source: 'internal' },
        );
      }
      sink.files.set(path, content);
      // Taken after writing: the YAML writer has already refused anything that is not JSON data.
      // Not copied: the JSON is this call's own, and the file is already written from it.
      sink.objects?.set(path, asManifestData(json));
      if (path.startsWith(prefix)) resources.push(path.slice(prefix.length));
    }
  }
  const kustomization = buildKustomization(cluster.id, resources);
  sink.files.set(kustomizationPath(cluster.id), toManifestYaml(kustomization));
  sink.objects?.set(kustomizationPath(cluster.id), asManifestData(kustomization));
}

/** `parts` as they are built, adding the time each takes to `times.buildMs`. */
function* timedParts(
  parts: Iterable<readonly ApiObject[]>,
  times: PhaseTimes | undefined,
): Generator<readonly ApiObject[]> {
  if (times === undefined) {
    yield* parts;
    return;
  }
  const iterator = parts[Symbol.iterator]();
  for (;;) {
    const started = nowMs();
    const step = iterator.next();
    times.buildMs += nowMs() - started;
    if (step.done === true) return;
    yield step.value;
  }
}

/** A map sorted by path (code units), as {@link SynthTree} promises. */
function sortedByPath<T>(entries: ReadonlyMap<string, T>): Map<string, T> {
  const paths = [...entries.keys()].sort(compareCodeUnits);
  return new Map(paths.map((path) => [path, entries.get(path) as T]));
}

/**
 * Renders built constructs to the tree: each object with its own `toJson()` (never
 * `App.synth()` or `Chart.toJson()`, which are quadratic), plus each cluster's
 * kustomization. Exposed so tests can hold the result against cdk8s's own rendering
 * of the very same constructs.
 */
export function renderFleetCharts(charts: FleetCharts): SynthTree {
  const files = new Map<string, string>();
  for (const { cluster, objects } of charts.clusters) renderCluster(cluster, [objects], { files });
  return sortedByPath(files);
}

/** A synthesized tree together with the data of each of its files. */
export interface SynthResult {
  /** Exactly what {@link synthFleet} returns for the same fleet and options. */
  readonly tree: SynthTree;
  /**
   * Tree path → the object its file holds (JSON data, as a YAML reader gets it back
   * from the file), for every path of `tree`, in the same order. Checkers use it
   * to skip parsing the YAML synthesis has just written.
   */
  readonly objects: ReadonlyMap<string, unknown>;
}

/** {@link renderFleetCharts}, also keeping each file's object. */
export function renderFleetChartsWithObjects(charts: FleetCharts): SynthResult {
  const sink = { files: new Map<string, string>(), objects: new Map<string, unknown>() };
  for (const { cluster, objects } of charts.clusters) renderCluster(cluster, [objects], sink);
  return { tree: sortedByPath(sink.files), objects: sortedByPath(sink.objects) };
}

/**
 * Synthesizes the GitOps tree of `fleet`: every cluster's objects, one per file, and
 * each cluster's `namespaces/kustomization.yaml`, as a map sorted by path. The same
 * fleet gives byte-identical files whatever the order of its lists, the time zone or
 * the locale.
 * @throws GitopsSynthError `REPO_URL_REQUIRED` (user) when a cluster syncs with Argo CD and `options.repoUrl` is missing.
 */
export function synthFleet(fleet: Fleet, options: SynthOptions = {}): SynthTree {
  const argoCd = findArgoCdRepository(fleet, options);
  return renderFleetCharts(
    buildFleetCharts(fleet, { argoCd, operationTtlSeconds: options.operationTtlSeconds }),
  );
}

/**
 * {@link synthFleet} (the same tree, byte for byte), plus the object each file holds,
 * so the output can be validated without parsing it back.
 * @throws GitopsSynthError `REPO_URL_REQUIRED` (user) when a cluster syncs with Argo CD and `options.repoUrl` is missing.
 */
export function synthFleetWithObjects(fleet: Fleet, options: SynthOptions = {}): SynthResult {
  const argoCd = findArgoCdRepository(fleet, options);
  return renderFleetChartsWithObjects(
    buildFleetCharts(fleet, { argoCd, operationTtlSeconds: options.operationTtlSeconds }),
  );
}

/** One cluster's synthesized files, with the object each file holds. */
export interface ClusterSynth {
  readonly cluster: ClusterIntent;
  /** The cluster's files (tree path → bytes), sorted by path. */
  readonly files: ReadonlyMap<string, string>;
  /** Tree path → the object its file holds (see {@link SynthResult.objects}). */
  readonly objects: ReadonlyMap<string, unknown>;
}

/**
 * A fleet grouped by cluster for {@link synthGroupedClusters}, which lets go of each
 * cluster's intents once its files are rendered: the caller that drops its own
 * reference to the fleet then holds the intents of the clusters still to come only.
 */
export interface FleetByCluster {
  readonly clusters: readonly ClusterIntent[];
  /** Cluster id → its intents; entries are deleted as clusters are synthesized. */
  readonly intents: Map<string, ClusterIntents>;
}

/** Groups `fleet` for {@link synthGroupedClusters} (the fleet itself is not changed). */
export function groupFleet(fleet: Fleet): FleetByCluster {
  return {
    clusters: [...fleet.clusters].sort((a, b) => compareCodeUnits(a.id, b.id)),
    intents: groupByCluster(fleet),
  };
}

/**
 * Synthesizes `fleet` one cluster at a time, in cluster id order, each in an App of its
 * own, built and rendered a namespace at a time: a caller that validates and keeps only
 * the files of each cluster holds one namespace's constructs and one cluster's objects
 * at a time, not the fleet's (100,000 objects would otherwise need gigabytes). The files
 * are byte for byte those of {@link synthFleet}. `include` leaves clusters out before
 * anything of theirs is built.
 * @throws GitopsSynthError `REPO_URL_REQUIRED` (user) when a cluster syncs with Argo CD and `options.repoUrl` is missing.
 */
export function synthClusters(
  fleet: Fleet,
  options: SynthOptions = {},
  include: (cluster: ClusterIntent) => boolean = () => true,
): Generator<ClusterSynth> {
  return synthGroupedClusters(groupFleet(fleet), options, include);
}

/**
 * {@link synthClusters} over a grouped fleet, deleting each cluster's intents from
 * `fleet.intents` once they are built (or left out by `include`). With `onObject`,
 * each file's object is handed to it as soon as it is rendered, and not kept in
 * {@link ClusterSynth.objects} (which is then empty). `times`, when given, adds up
 * the time spent building constructs.
 * @throws GitopsSynthError `REPO_URL_REQUIRED` (user) when a cluster syncs with Argo CD and `options.repoUrl` is missing.
 */
export function* synthGroupedClusters(
  fleet: FleetByCluster,
  options: SynthOptions = {},
  include: (cluster: ClusterIntent) => boolean = () => true,
  onObject?: (path: string, data: unknown) => void,
  times?: PhaseTimes,
): Generator<ClusterSynth> {
  const argoCd = findArgoCdRepository(fleet, options);
  for (const cluster of fleet.clusters) {
    const intents = fleet.intents.get(cluster.id) ?? { applications: [], operations: [] };
    fleet.intents.delete(cluster.id);
    if (!include(cluster)) continue;
    const parts = buildClusterChartsByNamespace(new App(), cluster, intents, {
      argoCd,
      operationTtlSeconds: options.operationTtlSeconds,
    });
    const objects = new Map<string, unknown>();
    // Handed over as soon as it is rendered, an object's data dies young instead of living as long as its cluster.
    const sink = {
      files: new Map<string, string>(),
      objects: onObject === undefined ? objects : { set: onObject },
    };
    renderCluster(cluster, parts, sink, times);
    yield { cluster, files: sortedByPath(sink.files), objects: sortedByPath(objects) };
  }
}
