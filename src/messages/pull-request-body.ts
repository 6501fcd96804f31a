/**
 * The pull request description: a summary table per cluster, the changes made
 * identically in several clusters shown once, then each cluster's own changes in a
 * collapsible section (an added application with what it runs: app, version and
 * chart), and a footer with provenance and a hidden marker. Forges cap
 * the size (GitHub: 65,536 characters), so detail is cut step by step until it fits:
 * field values, then field lists, then resource lists, then table rows. It never fails.
 */
import { GitopsSynthError } from '../errors';
import type { ChangeSet, ResourceChange } from '../diff/model';
import { markdownApplication, markdownCode, markdownField, markdownResource } from '../diff/markdown';
import { shorten } from '../diff/format-value';
import { formatCounts, plural, summarize, type ChangeCounts } from '../diff/summary';
import { collapseAcrossClusters, type CollapsedChanges, type SharedChange } from './collapse';
import { checkProvenance, type Provenance } from './provenance';

/** The hidden comment that marks a pull request (or comment) as gitops-synth's own. */
export const PULL_REQUEST_MARKER = '<!-- gitops-synth -->';
/** GitHub's limit on a pull request body, in characters. */
export const GITHUB_BODY_MAX_LENGTH = 65_536;

/** Options of {@link pullRequestBody}. */
export interface PullRequestBodyOptions extends Provenance {
  /** The longest body the forge accepts; the body is cut down to fit. */
  readonly maxLength: number;
}

/** How much is shown, from everything to the summary table alone. */
type Detail = 'values' | 'fields' | 'resources' | 'summary';
const DETAILS: readonly Detail[] = ['values', 'fields', 'resources', 'summary'];
const CUTS: Record<Detail, string> = {
  values: '',
  fields: 'field values were left out',
  resources: 'field-level changes were left out',
  summary: 'the lists of changed resources were left out',
};

/** Writes the pull request body for a change set, no longer than `options.maxLength`. */
export function pullRequestBody(changeSet: ChangeSet, options: PullRequestBodyOptions): string {
  checkProvenance(options);
  if (!Number.isInteger(options.maxLength) || options.maxLength <= 0) {
    throw new GitopsSynthError(
      'PULL_REQUEST_BODY_LIMIT_INVALID',
      `maxLength ${options.maxLength} must be a positive integer`,
      { source: 'internal' },
    );
  }
  const footer = footerText(options);
  const { clusters, total } = summarize(changeSet);
  if (total.clusters === 0) return fit(['No changes.'], footer, options.maxLength);
  const rows = clusters.map((cluster) => tableRow(markdownClusterName(cluster.cluster), cluster));
  const totalRow = tableRow(`**Total (${plural(total.clusters, 'cluster')})**`, total);
  const collapsed = collapseAcrossClusters(changeSet);
  const summaryTable = table(rows, totalRow);
  for (const detail of DETAILS) {
    const body = assemble(
      [
        summaryTable,
        ...changeSections(collapsed, changeSet, detail),
        cutNote(CUTS[detail], options.maxLength),
      ],
      footer,
    );
    if (body.length <= options.maxLength) return body;
    if (detail === 'resources') {
      const partial = fitSections(
        summaryTable,
        changeSections(collapsed, changeSet, detail),
        footer,
        options.maxLength,
      );
      if (partial !== undefined) return partial;
    }
  }
  return fitTable(rows, totalRow, footer, options.maxLength);
}

/**
 * Resource lists in order (shared changes first, then cluster by cluster) for as long
 * as they fit, so a large change set still shows some of them; undefined when none fits.
 */
function fitSections(
  summaryTable: string,
  sections: readonly string[],
  footer: string,
  maxLength: number,
): string | undefined {
  const note = (omitted: number) =>
    cutNote(
      `field-level changes and ${omitted} of ${plural(sections.length, 'resource list')} were left out`,
      maxLength,
    );
  let length = assemble([summaryTable, note(sections.length)], footer).length;
  const kept: string[] = [];
  for (const section of sections) {
    if (length + section.length + 2 > maxLength) break;
    kept.push(section);
    length += section.length + 2;
  }
  if (kept.length === 0) return undefined;
  return assemble([summaryTable, ...kept, note(sections.length - kept.length)], footer);
}

/** The summary table with as many cluster rows as fit, then a row saying how many were left out. */
function fitTable(rows: readonly string[], totalRow: string, footer: string, maxLength: number): string {
  const note = cutNote('the lists of changed resources and some table rows were left out', maxLength);
  let kept = 0;
  let length = assemble([table([], totalRow), note], footer).length + 40;
  while (kept < rows.length && length + (rows[kept] ?? '').length + 1 <= maxLength) {
    length += (rows[kept] ?? '').length + 1;
    kept += 1;
  }
  const omitted = rows.length - kept;
  const shown =
    omitted === 0 ? rows : [...rows.slice(0, kept), `| …and ${plural(omitted, 'more cluster')} | | | |`];
  return fit([table(shown, totalRow), note], footer, maxLength);
}

