/**
 * The fast path (each ApiObject's own toJson()) must mean exactly what cdk8s's own
 * Chart.toJson() means for the same constructs. Only key order may differ (see
 * src/synth/yaml.ts), which parsed objects do not carry.
 */
import { Chart } from 'cdk8s';
import { parse } from 'yaml';
import { buildFleetCharts } from '../../src/charts/fleet-chart';
import { Fleet } from '../../src/intents/model';
import { manifestPath } from '../../src/synth/layout';
import { renderFleetCharts } from '../../src/synth/synth';
import { HOSTILE_VALUES, smallFleet } from './fixtures';

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

/** A cluster chart and all the charts nested in it. */
function chartsOf(chart: Chart): Chart[] {
  return [
    chart,
    ...chart.node.children.filter((child): child is Chart => child instanceof Chart).flatMap(chartsOf),
  ];
}

describe('per-object rendering against cdk8s Chart.toJson()', () => {
  it('GIVEN the small fleet with hostile values, nulls and an offset timestamp WHEN rendered both ways THEN every object is the same', () => {
    const base = smallFleet();
    const fleet: Fleet = {
      ...base,
      applications: base.applications.map((app, index) =>
        index % 2 === 0 ? { ...app, values: HOSTILE_VALUES } : app,
      ),
      operations: base.operations.map((op) => ({ ...op, parameters: HOSTILE_VALUES })),
    };
    const charts = buildFleetCharts(fleet, {
      argoCd: { repoUrl: 'https://git.example.com/fleet.git', branch: 'main' },
    });
    const tree = renderFleetCharts(charts);

    let compared = 0;
    for (const { cluster, chart } of charts.clusters) {
      for (const each of chartsOf(chart)) {
        for (const expected of each.toJson() as K8sObject[]) {
          const path = manifestPath(cluster.id, {
            apiVersion: expected.apiVersion,
            kind: expected.kind,
            name: expected.metadata.name,
            namespace: expected.metadata.namespace,
          });
          const rendered = tree.get(path);
          expect(rendered).toBeDefined();
          expect(parse(rendered as string)).toStrictEqual(expected);
          compared += 1;
        }
      }
    }
    // Every object file of the tree was compared: all but the kustomizations.
    expect(compared).toBe([...tree.keys()].filter((path) => !path.endsWith('/kustomization.yaml')).length);
    expect(compared).toBe(20);
  });
});
