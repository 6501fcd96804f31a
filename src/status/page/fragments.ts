/**
 * The parts of the status page that change with the fleet: the summary bar, the
 * group progress, the fleet's delivery metrics and one table row per cluster.
 * The first render and every live update (SSE) use these same functions, so
 * the two cannot drift apart. Pure: the clock is passed in.
 */
import { CLUSTER_STATES, ClusterState, ClusterStatus, DeliveryMetrics, FleetDelivery } from '../model';
import { clip, escapeHtml, safeHref } from './escape';
import { ClusterGroup, countStates } from './groups';

/** The words and symbol of each state: the colour is never the only sign. */
export const STATE_LABELS: Record<ClusterState, string> = {
  'pending-review': '◔ pending review',
  'awaiting-sync': '↻ awaiting sync',
  applied: '✔ applied',
  failed: '✖ failed',
  stale: '⚠ stale',
};

/** Longest failure message shown in a row (the full text is in `GET /clusters/<id>`). */
const MESSAGE_MAX = 160;

/** Per state, a link that filters on it, and the count (pure). */
export function renderSummary(clusters: readonly ClusterStatus[]): string {
  const counts = countStates(clusters);
  const items = CLUSTER_STATES.map(
    (s) => `<li class="s-${s}"><a href="?state=${s}">${STATE_LABELS[s]} <b>${counts[s]}</b></a></li>`,
  );
  return `<li><a href="?">all <b>${clusters.length}</b></a></li>${items.join('')}`;
}

/** A progress bar per group: applied out of all, with the other states in words (pure). */
export function renderGroups(groups: readonly ClusterGroup[]): string {
  return groups
    .map((g) => {
      const counts = countStates(g.clusters);
      const rest = CLUSTER_STATES.filter((s) => s !== 'applied' && counts[s] > 0)
        .map((s) => `${counts[s]} ${s}`)
        .join(', ');
      return (
        `<div class="g"><b>${escapeHtml(g.name)}</b> <progress max="${Math.max(g.clusters.length, 1)}" value="${counts.applied}"></progress> ` +
        `${counts.applied} of ${g.clusters.length} applied${rest === '' ? '' : ` (${rest})`}</div>`
      );
    })
    .join('');
}

/** The fleet's four delivery metrics (pure). */
export function renderFleetMetrics(delivery: FleetDelivery): string {
  const cells: Array<[string, string]> = [
    ['lead time (median)', seconds(delivery.leadTimeSeconds)],
    [
      'deployments per day',
      `${delivery.deploymentsPerDay} (${delivery.deployments} of ${delivery.changes} changes)`,
    ],
    ['change failure rate', rate(delivery.changeFailureRate, delivery.failedChanges)],
    [
      'time to restore (median)',
      `${seconds(delivery.timeToRestoreSeconds)}${delivery.restores > 0 ? ` (${delivery.restores})` : ''}`,
    ],
    ['window', `since ${escapeHtml(delivery.windowStart.slice(0, 16).replace('T', ' '))} UTC`],
  ];
  return cells.map(([name, value]) => `<div><dt>${name}</dt><dd>${value}</dd></div>`).join('');
}

/** One cluster's row; `data-id` and `data-state` let the script filter and patch it (pure). */
export function renderRow(cluster: ClusterStatus, group: string, now: Date): string {
  const id = escapeHtml(cluster.id);
  return (
    `<tr data-id="${id}" data-state="${cluster.state}"><td>${id}</td><td>${escapeHtml(group)}</td>` +
    `<td class="s-${cluster.state}">${STATE_LABELS[cluster.state]}</td><td>${commitCell(cluster)}</td><td>${pullRequestCell(cluster)}</td>` +
    `<td>${ageCell(cluster, now)}</td><td>${deliveryCell(cluster.delivery)}</td><td>${failureCell(cluster)}</td></tr>`
  );
}

function commitCell(cluster: ClusterStatus): string {
  if (cluster.commit === null) return '<i>not on the base branch</i>';
  const revision =
    cluster.commit.intentsRevision === null ? '' : ` ${escapeHtml(clip(cluster.commit.intentsRevision, 60))}`;
  return `<code>${escapeHtml(cluster.commit.sha.slice(0, 12))}</code>${revision}`;
}

function pullRequestCell(cluster: ClusterStatus): string {
  const pull = cluster.pullRequest;
  if (pull === null) return '';
  const text = `#${pull.number}${pull.title === '' ? '' : ` ${escapeHtml(clip(pull.title, 60))}`}`;
  const href = safeHref(pull.url);
  return href === undefined ? text : `<a href="${href}" rel="noreferrer noopener">${text}</a>`;
}

/** Since the change reached the base branch; the script keeps it current from `data-t` (epoch seconds). */
function ageCell(cluster: ClusterStatus, now: Date): string {
  if (cluster.commit === null) return '';
  const at = Date.parse(cluster.commit.mergedAt);
  return `<time data-t="${Math.floor(at / 1000)}">${age((now.getTime() - at) / 1000)}</time>`;
}

function deliveryCell(d: DeliveryMetrics): string {
  return `${seconds(d.leadTimeSeconds)} · ${d.deploymentsPerDay}/d · ${rate(d.changeFailureRate, d.failedChanges)} · ${seconds(d.timeToRestoreSeconds)}`;
}

/** For a failed cluster, each failing report's reason and message. */
function failureCell(cluster: ClusterStatus): string {
  if (cluster.state !== 'failed') return '';
  return cluster.reports
    .filter((r) => r.state === 'failure')
    .map((r) => {
      const message =
        r.message === null || r.message === '' ? '' : `: ${escapeHtml(clip(r.message, MESSAGE_MAX))}`;
      return `<b>${escapeHtml(clip(r.reason || 'failed', 60))}</b>${message}`;
    })
    .join('<br>');
}

/** `3h`, `2d`, `45s`: the largest whole unit, as a glance needs (pure). */
export function age(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (s >= size) return `${Math.floor(s / size)}${unit}`;
  }
  return `${s}s`;
}

function seconds(value: number | null): string {
  return value === null ? '–' : age(value);
}

function rate(value: number | null, failed: number): string {
  return value === null ? '–' : `${Math.round(value * 100)}%${failed > 0 ? ` (${failed})` : ''}`;
}
