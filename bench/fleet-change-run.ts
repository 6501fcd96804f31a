/**
 * One path of the fleet-change benchmark (bench/fleet-change.ts): a chart bump that
 * touches every cluster, published to a local bare remote and the loopback forge
 * emulating GitHub's documented limits, run after run (one an hour, as a scheduled CI
 * job would) until nothing is left. The forge, the pacer and the retries share one
 * clock that runs with the wall clock but skips every wait (a pause between writes, a
 * wait the host asked for) instantly: the run's time on the host's clock is its wall
 * time plus its waits, without the benchmark sleeping through them.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { Rendered } from '../src/pipeline/render';
import { PlatformClock } from '../src/platform/http';
import { ApiPacer } from '../src/platform/pacing';
import { createPlatform } from '../src/platform/registry';
import { publishRun } from '../src/publish/publish';
import { ForgeLimits, LoopbackForge, startLoopbackForge } from '../test/support/forge';

/** GitHub's documented limits (REST API rate limits, "secondary rate limits"; pull requests per base). */
export const GITHUB_LIMITS: ForgeLimits = {
  primary: { requests: 5000, windowSeconds: 3600 },
  secondary: [
    { writes: 80, windowSeconds: 60, retryAfterSeconds: 60 },
    { writes: 500, windowSeconds: 3600, retryAfterSeconds: 60 },
  ],
  maxOpenPullRequests: 1000,
};

/** The two ways of publishing the change. */
export type PathName = 'one push per cluster' | 'batched and paced';

/** What one run of a path did. */
export interface RunFigures {
  readonly wallMs: number;
  /** Time on the host's clock: the wall time plus the pauses between writes and the waits the host asked for. */
  readonly hostMs: number;
  /** Of which waits (not slept by the benchmark). */
  readonly waitedMs: number;
  readonly published: number;
  readonly unchanged: number;
  readonly deferred: number;
  /** The error the run ended with (a non-zero exit), if any. */
  readonly failed?: string;
}

/** What a path did in all its runs. */
export interface PathFigures {
  readonly path: PathName;
  /** The column's heading: the path and how many clusters it published. */
  readonly label: string;
  readonly clusters: number;
  readonly runs: RunFigures[];
  readonly completed: boolean;
  /** `git push` processes the remote received (its pre-receive hook ran once per push). */
  readonly pushes: number;
  /** Branch updates in those pushes. */
  readonly refUpdates: number;
  /** API requests the forge answered, by method and path template. */
  readonly requests: Record<string, number>;
  /** Answers the emulated limits refused. */
  readonly refused: { primary: number; secondary: number; openPullRequestCap: number };
  /** In the end: pull requests, distinct branches among them, pull requests missing their cluster label, bot branches. */
  readonly end: { pullRequests: number; distinctBranches: number; unlabelled: number; branches: number };
}

/** A clock that runs with the wall clock from `start`, and skips ahead at once when asked to sleep. */
function skippingClock(start: number): PlatformClock & { waited: number; jumpTo(time: number): void } {
  let offset = start - performance.now();
  const clock = {
    waited: 0,
    now: () => Math.floor(offset + performance.now()),
    random: () => 0.5,
    sleep: async (ms: number) => {
      clock.waited += ms;
      offset += ms;
    },
    jumpTo: (time: number) => {
      offset = time - performance.now();
    },
  };
  return clock;
}

/** A copy of the seeded remote whose pre-receive hook logs every push. */
function remoteCopy(seed: string, dir: string): { url: string; log: string } {
  fs.rmSync(dir, { recursive: true, force: true });
  execFileSync('git', ['clone', '--quiet', '--bare', seed, dir]);
  execFileSync('git', ['config', 'gc.auto', '0'], { cwd: dir });
  const log = path.join(dir, 'pushes.log');
  fs.writeFileSync(log, '');
  const hook = path.join(dir, 'hooks', 'pre-receive');
  fs.writeFileSync(hook, `#!/bin/sh\nwc -l >> '${log}'\n`, { mode: 0o755 });
  return { url: `file://${dir}`, log };
}

/** `POST /pulls`, `POST /issues/{n}/labels`: the forge's requests by kind. */
function requestKinds(forge: LoopbackForge): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const request of forge.requests) {
    const template = request.path.replace(/^\/repos\/[^/]+\/[^/]+/, '').replace(/\/\d+(?=\/|$)/g, '/{n}');
    const kind = `${request.method} ${template}${request.status >= 400 ? ` (refused ${request.status})` : ''}`;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(kinds).sort());
}

