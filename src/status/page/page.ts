/**
 * The status page `status serve` answers `GET /` with: server-rendered HTML, so
 * it is complete with scripts off (the filter is a GET form the server applies),
 * and a small inline script that filters in place and applies live updates.
 * Read-only: the only form is the filter (and the token form, login.ts).
 */
import { CLUSTER_STATES, ClusterStatusList } from '../model';
import { PAGE_SCRIPT, PAGE_STYLE } from './assets';
import { escapeHtml } from './escape';
import { filterMatcher, PageFilter } from './filter';
import { STATE_LABELS, renderFleetMetrics, renderGroups, renderRow, renderSummary } from './fragments';
import { groupClusters, groupOf } from './groups';

/** What one render of the page needs. */
export interface PageView {
  readonly filter: PageFilter;
  /** The live feed's version the page shows; `/events?v=` asks only for what came after. */
  readonly version: string;
  readonly now: Date;
}

const COLUMNS = [
  'cluster',
  'wave',
  'state',
  'applied commit · intents revision',
  'pull request',
  'age',
  'lead time · deploys/day · failure rate · restore',
  'reason: message',
];

/** The whole page (pure). Rows the filter hides are sent `hidden`, so the script can show them again without a reload. */
export function renderPage(list: ClusterStatusList, view: PageView): string {
  const groups = groupClusters(list);
  const wave = groupOf(groups);
  const matches = filterMatcher(view.filter);
  const rows = list.clusters.map((c) => {
    const row = renderRow(c, wave.get(c.id) ?? '', view.now);
    return matches(c) ? row : row.replace('<tr ', '<tr hidden ');
  });
  const shown = list.clusters.filter(matches).length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Fleet status · ${escapeHtml(list.base.branch)}</title><style>${PAGE_STYLE}</style></head>
<body data-v="${escapeHtml(view.version)}">
<header><h1>Fleet status</h1><p>${escapeHtml(list.base.branch)} at <code>${escapeHtml(list.base.sha.slice(0, 12))}</code> · ${list.clusters.length} clusters · generated ${escapeHtml(list.generatedAt)} · <span id="live">static (scripts off: reload to refresh)</span></p></header>
<nav><ul id="summary">${renderSummary(list.clusters)}</ul></nav>
<section><h2>Rollout</h2><div id="groups">${renderGroups(groups)}</div></section>
<section><h2>Delivery (fleet)</h2><dl id="metrics">${renderFleetMetrics(list.delivery)}</dl></section>
${filterForm(view.filter)}
<p id="shown">${shown} of ${list.clusters.length} shown</p>
<table><thead><tr>${COLUMNS.map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead>
<tbody id="rows">${rows.join('\n')}</tbody></table>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}

/** The filter as a GET form: with scripts off, submitting it asks the server for the filtered page. */
function filterForm(filter: PageFilter): string {
  const boxes = CLUSTER_STATES.map(
    (s) =>
      `<label class="s-${s}"><input type="checkbox" name="state" value="${s}"${filter.states.includes(s) ? ' checked' : ''}> ${STATE_LABELS[s]}</label>`,
  );
  return `<form id="filter" method="get"><fieldset><legend>state</legend>${boxes.join(' ')}</fieldset>
<label>cluster <input type="search" name="cluster" value="${escapeHtml(filter.cluster)}" placeholder="cluster-prod-*,cluster-lab-1" size="28"></label>
<button type="submit">Filter</button> <a href="?">clear</a></form>`;
}
