/**
 * Prints the Markdown tables of a results file (`node dist/bench/bench/table.js
 * bench/results/latest.json`), for the README.
 */
import * as fs from 'fs';

interface Stage {
  stage: string;
  ms: number;
  peakMb: number;
}
interface Summary {
  totalMs: number;
  peakMb: number;
  stages: Stage[];
}
interface SizeResult {
  size: number;
  runs: number;
  full: Summary;
  noop: Summary;
  noopUncached?: Summary;
  oneChange?: Summary;
  floor: Summary;
  baseline?: Summary;
  publishSparse?: Summary;
  publishFull?: Summary;
}
interface Report {
  measuredAt: string;
  machine: {
    cpus: number;
    cpuModel?: string;
    memoryGb: number;
    node: string;
    platform: string;
    loadAverageAtEnd: number[];
  };
  results: SizeResult[];
  ratios: { name: string; value: number | null; target: string; met: boolean | null | 'reference' }[];
}

const seconds = (ms: number | undefined): string =>
  ms === undefined ? '–' : (ms / 1000).toFixed(ms < 10000 ? 2 : 1);
const cell = (s: Summary | undefined, name?: string): string => {
  const figure =
    name === undefined ? s && { ms: s.totalMs, peakMb: s.peakMb } : s?.stages.find((x) => x.stage === name);
  if (figure === undefined) return '–';
  // Phases of an interleaved stage have no memory figure of their own (-1).
  return figure.peakMb < 0 ? `${seconds(figure.ms)} s` : `${seconds(figure.ms)} s / ${figure.peakMb} MB`;
};

function main(): void {
  const report = JSON.parse(
    fs.readFileSync(process.argv[2] ?? 'bench/results/latest.json', 'utf8'),
  ) as Report;
  const m = report.machine;
  const lines: string[] = [];
  lines.push(
    `Measured ${report.measuredAt.slice(0, 16).replace('T', ' ')} UTC on ${m.cpus} × ${m.cpuModel ?? 'CPU'}, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}; load average at the end ${m.loadAverageAtEnd.map((l) => l.toFixed(1)).join(' ')} (a shared machine). Each cell: wall time / peak resident memory, median of the runs shown.`,
    '',
  );
  const sizes = report.results;
  lines.push(
    `| stage | ${sizes.map((r) => `${r.size.toLocaleString('en')} (${r.runs} run${r.runs === 1 ? '' : 's'})`).join(' | ')} |`,
  );
  lines.push(`| --- | ${sizes.map(() => '---').join(' | ')} |`);
  const row = (label: string, pick: (r: SizeResult) => string): void =>
    void lines.push(`| ${label} | ${sizes.map(pick).join(' | ')} |`);
  for (const stage of sizes[0].full.stages.map((s) => s.stage)) row(stage, (r) => cell(r.full, stage));
  row('**full synth** (fingerprint → record stamps)', (r) => `**${cell(r.full)}**`);
  row('no-op synth (intents files unchanged: answered from the cache)', (r) => cell(r.noop));
  row('no-op synth with --no-cache (load, synthesize, compare every file)', (r) => cell(r.noopUncached));
  row('synth after one changed intent (one cluster re-rendered)', (r) => cell(r.oneChange));
  row('write floor', (r) => cell(r.floor));
  row('plain cdk8s: load + build + App.synth()', (r) => cell(r.baseline));
  row('plain cdk8s: App.synth() alone', (r) => cell(r.baseline, 'App.synth()'));
  row('publish one change, sparse: clone and publish', (r) => cell(r.publishSparse, 'clone and publish'));
  row('publish one change, sparse: cached working copy', (r) =>
    cell(r.publishSparse, 'publish (cached working copy)'),
  );
  row('publish one change, full clone: clone and publish', (r) => cell(r.publishFull, 'clone and publish'));
  row('publish one change, full clone: cached working copy', (r) =>
    cell(r.publishFull, 'publish (cached working copy)'),
  );
  row('render for publish, cached working copy (load all intents, synth one cluster)', (r) =>
    cell(r.publishSparse, 'render (publish (cached working copy))'),
  );
  lines.push('', '| ratio | value | target | |', '| --- | --- | --- | --- |');
  for (const r of report.ratios)
    lines.push(
      `| ${r.name} | ${r.value ?? '–'} | ${r.target} | ${r.met === null ? 'not measured' : r.met === 'reference' ? 'reference' : r.met ? 'met' : '**not met**'} |`,
    );
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
