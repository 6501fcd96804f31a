/**
 * The ratios issue 13 sets as targets, computed from one benchmark run: each with its
 * value, its target and a verdict. Only ratios taken in the same run are compared: the
 * machine is shared, so absolute times move with the load.
 */
import type { StageFigures } from './measure';

/** One path's figures at one size (run.ts `summarize`). */
export interface PathSummary {
  readonly totalMs: number;
  readonly peakMb: number;
  readonly stages: readonly StageFigures[];
  readonly extra?: unknown;
}

/** Everything measured at one size. */
export interface SizeResult {
  readonly size: number;
  readonly runs: number;
  readonly full?: PathSummary;
  readonly check?: PathSummary;
  readonly noop?: PathSummary;
  readonly noopUncached?: PathSummary;
  readonly oneChange?: PathSummary;
  readonly floor?: PathSummary;
  readonly plain?: PathSummary;
  readonly baseline?: PathSummary;
  readonly publishSparse?: PathSummary;
  readonly publishFull?: PathSummary;
}

/** `met`: true, false, null (not measured in this run) or 'reference' (no target at this size). */
export interface Ratio {
  readonly name: string;
  readonly value: number | null;
  readonly target: string;
  readonly met: boolean | null | 'reference';
}

/** The size the issue sets its targets at. */
export const LARGE = 100000;
const MID = 10000;
const SMALL = 1000;

/** The labels of the measured paths, as the tables, the chart and the README name them. */
export const PATH_LABELS: Record<string, string> = {
  full: 'gitops-synth synth (full)',
  check: 'gitops-synth check (fresh clone)',
  noop: 'no-op synth (cached)',
  noopUncached: 'no-op synth (--no-cache)',
  oneChange: 'synth after one changed intent',
  floor: 'write floor (writeFileSync per file)',
  plain: 'plain cdk8s program (App.synth())',
  baseline: "old comparison (project's charts, App.synth())",
  publish: 'publish one change (render + clone and publish)',
};

function stageMs(summary: PathSummary | undefined, name: string): number | undefined {
  return summary?.stages.find((s) => s.stage === name)?.ms;
}

/** What `gitops-synth publish` of one changed intent costs on a fresh runner: rendering, then cloning and publishing. */
export function publishMs(r: SizeResult | undefined, warm = false): number | undefined {
  const name = warm ? 'publish (cached working copy)' : 'clone and publish';
  const render = stageMs(r?.publishSparse, `render (${name})`);
  const publish = stageMs(r?.publishSparse, name);
  return render === undefined || publish === undefined ? undefined : render + publish;
}

/** A path's total time at one size (publish: render + clone and publish). */
export function pathMs(r: SizeResult | undefined, key: string): number | undefined {
  if (key === 'publish') return publishMs(r);
  return (r?.[key as keyof SizeResult] as PathSummary | undefined)?.totalMs;
}

class Ratios {
  readonly list: Ratio[] = [];

  add(
    name: string,
    value: number | undefined,
    target: string,
    met: ((v: number) => boolean) | 'reference',
  ): void {
    const verdict =
      value === undefined || !Number.isFinite(value) ? null : met === 'reference' ? 'reference' : met(value);
    this.list.push({
      name,
      value: value === undefined || !Number.isFinite(value) ? null : Math.round(value * 1000) / 1000,
      target,
      met: verdict,
    });
  }
}

const over = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined ? undefined : a / b;

/** The per-size ratios (targets at 100,000; smaller sizes show the trend) and the cross-size ones. */
export function targetRatios(results: readonly SizeResult[]): Ratio[] {
  const out = new Ratios();
  for (const r of results) {
    const at = r.size >= LARGE;
    const gate = (check: (v: number) => boolean): ((v: number) => boolean) | 'reference' =>
      at ? check : 'reference';
    const n = r.size.toLocaleString('en');
    const full = r.full?.totalMs;
    out.add(
      `${n}: full synth / write floor`,
      over(full, r.floor?.totalMs),
      '<= 2',
      gate((v) => v <= 2),
    );
    out.add(
      `${n}: plain cdk8s program / full synth`,
      over(r.plain?.totalMs, full),
      '>= 15',
      gate((v) => v >= 15),
    );
    out.add(
      `${n}: old comparison (project charts + App.synth()) / full synth`,
      over(r.baseline?.totalMs, full),
      '(reference)',
      'reference',
    );
    out.add(
      `${n}: check on a fresh clone / full synth`,
      over(r.check?.totalMs, full),
      '<= 0.333',
      gate((v) => v <= 1 / 3),
    );
    out.add(
      `${n}: cached no-op / full synth`,
      over(r.noop?.totalMs, full),
      '<= 0.05',
      gate((v) => v <= 0.05),
    );
    out.add(
      `${n}: files written by the no-op synth`,
      (r.noop?.extra as { written?: number } | undefined)?.written,
      '0',
      (v) => v === 0,
    );
    for (const key of ['full', 'check', 'noop', 'noopUncached', 'oneChange'] as const)
      out.add(
        `${n}: peak RSS (MB), ${PATH_LABELS[key]}`,
        r[key]?.peakMb,
        '<= 400',
        gate((v) => v <= 400),
      );
    out.add(
      `${n}: peak RSS (MB), publish one change`,
      r.publishSparse?.peakMb,
      '<= 400',
      gate((v) => v <= 400),
    );
  }
  const find = (size: number): SizeResult | undefined => results.find((r) => r.size === size);
  out.add(
    'publish one changed intent, 100,000 / 1,000 (render + clone and publish, sparse)',
    over(publishMs(find(LARGE)), publishMs(find(SMALL))),
    '<= 3',
    (v) => v <= 3,
  );
  out.add(
    'publish one changed intent, 100,000 / 1,000 (render + publish, cached working copy)',
    over(publishMs(find(LARGE), true), publishMs(find(SMALL), true)),
    '(reference)',
    'reference',
  );
  return out.list;
}

/** Growth from 10,000 to 100,000 objects of every path: at most 11x (10x the objects). */
export function growthRatios(results: readonly SizeResult[]): Ratio[] {
  const out = new Ratios();
  const big = results.find((r) => r.size === LARGE);
  const mid = results.find((r) => r.size === MID);
  for (const key of Object.keys(PATH_LABELS)) {
    const gated = !['baseline', 'plain', 'floor'].includes(key);
    out.add(
      `growth 10,000 -> 100,000: ${PATH_LABELS[key]}`,
      over(pathMs(big, key), pathMs(mid, key)),
      gated ? '<= 11' : '(reference)',
      gated ? (v) => v <= 11 : 'reference',
    );
  }
  return out.list;
}
