import { ApiObject, App } from 'cdk8s';
import {
  buildClusterCharts,
  buildClusterChartsByNamespace,
  buildFleetCharts,
  groupByCluster,
} from '../../src/charts/fleet-chart';
import { nullRestoringPatches } from '../../src/charts/json-nulls';
import { GitopsSynthError } from '../../src/errors';
import { CLUSTER_ID_LABEL, MANAGED_BY_LABEL } from '../../src/labels';
import { application, operation, smallFleet } from '../synth/fixtures';

type Json = {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
};
const ARGO = { argoCd: { repoUrl: 'https://git.example.com/fleet.git', branch: 'main' } };

function render(objects: readonly ApiObject[]): Json[] {
  return objects.map((object) => object.toJson() as Json);
}

describe('buildFleetCharts', () => {
  it('GIVEN the small fleet WHEN built THEN every object carries the managed-by and its cluster-id labels', () => {
    const { clusters } = buildFleetCharts(smallFleet(), ARGO);
    expect(clusters.map((c) => c.cluster.id)).toEqual(['edge-argo', 'edge-flux', 'edge-helm']);
    for (const { cluster, objects } of clusters) {
      for (const json of render(objects)) {
        expect(json.metadata.labels).toMatchObject({
          [MANAGED_BY_LABEL]: 'control-plane',
          [CLUSTER_ID_LABEL]: cluster.id,
        });
      }
    }
  });

  it('GIVEN a cluster WHEN built THEN its namespaces are those its applications and operations use, never pruned, with no namespace of their own', () => {
    const fleet = {
      ...smallFleet(),
      operations: [...smallFleet().operations, operation('edge-flux', 'ops-only', 'cleanup', 'files')],
    };
    const flux = buildFleetCharts(fleet, ARGO).clusters.find((c) => c.cluster.id === 'edge-flux');
    const namespaces = render(flux?.objects ?? []).filter((json) => json.kind === 'Namespace');
    expect(namespaces.map((json) => json.metadata.name)).toEqual(['ops-only', 'team-a', 'team-b']);
    for (const json of namespaces) {
      expect(json.metadata.namespace).toBeUndefined();
      expect(json.metadata.annotations).toEqual({
        'kustomize.toolkit.fluxcd.io/prune': 'disabled',
        'argocd.argoproj.io/sync-options': 'Prune=false',
      });
    }
  });

  it('GIVEN a helmReleases cluster WHEN built THEN it has HelmReleases and one HelmRepository per repository and namespace, and no ApplicationInstance', () => {
    const helm = buildFleetCharts(smallFleet(), ARGO).clusters.find((c) => c.cluster.id === 'edge-helm');
    const kinds = render(helm?.objects ?? []).map((json) => `${json.kind}/${json.metadata.namespace ?? ''}`);
    expect(kinds.filter((k) => k.startsWith('HelmRepository')).sort()).toEqual([
      'HelmRepository/team-a',
      'HelmRepository/team-a',
      'HelmRepository/team-b',
    ]);
    expect(kinds.filter((k) => k.startsWith('HelmRelease/'))).toHaveLength(3);
    expect(kinds.filter((k) => k.startsWith('ApplicationInstance'))).toEqual([]);
  });

  it('GIVEN an ApplicationInstance without valuesFrom and not suspended WHEN built THEN neither field is written', () => {
    const { clusters } = buildFleetCharts({
      clusters: smallFleet().clusters.slice(0, 1),
      applications: [application('edge-flux', 'a', 'x')],
      operations: [],
    });
    const json = render(clusters[0].objects).find((j) => j.kind === 'ApplicationInstance');
    expect(Object.keys(json?.spec ?? {}).sort()).toEqual(['app', 'chart', 'values', 'version']);
  });

  it('GIVEN an intent on an undeclared cluster WHEN built THEN it fails as an internal error naming the intent', () => {
    const fleet = { ...smallFleet(), applications: [application('ghost', 'a', 'x')] };
    expect(() => buildFleetCharts(fleet, ARGO)).toThrow(GitopsSynthError);
    expect(() => buildFleetCharts(fleet, ARGO)).toThrow(/cluster "ghost" is not declared/);
  });
});

describe('nullRestoringPatches', () => {
  it('GIVEN nulls in objects and arrays, and keys with / and ~ WHEN patched THEN members are added and elements replaced at escaped pointers', () => {
    const patches = nullRestoringPatches('/spec/values', { a: null, 'b/c~d': { e: [1, null] }, f: 1 });
    expect(patches.map((patch) => JSON.parse(JSON.stringify(patch)).operation)).toEqual([
      { op: 'add', path: '/spec/values/a', value: null },
      { op: 'replace', path: '/spec/values/b~1c~0d/e/1', value: null },
    ]);
  });
});

describe('buildClusterChartsByNamespace', () => {
  it('GIVEN each cluster of the small fleet WHEN built a namespace at a time THEN the parts hold the objects of buildClusterCharts, rendered the same, in the same order', () => {
    const fleet = smallFleet();
    const groups = groupByCluster(fleet);
    for (const cluster of fleet.clusters) {
      const intents = groups.get(cluster.id) ?? { applications: [], operations: [] };
      const whole = render(buildClusterCharts(new App(), cluster, intents, ARGO).objects);
      const parts = [...buildClusterChartsByNamespace(new App(), cluster, intents, ARGO)].map(render);
      expect(parts.flat()).toEqual(whole);
      expect(parts.length).toBeGreaterThan(1);
    }
  });

  it('GIVEN a namespace part WHEN the next part is asked for THEN the previous namespace chart has left the construct tree, and the Namespaces stay', () => {
    const fleet = smallFleet();
    const cluster = fleet.clusters.find((c) => c.id === 'edge-flux') ?? fleet.clusters[0];
    const app = new App();
    const parts = buildClusterChartsByNamespace(
      app,
      cluster,
      groupByCluster(fleet).get(cluster.id) ?? { applications: [], operations: [] },
      ARGO,
    );
    const namespaceCharts = (): string[] =>
      app.node
        .findAll()
        .filter((c) => c.node.id.startsWith('ns-'))
        .map((c) => c.node.id);
    const first = parts.next();
    expect(first.done).toBe(false);
    const [namespace] = render(first.value as readonly ApiObject[]);
    expect(namespaceCharts()).toEqual([`ns-${namespace.metadata.name}`]);
    parts.next();
    expect(namespaceCharts()).not.toContain(`ns-${namespace.metadata.name}`);
    expect(app.node.findAll().some((c) => c.node.id === `namespace-${namespace.metadata.name}`)).toBe(true);
  });
});
