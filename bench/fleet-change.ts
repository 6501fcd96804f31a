/**
 * `npm run bench:fleet-change` (not part of `npm test`): a chart bump that touches
 * every cluster of a 1,000-cluster fleet (one `monitoring-agent` ApplicationInstance per
 * cluster, chart 1.0.0 → 1.1.0), published under GitHub's documented limits along two
 * paths measured in the same run:
 * - **one push per cluster**: the per-cluster path publish took before the batch path
 *   (a fetch, a checkout, a commit and a push for each pull request), with no pacer;
 * - **batched and paced**: the default path: commits built with `git fast-import`,
 *   pushed 100 branches to a `git push`, API writes paced one a second by the pacer.
 * Reported per path: pushes, API requests by kind, wall time, the host's time, and the
 * runs (one an hour) until every cluster has its pull request. Results go to
 * `bench/results/fleet-change-<clusters>.json`.
 *
 * The per-cluster path costs seconds per cluster (a dozen git processes each), so by
 * default it publishes the first 100 clusters of the change (`--baseline-clusters`),
 * and the batched path is measured on the same 100 as well as on all of them.
 *
 * Flags: `--clusters 1000`, `--baseline-clusters 100`, `--max-runs 8`, `--out <file>`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderFleet } from '../src/pipeline/render';
import { codeownersPath, fleetCodeowners } from '../src/publish/codeowners';
import { GITHUB_LIMITS, PathFigures, runPath } from './fleet-change-run';

interface Options {
  readonly clusters: number;
  readonly baselineClusters: number;
  readonly maxRuns: number;
  readonly out: string;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index < 0 ? undefined : argv[index + 1];
  };
  const clusters = Number(value('--clusters') ?? 1000);
  return {
    clusters,
    baselineClusters: Math.min(clusters, Number(value('--baseline-clusters') ?? 100)),
    maxRuns: Number(value('--max-runs') ?? 8),
    out: path.resolve(
      value('--out') ?? path.resolve(__dirname, `../../../bench/results/fleet-change-${clusters}.json`),
    ),
  };
}

/** The fleet's intents: `clusters` clusters, each running one monitoring agent at `chartVersion`. */
function intents(clusters: number, chartVersion: string): string {
  const ids = Array.from({ length: clusters }, (_, i) => `cluster-${String(i).padStart(4, '0')}`);
  const lines = ['apiVersion: gitops.vworkspace.io/v1alpha1', 'kind: Intents', 'clusters:'];
  for (const id of ids) lines.push(`  - { id: ${id}, sync: flux }`);
  lines.push('applications:');
  for (const id of ids) {
    lines.push(
      `  - cluster: ${id}`,
      '    namespace: monitoring',
      '    name: agent',
      '    app: monitoring-agent',
      '    version: "3.2.0"',
      `    chart: { repository: "https://charts.example.org/stable", name: monitoring-agent, version: "${chartVersion}" }`,
      '    values: { scrapeInterval: "30s", resources: { requests: { cpu: "50m", memory: "64Mi" } } }',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A bare repository whose main holds the fleet's tree before the change (as synth committed it). */
async function seed(work: string, file: string): Promise<string> {
  const rendered = await renderFleet({ intents: file, branch: 'main', selection: {} });
  const tree = path.join(work, 'seed');
  fs.mkdirSync(tree, { recursive: true });
  execFileSync('git', ['init', '--quiet', '--initial-branch=main'], { cwd: tree });
  for (const [file, text] of rendered.tree) {
    fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
    fs.writeFileSync(path.join(tree, file), text);
  }
  const codeowners = fleetCodeowners(undefined, rendered.allClusters);
  if (codeowners !== '')
    fs.writeFileSync(
      path.join(
        tree,
        codeownersPath(() => false),
      ),
      codeowners,
    );
  const ident = ['-c', 'user.name=bench', '-c', 'user.email=bench@example.org'];
  execFileSync('git', ['add', '-A'], { cwd: tree });
  execFileSync('git', [...ident, 'commit', '--quiet', '-m', 'fleet before the change'], { cwd: tree });
  const bare = path.join(work, 'seed.git');
  execFileSync('git', ['clone', '--quiet', '--bare', tree, bare]);
  return bare;
}

function table(paths: readonly PathFigures[]): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const sum = (p: PathFigures, key: 'wallMs' | 'hostMs' | 'waitedMs') =>
    p.runs.reduce((s, r) => s + r[key], 0);
  const writes = (p: PathFigures) =>
    Object.entries(p.requests)
      .filter(([kind]) => !kind.startsWith('GET'))
      .reduce((s, [, n]) => s + n, 0);
  const rows: Array<[string, (p: PathFigures) => string]> = [
    ['runs (one an hour) until done', (p) => `${p.runs.length}${p.completed ? '' : ' (not done)'}`],
    ['runs that failed (exit ≠ 0)', (p) => String(p.runs.filter((r) => r.failed !== undefined).length)],
    ['git pushes', (p) => String(p.pushes)],
    ['branch updates pushed', (p) => String(p.refUpdates)],
    ['API requests', (p) => String(Object.values(p.requests).reduce((s, n) => s + n, 0))],
    ['API writes (incl. refused)', (p) => String(writes(p))],
    ['refused by the secondary limit', (p) => String(p.refused.secondary)],
    ['wall time, all runs', (p) => seconds(sum(p, 'wallMs'))],
    ['wall time, first run', (p) => seconds(p.runs[0]?.wallMs ?? 0)],
    ["time on the host's clock, all runs (wall + waits)", (p) => seconds(sum(p, 'hostMs'))],
    ['of which waits (pauses, Retry-After), not slept', (p) => seconds(sum(p, 'waitedMs'))],
    [
      'pull requests in the end (distinct branches)',
      (p) => `${p.end.pullRequests} (${p.end.distinctBranches})`,
    ],
    ['pull requests without their cluster label', (p) => String(p.end.unlabelled)],
  ];
  const lines = [
    `| | ${paths.map((p) => p.path).join(' | ')} |`,
    `| --- |${paths.map(() => ' --- |').join('')}`,
  ];
  for (const [label, cell] of rows) lines.push(`| ${label} | ${paths.map(cell).join(' | ')} |`);
  const kinds = [...new Set(paths.flatMap((p) => Object.keys(p.requests)))].sort();
  for (const kind of kinds)
    lines.push(`| \`${kind}\` | ${paths.map((p) => String(p.requests[kind] ?? 0)).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const work = path.join(path.dirname(options.out), 'tmp', 'fleet-change');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  try {
    const file = path.join(work, 'intents.yaml');
    fs.writeFileSync(file, intents(options.clusters, '1.0.0'));
    const seeded = await seed(work, file);
    fs.writeFileSync(file, intents(options.clusters, '1.1.0'));
    const rendered = await renderFleet({ intents: file, branch: 'main', selection: {} });
    const paths: PathFigures[] = [];
    const columns = [
      ['one push per cluster', options.baselineClusters],
      ['batched and paced', options.baselineClusters],
      ['batched and paced', options.clusters],
    ] as const;
    for (const [name, clusters] of columns) {
      if (
        clusters === options.clusters &&
        name === 'batched and paced' &&
        paths.some((p) => p.clusters === clusters && p.path === name)
      )
        continue;
      const label = `${name}, ${clusters.toLocaleString('en')} clusters`;
      process.stderr.write(`${label}\n`);
      paths.push(
        await runPath(name, { work, seed: seeded, rendered, maxRuns: options.maxRuns, clusters, label }),
      );
    }
    const report = {
      measuredAt: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        loadAverageAtEnd: os.loadavg(),
      },
      change: `chart monitoring-agent 1.0.0 → 1.1.0 on each of ${options.clusters} clusters (one ApplicationInstance per cluster)`,
      limits: GITHUB_LIMITS,
      paths,
    };
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${table(paths)}\nwritten to ${options.out}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