/** Joins blocks and footer; if that is still too long, cuts the blocks (never the marker). */
function fit(blocks: readonly string[], footer: string, maxLength: number): string {
  const body = assemble(blocks, footer);
  if (body.length <= maxLength) return body;
  const room = maxLength - footer.length - 2;
  if (room <= 0) return shorten(PULL_REQUEST_MARKER, maxLength);
  return `${shorten(blocks.join('\n\n'), room)}\n\n${footer}`;
}

function assemble(blocks: readonly string[], footer: string): string {
  return `${[...blocks.filter((block) => block !== ''), footer].join('\n\n')}`;
}

function table(rows: readonly string[], totalRow: string): string {
  return ['| Cluster | Added | Changed | Removed |', '| --- | ---: | ---: | ---: |', ...rows, totalRow].join(
    '\n',
  );
}

function tableRow(name: string, counts: ChangeCounts): string {
  return `| ${name} | ${counts.added} | ${counts.changed} | ${counts.removed} |`;
}

function markdownClusterName(cluster: string): string {
  return cluster === '' ? '(outside clusters/)' : markdownCode(cluster);
}

function cutNote(cut: string, maxLength: number): string {
  if (cut === '') return '';
  return `> **Note:** ${cut} to keep this description within ${maxLength} characters; the commit lists every changed file.`;
}

function footerText(provenance: Provenance): string {
  const revision =
    provenance.intentsRevision === undefined ? '' : ` (revision ${markdownCode(provenance.intentsRevision)})`;
  const override =
    provenance.freezeOverride === undefined
      ? ''
      : `**Opened inside a freeze window** (\`--override-freeze\`): ${markdownCode(provenance.freezeOverride)}\n\n`;
  return `${override}---\n<sub>Generated by gitops-synth ${provenance.toolVersion} from intents ${markdownCode(provenance.intentsDigest)}${revision}.</sub>\n\n${PULL_REQUEST_MARKER}\n`;
}

/**
 * The shared-changes section, then one collapsible section per cluster with changes
 * of its own (the first one carrying the heading), as separate blocks so they can be
 * dropped one by one.
 */
function changeSections(collapsed: CollapsedChanges, changeSet: ChangeSet, detail: Detail): string[] {
  if (detail === 'summary') return [];
  const sections: string[] = [];
  if (collapsed.shared.length > 0) {
    const items = collapsed.shared.flatMap((shared) => sharedLines(shared, detail));
    const summary = `${plural(collapsed.shared.length, 'change')} made identically in several clusters`;
    sections.push(`### Same change in several clusters\n\n${details(summary, items)}`);
  }
  const sharedPerCluster = countSharedPerCluster(collapsed.shared);
  const clusterBlocks = changeSet.clusters.flatMap((cluster) => {
    const own = collapsed.own.get(cluster.cluster) ?? [];
    if (own.length === 0) return [];
    const sharedCount = sharedPerCluster.get(cluster.cluster) ?? 0;
    const also = sharedCount === 0 ? '' : ` (and ${sharedCount} shared, above)`;
    const summary = `${summaryClusterName(cluster.cluster)}: ${formatCounts(countOf(own))}${also}`;
    return [
      details(
        summary,
        own.flatMap((change) => resourceLines(change, detail)),
      ),
    ];
  });
  if (clusterBlocks.length > 0) clusterBlocks[0] = `### Changes per cluster\n\n${clusterBlocks[0] ?? ''}`;
  return [...sections, ...clusterBlocks];
}

function countSharedPerCluster(shared: readonly SharedChange[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const group of shared)
    for (const cluster of group.clusters) counts.set(cluster, (counts.get(cluster) ?? 0) + 1);
  return counts;
}

function sharedLines(shared: SharedChange, detail: Detail): string[] {
  const names = shared.clusters.map(markdownClusterName).join(', ');
  const [first, ...fields] = resourceLines(shared.change, detail);
  return [`${first ?? ''} in ${plural(shared.clusters.length, 'cluster')}: ${names}`, ...fields];
}

function resourceLines(change: ResourceChange, detail: Detail): string[] {
  const line = `- ${markdownResource(change)}${markdownApplication(change.application)}`;
  if (detail === 'resources') return [line];
  return [line, ...change.fields.map((field) => `  - ${markdownField(field, detail === 'values')}`)];
}

/** A collapsed section; the blank lines let GitHub render the markdown inside it. */
function details(summary: string, lines: readonly string[]): string {
  return `<details>\n<summary>${summary}</summary>\n\n${lines.join('\n')}\n\n</details>`;
}

function summaryClusterName(cluster: string): string {
  return cluster === '' ? '(outside clusters/)' : `<code>${cluster}</code>`;
}

function countOf(changes: readonly ResourceChange[]): ChangeCounts {
  const count = (kind: ResourceChange['change']) => changes.filter((change) => change.change === kind).length;
  return { added: count('added'), changed: count('changed'), removed: count('removed') };
}
