/**
 * Synthetic fleets in the intents format (v1alpha1) for the benchmark: `size`
 * ApplicationInstances, 100 per namespace, 10 namespaces per cluster, one Operation
 * per ten applications, with nested values shaped like real Helm values. Pure and
 * deterministic: the same size always gives the same bytes.
 */

/** How a synthetic fleet is laid out. */
export interface FleetShape {
  /** ApplicationInstances in the whole fleet (a multiple of 1,000). */
  readonly applications: number;
  readonly perNamespace: number;
  readonly namespacesPerCluster: number;
  /** One Operation per this many applications. */
  readonly applicationsPerOperation: number;
}

/** The shape the issue asks for, at `applications` ApplicationInstances. */
export function fleetShape(applications: number): FleetShape {
  return { applications, perNamespace: 100, namespacesPerCluster: 10, applicationsPerOperation: 10 };
}

/** The id of cluster `index` (zero-padded, so ids sort like their numbers). */
export function clusterId(index: number): string {
  return `cluster-${String(index).padStart(4, '0')}`;
}

/** How many clusters a shape has. */
export function clusterCount(shape: FleetShape): number {
  return Math.ceil(shape.applications / (shape.perNamespace * shape.namespacesPerCluster));
}

const APPS = [
  {
    app: 'nextcloud',
    chart: 'nextcloud',
    repository: 'https://charts.example.org/stable',
    version: '28.0.4',
    chartVersion: '4.6.2',
  },
  {
    app: 'gitea',
    chart: 'gitea',
    repository: 'oci://registry.example.org/charts',
    version: '1.22.3',
    chartVersion: '10.4.1',
  },
  {
    app: 'odoo',
    chart: 'odoo',
    repository: 'https://charts.example.org/stable',
    version: '17.0',
    chartVersion: '26.2.0',
  },
  {
    app: 'wikijs',
    chart: 'wiki',
    repository: 'https://charts.example.org/community',
    version: '2.5.303',
    chartVersion: '2.2.21',
  },
];

/** Helm values as a control plane writes them: a few levels deep, strings that look like numbers, lists. */
function values(name: string, index: number): Record<string, unknown> {
  return {
    replicas: 1 + (index % 3),
    image: { tag: `1.${index % 20}.${index % 7}`, pullPolicy: 'IfNotPresent' },
    ingress: {
      enabled: true,
      host: `${name}.example.org`,
      tls: index % 2 === 0,
      annotations: {
        'cert-manager.io/cluster-issuer': 'letsencrypt',
        'nginx.ingress.kubernetes.io/proxy-body-size': '512m',
      },
    },
    persistence: {
      size: `${10 * (1 + (index % 10))}Gi`,
      storageClass: 'ceph-rbd',
      accessModes: ['ReadWriteOnce'],
    },
    resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '2', memory: '2Gi' } },
    env: [
      { name: 'TZ', value: 'Europe/Berlin' },
      { name: 'LOG_LEVEL', value: index % 5 === 0 ? 'debug' : 'info' },
    ],
    backup: { schedule: `${index % 60} 2 * * *`, retention: '14d' },
  };
}

/** One cluster's intents document (applications and operations), as JSON data. */
export function clusterIntents(shape: FleetShape, cluster: number): Record<string, unknown> {
  const id = clusterId(cluster);
  const applications: unknown[] = [];
  const operations: unknown[] = [];
  for (let ns = 0; ns < shape.namespacesPerCluster; ns += 1) {
    const namespace = `org-${String(ns).padStart(2, '0')}`;
    for (let n = 0; n < shape.perNamespace; n += 1) {
      const index = (cluster * shape.namespacesPerCluster + ns) * shape.perNamespace + n;
      const app = APPS[index % APPS.length];
      const name = `${app.app}-${ns}-${n}`;
      applications.push({
        cluster: id,
        namespace,
        name,
        app: app.app,
        version: app.version,
        chart: { repository: app.repository, name: app.chart, version: app.chartVersion },
        values: values(`${name}.${id}`, index),
        ...(index % 4 === 0
          ? { valuesFrom: [{ kind: 'Secret', name: `${name}-admin`, valuesKey: 'values.yaml' }] }
          : {}),
      });
      if (n % shape.applicationsPerOperation === 0) {
        operations.push({
          cluster: id,
          namespace,
          name: `${name}-backup-2026-05-28`,
          type: 'backup',
          target: name,
          requestedAt: '2026-05-28T02:00:00Z',
          requestedBy: 'control-plane@vworkspace.example.org',
          parameters: { keep: 7 },
        });
      }
    }
  }
  return { apiVersion: 'gitops.vworkspace.io/v1alpha1', kind: 'Intents', applications, operations };
}

/** The clusters document of the fleet. */
export function clustersIntents(shape: FleetShape): Record<string, unknown> {
  const clusters = Array.from({ length: clusterCount(shape) }, (_, index) => ({
    id: clusterId(index),
    sync: 'flux',
    helmReleases: false,
    owners: [`@acme/team-${index % 10}`],
  }));
  return { apiVersion: 'gitops.vworkspace.io/v1alpha1', kind: 'Intents', clusters };
}

/**
 * The fleet's intents files (name → text): `clusters.json` and one
 * `<cluster-id>.json` per cluster, as a control plane exports them.
 */
export function fleetFiles(shape: FleetShape): Map<string, string> {
  const files = new Map<string, string>([
    ['clusters.json', `${JSON.stringify(clustersIntents(shape), null, 2)}\n`],
  ]);
  for (let cluster = 0; cluster < clusterCount(shape); cluster += 1) {
    files.set(`${clusterId(cluster)}.json`, `${JSON.stringify(clusterIntents(shape, cluster), null, 2)}\n`);
  }
  return files;
}
