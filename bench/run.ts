/**
 * `npm run bench`: synthetic fleets of 1,000, 10,000 and 100,000 ApplicationInstances,
 * each stage timed in fresh processes (median of `--runs`, default 3), with, in the same
 * run on the same fleet: the plain cdk8s program a user would write, the project's old
 * comparison (its own fleet charts through App.synth()) and the write floor; the ratios
 * issue 13 sets as targets; the results as JSON (`bench/results/latest.json`) and an SVG
 * chart next to them (`latest.svg`).
 *
 * Flags: `--sizes 1000,10000,100000` (any subset), `--runs 3`, `--large-runs <n>` (runs at
 * sizes of 100,000 and more; default 1), `--baseline` (also run the old comparison at
 * 100,000, which takes over an hour), `--no-publish`, `--out <file>`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { median, StageFigures } from './measure';
import { LARGE } from './targets';
import { growthRatios, PATH_LABELS, publishMs, SizeResult, targetRatios } from './targets';
import { chartOfReport } from './svg';

interface Options {
  sizes: number[];
  runs: number;
  largeRuns: number;
  baselineAtLarge: boolean;
  publish: boolean;
  out: string;
}

const CHILD = path.join(__dirname, 'child.js');
/** Only the plain cdk8s baseline gets a larger heap: at 100,000 it needs several GB. gitops-synth runs with Node's defaults, as users run it. */
const BASELINE_HEAP_MB = 16384;

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index < 0 ? undefined : argv[index + 1];
  };
  const runs = Number(value('--runs') ?? 3);
  return {
    sizes: (value('--sizes') ?? '1000,10000,100000').split(',').map(Number),
    runs,
    // The 100,000 fleet takes minutes per mode on a shared 2-core machine: once, unless asked.
    largeRuns: Number(value('--large-runs') ?? 1),
    baselineAtLarge: argv.includes('--baseline'),
    publish: !argv.includes('--no-publish'),
    // Absolute: the temporary trees (and the publish remote's file:// URL) are built from it.
    out: path.resolve(value('--out') ?? path.resolve(__dirname, '../../../bench/results/latest.json')),
  };
}

interface RunResult {
  readonly stages: StageFigures[];
  readonly [key: string]: unknown;
}

