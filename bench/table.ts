/**
 * Prints the Markdown tables of a results file (`node dist/bench/bench/table.js
 * bench/results/latest.json`), for the README and bench/README.md.
 */
import * as fs from 'fs';
import { PathSummary, PATH_LABELS, publishMs, Ratio, SizeResult } from './targets';

/** What bench/run.ts writes to bench/results/latest.json (the parts the tables read). */
export interface Report {
  measuredAt: string;
  command?: string;
  wallSeconds?: number;
  machine: {
    cpus: number;
    cpuModel?: string;
    memoryGb: number;
    node: string;
    platform: string;
    uptimeAtStart?: string;
    uptimeAtEnd?: string;
    loadAverageAtEnd: number[];
  };
  results: SizeResult[];
  ratios: Ratio[];
  growth?: Ratio[];
}

const seconds = (ms: number | undefined): string =>
  ms === undefined ? '–' : (ms / 1000).toFixed(ms < 10000 ? 2 : 1);
const cell = (s: PathSummary | undefined, name?: string): string => {
  const figure =
    name === undefined ? s && { ms: s.totalMs, peakMb: s.peakMb } : s?.stages.find((x) => x.stage === name);
  if (figure === undefined) return '–';
  // Phases of an interleaved stage have no memory figure of their own (-1).
  return figure.peakMb < 0 ? `${seconds(figure.ms)} s` : `${seconds(figure.ms)} s / ${figure.peakMb} MB`;
};
const verdict = (met: Ratio['met']): string =>
  met === null ? 'not measured' : met === 'reference' ? 'reference' : met ? 'met' : '**not met**';

/** The Markdown tables of `report` (pure): bench/README.md holds them verbatim, and a test says so. */
export function renderTables(report: Report): string {
  const m = report.machine;
  const lines: string[] = [];
  lines.push(
    `\`${report.command ?? 'npm run bench'}\`, measured ${report.measuredAt.slice(0, 16).replace('T', ' ')} UTC on ${m.cpus} × ${m.cpuModel ?? 'CPU'}, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}, a machine shared with other work: \`uptime\` at the start \`${m.uptimeAtStart ?? '?'}\`, at the end \`${m.uptimeAtEnd ?? '?'}\`; the run took ${report.wallSeconds ?? '?'} s. Each cell: wall time / peak resident memory, median of the runs shown.`,
    '',
  );
  const sizes = report.results;
  lines.push(
    `| stage | ${sizes.map((r) => `${r.size.toLocaleString('en')} (${r.runs} run${r.runs === 1 ? '' : 's'})`).join(' | ')} |`,
  );
  lines.push(`| --- | ${sizes.map(() => '---').join(' | ')} |`);
  const row = (label: string, pick: (r: SizeResult) => string): void =>
    void lines.push(`| ${label} | ${sizes.map(pick).join(' | ')} |`);
  for (const stage of sizes[0]?.full?.stages.map((s) => s.stage) ?? [])
    row(stage, (r) => cell(r.full, stage));
  row(`**${PATH_LABELS.full}** (fingerprint → record stamps)`, (r) => `**${cell(r.full)}**`);
  for (const key of ['check', 'noop', 'noopUncached', 'oneChange', 'floor', 'plain', 'baseline'] as const)
    row(PATH_LABELS[key], (r) => cell(r[key]));
  row('check: render and compare with Git blob ids, cluster by cluster', (r) =>
    cell(r.check, 'render and compare with Git blob ids'),
  );
  row('plain cdk8s: App.synth() alone', (r) => cell(r.plain, 'App.synth()'));
  row(PATH_LABELS.publish, (r) => seconds(publishMs(r)) + (publishMs(r) === undefined ? '' : ' s'));
  row('publish one change, sparse: cached working copy (render + publish)', (r) =>
    publishMs(r, true) === undefined ? '–' : `${seconds(publishMs(r, true))} s`,
  );
  row('publish one change, full clone: clone and publish', (r) => cell(r.publishFull, 'clone and publish'));
  lines.push('', '| ratio | value | target | |', '| --- | --- | --- | --- |');
  for (const r of [...report.ratios, ...(report.growth ?? [])])
    lines.push(`| ${r.name} | ${r.value ?? '–'} | ${r.target} | ${verdict(r.met)} |`);
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  const file = process.argv[2] ?? 'bench/results/latest.json';
  process.stdout.write(renderTables(JSON.parse(fs.readFileSync(file, 'utf8')) as Report));
}
