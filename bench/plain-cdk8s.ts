/**
 * The baseline a user would recognize: the cdk8s program a new user writes for this fleet,
 * with no gitops-synth code in it. It reads the intents files with `JSON.parse`, makes one
 * `Chart` per cluster and namespace with one `ApiObject` per object (the Namespace, each
 * ApplicationInstance and Operation, with the same fields gitops-synth writes), and runs
 * `App.synth()` with a folder per chart and a file per object
 * (`YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE`), so it writes about as many files
 * as gitops-synth and the write floor do (no kustomization files).
 */
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { stage, StageFigures } from './measure';

interface Intent {
  cluster: string;
  namespace: string;
  name: string;
  [field: string]: unknown;
}

const LABELS = { 'app.vworkspace.io/managed-by': 'control-plane' };

function readIntents(dir: string): { applications: Intent[]; operations: Intent[] } {
  const applications: Intent[] = [];
  const operations: Intent[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as {
      applications?: Intent[];
      operations?: Intent[];
    };
    applications.push(...(doc.applications ?? []));
    operations.push(...(doc.operations ?? []));
  }
  return { applications, operations };
}

/** One chart per cluster and namespace, as the cdk8s docs build one chart per deployable unit. */
function build(app: App, intents: { applications: Intent[]; operations: Intent[] }): void {
  const charts = new Map<string, Chart>();
  const chartOf = (cluster: string, namespace: string): Chart => {
    const key = `${cluster}/${namespace}`;
    let chart = charts.get(key);
    if (chart === undefined) {
      chart = new Chart(app, `${cluster}-${namespace}`, {
        labels: { ...LABELS, 'app.vworkspace.io/cluster-id': cluster },
      });
      new ApiObject(chart, 'namespace', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
      });
      charts.set(key, chart);
    }
    return chart;
  };
  for (const {
    cluster,
    namespace,
    name,
    app: appName,
    version,
    chart,
    values,
    valuesFrom,
  } of intents.applications) {
    new ApiObject(chartOf(cluster, namespace), `app-${name}`, {
      apiVersion: 'apps.vworkspace.io/v1alpha1',
      kind: 'ApplicationInstance',
      metadata: {
        name,
        namespace,
        labels: { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/name': String(appName) },
      },
      spec: { app: appName, chart, values, valuesFrom, version },
    });
  }
  for (const {
    cluster,
    namespace,
    name,
    type,
    target,
    requestedAt,
    requestedBy,
    parameters,
  } of intents.operations) {
    new ApiObject(chartOf(cluster, namespace), `op-${name}`, {
      apiVersion: 'ops.vworkspace.io/v1alpha1',
      kind: 'Operation',
      metadata: { name, namespace, labels: { 'ops.vworkspace.io/target': String(target) } },
      spec: { parameters, requestedAt, requestedBy, target, ttlSecondsAfterFinished: 604800, type },
    });
  }
}

/** Runs the plain program on `intentsDir`, writing under `outdir`, each stage timed. */
export async function plainCdk8s(intentsDir: string, outdir: string): Promise<{ stages: StageFigures[] }> {
  const stages: StageFigures[] = [];
  const intents = await stage('read intents (JSON.parse)', stages, () => readIntents(intentsDir));
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  await stage('build charts', stages, () => build(app, intents));
  await stage('App.synth()', stages, () => app.synth());
  return { stages };
}