function child(mode: string, work: string, arg: string): RunResult {
  const started = Date.now();
  const heap = mode === 'baseline' ? [`--max-old-space-size=${BASELINE_HEAP_MB}`] : [];
  const text = execFileSync(process.execPath, [...heap, CHILD, mode, work, arg], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stderr.write(`  ${mode} ${arg}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return JSON.parse(text) as RunResult;
}

/** Per stage: the median time and the median peak memory over the runs; plus the median total time. */
function summarize(
  runs: readonly RunResult[],
  total: (stage: string) => boolean = () => true,
): { totalMs: number; peakMb: number; stages: StageFigures[]; runsMs: number[]; extra: unknown } {
  const names = runs[0].stages.map((s) => s.stage);
  const stages = names.map((name) => {
    const of = runs.map((run) => run.stages.find((s) => s.stage === name)!);
    return { stage: name, ms: median(of.map((s) => s.ms)), peakMb: median(of.map((s) => s.peakMb)) };
  });
  // A synth run's total is its wall time end to end (synthMs), not the sum of its stages, so nothing between stages goes uncounted.
  const runsMs = runs.map((run) =>
    typeof run.synthMs === 'number'
      ? run.synthMs
      : run.stages.filter((s) => total(s.stage)).reduce((sum, s) => sum + s.ms, 0),
  );
  const { stages: _stages, ...extra } = runs[0];
  return {
    totalMs: median(runsMs),
    peakMb: Math.max(...stages.filter((s) => total(s.stage)).map((s) => s.peakMb)),
    stages,
    runsMs,
    extra,
  };
}

/** The stages of `gitops-synth synth` (diff and commit are measured, but are not synth). */
const SYNTH_STAGES = new Set([
  'fingerprint intents files',
  'fingerprint intents files, check stamps',
  'load and validate intents',
  'fingerprint clusters',
  'check stamps',
  'synthesize, validate and write',
  'record stamps',
]);

function benchSize(size: number, options: Options, root: string): Record<string, unknown> {
  const work = path.join(root, String(size));
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  process.stderr.write(`size ${size}\n`);
  const prepared = child('prepare', work, String(size));
  const runs = size >= LARGE ? options.largeRuns : options.runs;
  const repeat = (mode: string): RunResult[] =>
    Array.from({ length: runs }, (_, index) => child(mode, work, String(index + 1)));
  const full = summarize(repeat('full'), (s) => SYNTH_STAGES.has(s));
  const check = summarize(repeat('check'));
  const noop = summarize(repeat('noop'), (s) => SYNTH_STAGES.has(s));
  const noopUncached = summarize(repeat('noop-uncached'), (s) => SYNTH_STAGES.has(s));
  const floor = summarize(repeat('floor'));
  const oneChange = summarize(repeat('one-change'), (s) => SYNTH_STAGES.has(s));
  const plain = summarize(repeat('plain'));
  const baseline = size < LARGE || options.baselineAtLarge ? summarize(repeat('baseline')) : undefined;
  const publishSparse = options.publish
    ? summarize(repeat('publish-sparse'), (s) => !s.startsWith('render'))
    : undefined;
  const publishFull =
    options.publish && size >= LARGE
      ? summarize(repeat('publish-full'), (s) => !s.startsWith('render'))
      : undefined;
  fs.rmSync(work, { recursive: true, force: true });
  return {
    size,
    runs,
    prepared,
    full,
    check,
    noop,
    noopUncached,
    floor,
    oneChange,
    plain,
    baseline,
    publishSparse,
    publishFull,
  };
}

/** The machine's load as `uptime` reports it: the figures are only as quiet as this. */
function uptime(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`;
  }
}

function verdict(met: boolean | null | 'reference'): string {
  return met === null ? 'not measured' : met === 'reference' ? 'reference' : met ? 'met' : 'NOT MET';
}

function printSize(r: SizeResult): void {
  const line = (label: string, s: { totalMs: number; peakMb: number } | undefined): string =>
    s === undefined
      ? ''
      : `  ${label.padEnd(48)} ${String(s.totalMs).padStart(8)} ms  ${String(s.peakMb).padStart(6)} MB\n`;
  process.stdout.write(`\n${r.size} ApplicationInstances (median of ${String(r.runs)} runs)\n`);
  for (const s of r.full?.stages ?? [])
    process.stdout.write(
      `    ${s.stage.padEnd(46)} ${String(s.ms).padStart(8)} ms  ${s.peakMb < 0 ? '' : `${String(s.peakMb).padStart(6)} MB`}\n`,
    );
  const paths = ['full', 'check', 'noop', 'noopUncached', 'oneChange', 'floor', 'plain', 'baseline'] as const;
  process.stdout.write(paths.map((key) => line(PATH_LABELS[key], r[key])).join(''));
  const publish = publishMs(r);
  if (publish !== undefined)
    process.stdout.write(`  ${PATH_LABELS.publish.padEnd(48)} ${String(publish).padStart(8)} ms\n`);
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const root = path.join(path.dirname(options.out), 'tmp');
  const results: SizeResult[] = [];
  const started = Date.now();
  const loadAtStart = uptime();
  const report = () => ({
    measuredAt: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    wallSeconds: Math.round((Date.now() - started) / 1000),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 1e9),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      uptimeAtStart: loadAtStart,
      uptimeAtEnd: uptime(),
      loadAverageAtEnd: os.loadavg(),
    },
    options: { ...options, out: undefined, baselineHeapMb: BASELINE_HEAP_MB },
    results,
    ratios: targetRatios(results),
    growth: growthRatios(results),
  });
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  const svg = options.out.replace(/\.json$/, '') + '.svg';
  const save = (): ReturnType<typeof report> => {
    const now = report();
    fs.writeFileSync(options.out, `${JSON.stringify(now, null, 2)}\n`);
    fs.writeFileSync(svg, chartOfReport(now));
    return now;
  };
  for (const size of options.sizes) {
    results.push(benchSize(size, options, root) as unknown as SizeResult);
    // Written after every size, so a run that fails at 100,000 keeps the smaller sizes' figures.
    save();
  }
  const final = save();
  results.forEach(printSize);
  for (const [title, list] of [
    ['targets (issue 13, at 100,000; smaller sizes for reference)', final.ratios],
    ['growth from 10,000 to 100,000 objects', final.growth],
  ] as const) {
    process.stdout.write(`\n${title}\n`);
    for (const ratio of list)
      process.stdout.write(
        `  ${ratio.name.padEnd(86)} ${String(ratio.value ?? '–').padStart(8)}  target ${ratio.target.padEnd(11)} ${verdict(ratio.met)}\n`,
      );
  }
  process.stdout.write(
    `\nload at start: ${final.machine.uptimeAtStart}\nload at end:   ${final.machine.uptimeAtEnd}\n` +
      `took ${final.wallSeconds} s\nwritten to ${options.out} and ${svg}\n`,
  );
}

main();
