/**
 * `GET /metrics`: the fleet's states and delivery metrics in the Prometheus text
 * format, through prom-client. Every value is read from the monitor's list at
 * scrape time (collect callbacks), so nothing is kept twice. Metrics that are
 * not known yet (no change applied, nothing restored) are left out, not zero.
 */
import { Gauge, Registry } from 'prom-client';
import { CLUSTER_STATES, ClusterStatusList, DeliveryMetrics } from '../model';

/** The delivery metrics exported, by the suffix of their names. */
const DELIVERY: ReadonlyArray<{ name: string; help: string; value: (d: DeliveryMetrics) => number | null }> =
  [
    {
      name: 'lead_time_seconds',
      help: "Median seconds from when a change was written (its commit's author time) to its first success report",
      value: (d) => d.leadTimeSeconds,
    },
    {
      name: 'deployments',
      help: 'Changes applied (a success report) within the first-parent window',
      value: (d) => d.deployments,
    },
    {
      name: 'deployments_per_day',
      help: 'Changes applied per day of the window (at least one day)',
      value: (d) => d.deploymentsPerDay,
    },
    {
      name: 'change_failure_ratio',
      help: 'Share of changes with an outcome that reached failed or were rolled back',
      value: (d) => d.changeFailureRate,
    },
    {
      name: 'time_to_restore_seconds',
      help: 'Median seconds from a failure to the next success',
      value: (d) => d.timeToRestoreSeconds,
    },
  ];

/** A registry whose metrics read `read()` at each scrape; undefined (before the first poll) exports nothing. */
export function statusRegistry(read: () => ClusterStatusList | undefined): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'gitops_synth_clusters',
    help: 'Clusters per state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.reset();
      const list = read();
      if (list === undefined) return;
      for (const state of CLUSTER_STATES)
        this.set({ state }, list.clusters.filter((c) => c.state === state).length);
    },
  });
  new Gauge({
    name: 'gitops_synth_cluster_state',
    help: "1 for each cluster's current state",
    labelNames: ['cluster', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of read()?.clusters ?? []) this.set({ cluster: c.id, state: c.state }, 1);
    },
  });
  for (const metric of DELIVERY) {
    new Gauge({
      name: `gitops_synth_cluster_delivery_${metric.name}`,
      help: `${metric.help}, per cluster`,
      labelNames: ['cluster'],
      registers: [registry],
      collect() {
        this.reset();
        for (const c of read()?.clusters ?? []) setKnown(this, { cluster: c.id }, metric.value(c.delivery));
      },
    });
    new Gauge({
      name: `gitops_synth_fleet_delivery_${metric.name}`,
      help: `${metric.help}, for the fleet (a change is one base commit)`,
      registers: [registry],
      collect() {
        this.reset();
        const list = read();
        if (list !== undefined) setKnown(this, {}, metric.value(list.delivery));
      },
    });
  }
  new Gauge({
    name: 'gitops_synth_fleet_delivery_window_seconds',
    help: 'Seconds the delivery metrics cover (the first-parent window of --max-commits)',
    registers: [registry],
    collect() {
      this.reset();
      const list = read();
      if (list !== undefined) this.set(list.delivery.windowSeconds);
    },
  });
  return registry;
}

function setKnown(gauge: Gauge<string>, labels: Record<string, string>, value: number | null): void {
  if (value !== null) gauge.set(labels, value);
}
