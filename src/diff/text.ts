/**
 * The change set for a terminal. Colour is the caller's decision (the CLI passes
 * `process.stdout.isTTY` and honours `NO_COLOR`), so this stays pure and testable.
 */
import type { ChangeSet, ClusterChanges, FieldChange, ResourceChange } from './model';
import { clusterResourceChanges, displayName } from './model';
import { formatValue } from './format-value';
import { formatCounts, plural, summarize } from './summary';

/** Options of {@link renderText}. */
export interface TextOptions {
  /** Use ANSI colours (green added, yellow changed, red removed). */
  readonly color: boolean;
}

type Paint = (code: string, text: string) => string;

const ANSI = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33' } as const;
const MARKS = { added: '+', changed: '~', removed: '-' } as const;
const COLORS = { added: ANSI.green, changed: ANSI.yellow, removed: ANSI.red } as const;

/** Renders a change set as indented lines: cluster, then resources, then fields; ends with a total. */
export function renderText(changeSet: ChangeSet, options: TextOptions): string {
  const paint: Paint = options.color
    ? (code, text) => `\u001b[${code}m${text}\u001b[0m`
    : (_code, text) => text;
  const { total } = summarize(changeSet);
  if (total.added + total.changed + total.removed === 0) return 'No changes.\n';
  const lines = changeSet.clusters.flatMap((cluster) => [...clusterLines(cluster, paint), '']);
  lines.push(`${plural(total.clusters, 'cluster')}: ${formatCounts(total)}`);
  return `${lines.join('\n')}\n`;
}

/** How a cluster is named in headings; files outside every cluster's path get their own group. */
export function clusterHeading(cluster: string): string {
  return cluster === '' ? '(outside clusters/)' : cluster;
}

function clusterLines(cluster: ClusterChanges, paint: Paint): string[] {
  const counts = {
    added: cluster.added.length,
    changed: cluster.changed.length,
    removed: cluster.removed.length,
  };
  const heading = `${paint(ANSI.bold, clusterHeading(cluster.cluster))} (${formatCounts(counts)})`;
  return [heading, ...clusterResourceChanges(cluster).flatMap((change) => resourceLines(change, paint))];
}

function resourceLines(change: ResourceChange, paint: Paint): string[] {
  const note = change.note === undefined ? '' : ` ${paint(ANSI.dim, `(${change.note})`)}`;
  const line = `  ${paint(COLORS[change.change], `${MARKS[change.change]} ${change.resource.kind} ${displayName(change.resource)}`)}${note}`;
  return [line, ...change.fields.map((field) => `      ${fieldText(field, paint)}`)];
}

function fieldText(field: FieldChange, paint: Paint): string {
  const mark = paint(COLORS[field.change], MARKS[field.change]);
  if (field.change === 'added') return `${mark} ${field.path}: ${formatValue(field.after)}`;
  if (field.change === 'removed') return `${mark} ${field.path}: ${formatValue(field.before)}`;
  return `${mark} ${field.path}: ${formatValue(field.before)} → ${formatValue(field.after)}`;
}
