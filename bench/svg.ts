/**
 * The benchmark's picture (`latest.svg` next to `latest.json`): one panel per fleet size,
 * one bar per path, gitops-synth's full synth and check split into their stages, against
 * the plain cdk8s program, the old comparison and the write floor. Each panel has its own
 * linear scale (times at 100,000 are a hundred times those at 1,000); every bar is labelled
 * with its seconds, so nothing has to be read off the axis. Hand-written SVG: no dependency.
 */
import { readFileSync, writeFileSync } from 'fs';
import { PathSummary, SizeResult } from './targets';

/** The stages of the full synth, grouped as the chart shows them, with their colours. */
const FULL_PARTS: ReadonlyArray<{ label: string; colour: string; stages: readonly string[] }> = [
  {
    label: 'load intents',
    colour: '#4e79a7',
    stages: [
      'fingerprint intents files',
      'fingerprint intents files, check stamps',
      'load and validate intents',
      'fingerprint clusters',
      'check stamps',
    ],
  },
  { label: 'build', colour: '#76b7b2', stages: ['· build charts'] },
  { label: 'serialize', colour: '#f28e2b', stages: ['· serialize (toJson and YAML)'] },
  { label: 'validate', colour: '#edc948', stages: ['· validate output (CRD schemas)'] },
  { label: 'write', colour: '#e15759', stages: ['· write (plan, stage, switch)'] },
  { label: 'record stamps', colour: '#b07aa1', stages: ['record stamps'] },
];
const CHECK_PARTS = [
  { label: 'render and compare', colour: '#59a14f', stages: ['render and compare with Git blob ids'] },
  { label: 'read files', colour: '#9c755f', stages: ['compare by reading files'] },
];
const PLAIN = '#bab0ac';

interface Segment {
  readonly ms: number;
  readonly colour: string;
}
interface Bar {
  readonly label: string;
  readonly segments: readonly Segment[];
  readonly totalMs: number;
}

function split(summary: PathSummary, parts: typeof FULL_PARTS): Segment[] {
  const segments = parts.map(({ colour, stages }) => ({
    colour,
    ms: summary.stages.filter((s) => stages.includes(s.stage)).reduce((sum, s) => sum + s.ms, 0),
  }));
  // Whatever the stages leave out (between stages) is shown, uncoloured, so the bar is the total.
  const rest = summary.totalMs - segments.reduce((sum, s) => sum + s.ms, 0);
  return rest > 0 ? [...segments, { colour: PLAIN, ms: rest }] : segments;
}

function bars(r: SizeResult): Bar[] {
  const out: Bar[] = [];
  const whole = (label: string, s: PathSummary | undefined, colour: string): void => {
    if (s !== undefined) out.push({ label, totalMs: s.totalMs, segments: [{ ms: s.totalMs, colour }] });
  };
  whole('plain cdk8s program', r.plain, '#79706e');
  whole('old comparison', r.baseline, '#a0a0a0');
  if (r.full !== undefined)
    out.push({ label: 'gitops-synth synth', totalMs: r.full.totalMs, segments: split(r.full, FULL_PARTS) });
  if (r.check !== undefined)
    out.push({
      label: 'check (fresh clone)',
      totalMs: r.check.totalMs,
      segments: split(r.check, CHECK_PARTS),
    });
  whole('cached no-op synth', r.noop, '#d37295');
  whole('write floor', r.floor, '#000000');
  return out;
}

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;

/** The chart of `results` as an SVG document. */
/** The chart of a results file again (`node dist/bench/bench/svg.js results.json`), as run.ts wrote it. */
export function chartOfReport(report: {
  command: string;
  measuredAt: string;
  machine: { cpus: number; loadAverageAtEnd: number[] };
  results: SizeResult[];
}): string {
  const caption = `${report.command} · ${report.measuredAt.slice(0, 16).replace('T', ' ')} UTC · ${report.machine.cpus} CPUs · load at end ${report.machine.loadAverageAtEnd.map((l) => l.toFixed(1)).join(' ')}`;
  return renderChart(report.results, caption);
}

export function renderChart(results: readonly SizeResult[], caption: string): string {
  const width = 760;
  const labelWidth = 150;
  const plot = width - labelWidth - 70;
  const row = 18;
  const parts: string[] = [];
  let y = 40;
  for (const r of results) {
    const list = bars(r);
    const max = Math.max(1, ...list.map((b) => b.totalMs));
    parts.push(
      `<text x="8" y="${y}" font-weight="bold">${r.size.toLocaleString('en')} ApplicationInstances (${r.runs} run${r.runs === 1 ? '' : 's'}, median)</text>`,
    );
    y += 8;
    for (const bar of list) {
      parts.push(`<text x="8" y="${y + 13}">${escape(bar.label)}</text>`);
      let x = labelWidth;
      for (const segment of bar.segments) {
        const w = (segment.ms / max) * plot;
        if (w > 0)
          parts.push(
            `<rect x="${x.toFixed(1)}" y="${y + 2}" width="${w.toFixed(1)}" height="${row - 4}" fill="${segment.colour}"/>`,
          );
        x += w;
      }
      parts.push(`<text x="${(x + 4).toFixed(1)}" y="${y + 13}">${seconds(bar.totalMs)}</text>`);
      y += row;
    }
    y += 22;
  }
  const legend = [...FULL_PARTS, ...CHECK_PARTS, { label: 'other (between stages)', colour: PLAIN }];
  let lx = 8;
  for (const { label, colour } of legend) {
    parts.push(`<rect x="${lx}" y="${y - 10}" width="10" height="10" fill="${colour}"/>`);
    parts.push(`<text x="${lx + 14}" y="${y}">${escape(label)}</text>`);
    lx += 22 + label.length * 6.5;
  }
  y += 18;
  parts.push(`<text x="8" y="${y}" fill="#555">${escape(caption)}</text>`);
  const height = y + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="8" y="20" font-size="13" font-weight="bold">gitops-synth benchmark: wall time per path (each panel to its own scale)</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

if (require.main === module) {
  const file = process.argv[2] ?? 'bench/results/latest.json';
  const report = JSON.parse(readFileSync(file, 'utf8')) as Parameters<typeof chartOfReport>[0];
  writeFileSync(file.replace(/\.json$/, '') + '.svg', chartOfReport(report));
}
