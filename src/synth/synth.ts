/**
 * Intents to tree: builds the fleet's cdk8s constructs and renders each object to its
 * own file. Pure: nothing is read from or written to disk.
 *
 * Each `ApiObject` is rendered with its own `toJson()`. cdk8s's `App.synth()` and
 * `Chart.toJson()` re-walk the whole App (dependency resolution and validation) for
 * every chart, which is quadratic in the fleet; per-object rendering is linear and,
 * since the charts declare no dependencies and no validations, gives the same objects.
 */
import { ApiObject } from 'cdk8s';
import { buildFleetCharts, ClusterCharts, FleetCharts } from '../charts/fleet-chart';
import { compareCodeUnits } from '../charts/order';
import { GitopsSynthError } from '../errors';
import { Fleet } from '../intents/model';
import { buildKustomization } from './kustomization';
import { kustomizationPath, manifestPath, namespacesDirectory } from './layout';
import { DEFAULT_BRANCH, SynthOptions, SynthTree } from './types';
import { toManifestYaml } from './yaml';

/**
 * The repository URL Argo CD clusters need, checked before anything is built.
 * @throws GitopsSynthError `REPO_URL_REQUIRED` when a cluster syncs with Argo CD and no URL was given.
 */
function findArgoCdRepository(fleet: Fleet, options: SynthOptions): { repoUrl: string; branch: string } | undefined {
  const argoCdClusters = fleet.clusters.filter((cluster) => cluster.sync === 'argocd').map((cluster) => cluster.id).sort(compareCodeUnits);
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

/** Renders one object: its path and its YAML. */
function renderObject(clusterId: string, object: ApiObject): [string, string] {
  const json = object.toJson() as { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };
  const path = manifestPath(clusterId, { apiVersion: json.apiVersion, kind: json.kind, name: json.metadata.name, namespace: json.metadata.namespace });
  return [path, toManifestYaml(json)];
}

/** Renders one cluster's files, its kustomization included, into `files`. */
function renderCluster({ cluster, objects }: ClusterCharts, files: Map<string, string>): void {
  const prefix = `${namespacesDirectory(cluster.id)}/`;
  const resources: string[] = [];
  for (const object of objects) {
    const [path, content] = renderObject(cluster.id, object);
    if (files.has(path)) {
      throw new GitopsSynthError('DUPLICATE_PATH', `two objects of cluster "${cluster.id}" map to ${path}`, { source: 'internal' });
    }
    files.set(path, content);
    if (path.startsWith(prefix)) resources.push(path.slice(prefix.length));
  }
  files.set(kustomizationPath(cluster.id), toManifestYaml(buildKustomization(cluster.id, resources)));
}

/**
 * Renders built constructs to the tree: each object with its own `toJson()` (never
 * `App.synth()` or `Chart.toJson()`, which are quadratic), plus each cluster's
 * kustomization. Exposed so tests can hold the result against cdk8s's own rendering
 * of the very same constructs.
 */
export function renderFleetCharts(charts: FleetCharts): SynthTree {
  const files = new Map<string, string>();
  for (const cluster of charts.clusters) renderCluster(cluster, files);
  const paths = [...files.keys()].sort(compareCodeUnits);
  return new Map(paths.map((path) => [path, files.get(path) as string]));
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
  return renderFleetCharts(buildFleetCharts(fleet, { argoCd, operationTtlSeconds: options.operationTtlSeconds }));
}
