/**
 * The change set as GitHub-flavoured markdown. The helpers for one resource or one
 * field are exported so the pull request body writes them the same way.
 */
import type { ApplicationSummary, ChangeSet, ClusterChanges, FieldChange, ResourceChange } from './model';
import { clusterResourceChanges, displayName } from './model';
import { formatValue } from './format-value';
import { formatCounts, plural, summarize } from './summary';
import { clusterHeading } from './text';

/** Renders a change set as a heading per cluster with a list of resources and their fields. */
export function renderMarkdown(changeSet: ChangeSet): string {
  const { total } = summarize(changeSet);
  if (total.added + total.changed + total.removed === 0) return 'No changes.\n';
  const sections = changeSet.clusters.map(clusterSection);
  sections.push(`**Total:** ${plural(total.clusters, 'cluster')}: ${formatCounts(total)}`);
  return `${sections.join('\n\n')}\n`;
}

/** Wraps text in a code span that survives backticks inside it. */
export function markdownCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** `**changed** ApplicationInstance `ns/name``, with a parse note when there is one. */
export function markdownResource(change: ResourceChange): string {
  const note = change.note === undefined ? '' : ` (${change.note.replace(/[<>]/g, '')})`;
  return `**${change.change}** ${change.resource.kind} ${markdownCode(displayName(change.resource))}${note}`;
}

/**
 * What an added application runs, to follow {@link markdownResource}:
 * `` : `nextcloud 28.0.4` (chart `nextcloud 4.6.2`) ``; '' when there is no summary.
 * Each name-and-version pair is one code span, so a version range such as `>=4 <5`
 * cannot turn into markup.
 */
export function markdownApplication(application: ApplicationSummary | undefined): string {
  if (application === undefined) return '';
  const app = [application.app, application.version].filter((part) => part !== undefined).join(' ');
  const chart =
    application.chart === undefined
      ? ''
      : `chart ${markdownCode([application.chart.name, application.chart.version].filter((part) => part !== undefined).join(' '))}`;
  if (app === '') return `: ${chart}`;
  return `: ${markdownCode(app)}${chart === '' ? '' : ` (${chart})`}`;
}

/** One field: `` `spec.version`: `1` → `2` ``; with `values: false`, only what happened to which path. */
export function markdownField(field: FieldChange, values = true): string {
  const path = markdownCode(field.path);
  if (!values) return field.change === 'changed' ? path : `${field.change} ${path}`;
  if (field.change === 'added') return `added ${path}: ${markdownCode(formatValue(field.after))}`;
  if (field.change === 'removed') return `removed ${path}: ${markdownCode(formatValue(field.before))}`;
  return `${path}: ${markdownCode(formatValue(field.before))} → ${markdownCode(formatValue(field.after))}`;
}

function clusterSection(cluster: ClusterChanges): string {
  const counts = {
    added: cluster.added.length,
    changed: cluster.changed.length,
    removed: cluster.removed.length,
  };
  const items = clusterResourceChanges(cluster).flatMap((change) => [
    `- ${markdownResource(change)}`,
    ...change.fields.map((field) => `  - ${markdownField(field)}`),
  ]);
  return [`### ${clusterHeading(cluster.cluster)}`, '', formatCounts(counts), '', ...items].join('\n');
}