/** Publishes `rendered` over `seed` along one path until a run defers nothing (at most `maxRuns`). */
export async function runPath(
  name: PathName,
  options: {
    work: string;
    seed: string;
    rendered: Rendered;
    maxRuns: number;
    /** The clusters this path publishes (a slice of the change, or all of it). */
    clusters: number;
    label: string;
  },
): Promise<PathFigures> {
  const slug = `${name}-${options.clusters}`.replace(/\W+/g, '-');
  const ids = new Set(options.rendered.fleet.clusters.slice(0, options.clusters).map((c) => c.id));
  const selects = (id: string) => ids.has(id);
  const remote = remoteCopy(options.seed, path.join(options.work, `remote-${slug}.git`));
  const clock = skippingClock(Date.parse('2026-06-01T00:00:00Z'));
  const forge = await startLoopbackForge({
    provider: 'github',
    limits: GITHUB_LIMITS,
    now: () => new Date(clock.now()),
  });
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'bench',
    GIT_AUTHOR_EMAIL: 'bench@example.org',
    GIT_COMMITTER_NAME: 'bench',
    GIT_COMMITTER_EMAIL: 'bench@example.org',
  };
  const runs: RunFigures[] = [];
  let completed = false;
  try {
    for (let run = 0; run < options.maxRuns && !completed; run++) {
      // Each run starts on the hour, on a fresh runner (a fresh clone).
      clock.jumpTo(Math.ceil(clock.now() / 3_600_000) * 3_600_000);
      const workdir = path.join(options.work, `workdir-${slug}`);
      fs.rmSync(workdir, { recursive: true, force: true });
      const batched = name === 'batched and paced';
      const pacer = batched ? new ApiPacer({ clock }) : undefined;
      const platform = createPlatform({
        provider: 'github',
        apiUrl: forge.apiUrl,
        project: forge.state.project,
        token: forge.token,
        clock,
        fetch: pacer?.wrap((url, init) => fetch(url, init)),
      });
      const hostStart = clock.now();
      const waitedBefore = clock.waited;
      const started = performance.now();
      let figures: Omit<RunFigures, 'wallMs' | 'hostMs' | 'waitedMs'>;
      try {
        const result = await publishRun({
          workspace: { repo: remote.url, base: 'main', workdir, cwd: options.work, env },
          rendered: options.rendered,
          allClusters: options.rendered.allClusters,
          selects,
          groupBy: 'cluster',
          shardSuffix: '',
          identities: {
            author: { name: 'bench', email: 'bench@example.org' },
            committer: { name: 'bench', email: 'bench@example.org' },
          },
          toolVersion: 'bench',
          allowDeletions: false,
          maxDeletionShare: 0.5,
          platform,
          clock,
          log: () => undefined,
          pacer,
          // GitHub's cap is 1,000 open pull requests per base: the whole change fits.
          maxOpenPullRequests: 1000,
          batch: batched,
        });
        const count = (status: string) => result.outcomes.filter((o) => o.status === status).length;
        figures = {
          published: count('published'),
          unchanged: count('unchanged') + count('up-to-date'),
          deferred: result.deferred?.groups.length ?? 0,
        };
        completed = result.deferred === undefined;
      } catch (error) {
        figures = {
          published: 0,
          unchanged: 0,
          deferred: 0,
          failed: (error as Error).message.split('\n')[0],
        };
      }
      runs.push({
        ...figures,
        wallMs: Math.round(performance.now() - started),
        hostMs: clock.now() - hostStart,
        waitedMs: clock.waited - waitedBefore,
      });
      process.stderr.write(`  ${options.label}, run ${run + 1}: ${JSON.stringify(runs.at(-1))}\n`);
    }
    const pushLines = fs
      .readFileSync(remote.log, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const branches = execFileSync('git', ['for-each-ref', '--format=%(refname)', 'refs/heads/gitops/'], {
      cwd: remote.url.slice('file://'.length),
      encoding: 'utf8',
    })
      .split('\n')
      .filter((l) => l !== '');
    const pulls = forge.state.pulls;
    return {
      path: name,
      label: options.label,
      clusters: options.clusters,
      runs,
      completed,
      pushes: pushLines.length,
      refUpdates: pushLines.reduce((sum, line) => sum + Number(line.trim()), 0),
      requests: requestKinds(forge),
      refused: {
        primary: forge.limited.primaryRefused,
        secondary: forge.limited.secondaryRefused,
        openPullRequestCap: forge.limited.capRefused,
      },
      end: {
        pullRequests: pulls.length,
        distinctBranches: new Set(pulls.map((p) => p.branch)).size,
        unlabelled: pulls.filter((p) => !p.labels.some((l) => l.startsWith('cluster:'))).length,
        branches: branches.length,
      },
    };
  } finally {
    await forge.close();
  }
}
