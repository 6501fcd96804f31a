/**
 * Builds the cdk8s construct tree for a whole fleet: one App, one Chart per cluster
 * (cluster-scoped objects: Namespaces, the Argo CD Application) and, inside it, one
 * Chart per namespace (everything namespaced). Charts stamp the managed-by and
 * cluster-id labels on every object, and namespace charts set the default namespace.
 *
 * Nothing here renders: see `synth/` for turning the objects into files. Building is
 * linear in the size of the fleet; rendering must stay so too (no `App.synth()`).
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { GitopsSynthError } from '../errors';
import { ApplicationIntent, ClusterIntent, Fleet, OperationIntent } from '../intents/model';
import { addApplicationInstance } from './application-instance';
import { addArgoCdApplication } from './argocd-application';
import { addHelmRelease } from './helm-release';
import { addHelmRepository } from './helm-repository';
import { managedLabels } from './labels';
import { addNamespace } from './namespace';
import { addOperation, DEFAULT_OPERATION_TTL_SECONDS } from './operation';
import { compareCodeUnits, compareKeys } from './order';

/** Where Argo CD clusters read the GitOps repository from. */
export interface ArgoCdRepository {
  readonly repoUrl: string;
  readonly branch: string;
}

/** Options of {@link buildFleetCharts}. */
export interface FleetChartOptions {
  /** Required when any cluster syncs with Argo CD. */
  readonly argoCd?: ArgoCdRepository;
  /** How long the operator keeps finished Operations; one week by default. */
  readonly operationTtlSeconds?: number;
}

/** One cluster's constructs. */
export interface ClusterCharts {
  readonly cluster: ClusterIntent;
  /** The cluster chart; namespace charts are its children. */
  readonly chart: Chart;
  /** Every object of the cluster, in a stable order (the order files are listed in). */
  readonly objects: readonly ApiObject[];
}

/** The construct tree of a fleet. */
export interface FleetCharts {
  readonly app: App;
  /** One entry per cluster, sorted by cluster id. */
  readonly clusters: readonly ClusterCharts[];
}

/** One cluster's applications and operations, each list sorted by namespace and name. */
export interface ClusterIntents {
  readonly applications: ApplicationIntent[];
  readonly operations: OperationIntent[];
}

/** The path of an intent in the tree, for sorting: cluster, namespace, name. */
function intentKey(intent: ApplicationIntent | OperationIntent): string[] {
  return [intent.cluster, intent.namespace, intent.name];
}

/** Groups the fleet's intents by cluster in one pass, each list sorted whatever the input order. */
export function groupByCluster(fleet: Fleet): Map<string, ClusterIntents> {
  const groups = new Map<string, ClusterIntents>(
    fleet.clusters.map((cluster) => [cluster.id, { applications: [], operations: [] }]),
  );
  const groupOf = (intent: ApplicationIntent | OperationIntent): ClusterIntents => {
    const group = groups.get(intent.cluster);
    if (group === undefined) {
      throw new GitopsSynthError(
        'UNKNOWN_CLUSTER',
        `${intent.source.file}: ${intent.source.path}: cluster "${intent.cluster}" is not declared; validation should have caught this`,
        { source: 'internal' },
      );
    }
    return group;
  };
  for (const application of fleet.applications) groupOf(application).applications.push(application);
  for (const operation of fleet.operations) groupOf(operation).operations.push(operation);
  for (const group of groups.values()) {
    group.applications.sort((a, b) => compareKeys(intentKey(a), intentKey(b)));
    group.operations.sort((a, b) => compareKeys(intentKey(a), intentKey(b)));
  }
  return groups;
}

/** Builds the constructs of every cluster of `fleet` in one App. */
export function buildFleetCharts(fleet: Fleet, options: FleetChartOptions = {}): FleetCharts {
  const app = new App();
  const groups = groupByCluster(fleet);
  const clusters = [...fleet.clusters]
    .sort((a, b) => compareCodeUnits(a.id, b.id))
    .map((cluster) =>
      buildClusterCharts(
        app,
        cluster,
        groups.get(cluster.id) ?? { applications: [], operations: [] },
        options,
      ),
    );
  return { app, clusters };
}

/**
 * Builds one cluster's constructs into `app`. Synthesis gives each cluster an App of
 * its own, so a cluster's constructs can be freed as soon as its files are rendered.
 */
export function buildClusterCharts(
  app: App,
  cluster: ClusterIntent,
  intents: ClusterIntents,
  options: FleetChartOptions = {},
): ClusterCharts {
  const chart = new Chart(app, cluster.id, { labels: { ...managedLabels(cluster.id) } });
  const objects: ApiObject[] = [];
  for (const part of buildParts(chart, cluster, intents, options)) objects.push(...part.objects);
  return { cluster, chart, objects };
}

/**
 * {@link buildClusterCharts} a namespace at a time, for callers that render each part
 * and never look at it again: the objects of one namespace (its Namespace first), then
 * the cluster-wide rest; together, the objects of {@link ClusterCharts} in the same
 * order. Once the caller asks for the next part, the previous namespace's chart is
 * removed from the construct tree, so only one namespace's constructs are alive at a
 * time (a cluster of 1,000 applications otherwise keeps them all until its last file).
 */
export function* buildClusterChartsByNamespace(
  app: App,
  cluster: ClusterIntent,
  intents: ClusterIntents,
  options: FleetChartOptions = {},
): Generator<readonly ApiObject[]> {
  const chart = new Chart(app, cluster.id, { labels: { ...managedLabels(cluster.id) } });
  for (const part of buildParts(chart, cluster, intents, options)) {
    yield part.objects;
    if (part.namespaceChart !== undefined) chart.node.tryRemoveChild(part.namespaceChart.node.id);
  }
}

/** Some of a cluster's objects; `namespaceChart` holds those of them that are namespaced. */
interface ClusterPart {
  readonly objects: readonly ApiObject[];
  readonly namespaceChart?: Chart;
}

/** Builds a cluster's objects into its `chart`, a namespace at a time, then the cluster-wide rest. */
function* buildParts(
  chart: Chart,
  cluster: ClusterIntent,
  intents: ClusterIntents,
  options: FleetChartOptions,
): Generator<ClusterPart> {
  const byNamespace = groupByNamespace(intents);
  for (const namespace of [...byNamespace.keys()].sort(compareCodeUnits)) {
    const namespaceObject = addNamespace(chart, namespace);
    const namespaceChart = new Chart(chart, `ns-${namespace}`, {
      namespace,
      labels: { ...managedLabels(cluster.id) },
    });
    const group = byNamespace.get(namespace) ?? { applications: [], operations: [] };
    yield {
      objects: [namespaceObject, ...buildNamespace(namespaceChart, cluster, namespace, group, options)],
      namespaceChart,
    };
  }
  if (cluster.sync === 'argocd') yield { objects: [addArgoCd(chart, cluster, options)] };
}

/** Splits a cluster's (sorted) intents by namespace in one pass, keeping their order. */
function groupByNamespace(intents: ClusterIntents): Map<string, ClusterIntents> {
  const groups = new Map<string, ClusterIntents>();
  const groupOf = (namespace: string): ClusterIntents => {
    let group = groups.get(namespace);
    if (group === undefined) {
      group = { applications: [], operations: [] };
      groups.set(namespace, group);
    }
    return group;
  };
  for (const application of intents.applications)
    groupOf(application.namespace).applications.push(application);
  for (const operation of intents.operations) groupOf(operation.namespace).operations.push(operation);
  return groups;
}

function buildNamespace(
  chart: Chart,
  cluster: ClusterIntent,
  namespace: string,
  { applications, operations }: ClusterIntents,
  options: FleetChartOptions,
): ApiObject[] {
  const objects: ApiObject[] = [];
  if (cluster.helmReleases) {
    objects.push(...applications.map((intent) => addHelmRelease(chart, intent)));
    const repositories = [...new Set(applications.map((intent) => intent.chart.repository))].sort(
      compareCodeUnits,
    );
    objects.push(...repositories.map((url) => addHelmRepository(chart, namespace, url)));
  } else {
    objects.push(...applications.map((intent) => addApplicationInstance(chart, intent)));
  }
  objects.push(
    ...operations.map((intent) =>
      addOperation(chart, intent, options.operationTtlSeconds ?? DEFAULT_OPERATION_TTL_SECONDS),
    ),
  );
  return objects;
}

function addArgoCd(chart: Chart, cluster: ClusterIntent, options: FleetChartOptions): ApiObject {
  if (options.argoCd === undefined) {
    throw new GitopsSynthError(
      'ARGOCD_REPOSITORY_MISSING',
      `cluster "${cluster.id}" syncs with argocd but the charts were built without a repository; synthFleet checks this first`,
      { source: 'internal' },
    );
  }
  return addArgoCdApplication(chart, cluster.id, {
    repoUrl: options.argoCd.repoUrl,
    targetRevision: options.argoCd.branch,
    path: `clusters/${cluster.id}/namespaces`,
  });
}
