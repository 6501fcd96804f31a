/**
 * A small fleet, a bare GitOps repository and a loopback forge for the publish fault
 * and transport tests, plus helpers to drive `publish`/`publishGroup` from the library
 * with an instant clock and a repository whose methods can be intercepted.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GitRepository } from '../../src/git/repository';
import { cloneRepository } from '../../src/git/clone';
import { renderFleet, Rendered } from '../../src/pipeline/render';
import { createPlatform } from '../../src/platform/registry';
import { PlatformClock } from '../../src/platform/http';
import { Platform } from '../../src/platform/types';
import { GroupRun } from '../../src/publish/publish-group';
import { PublishRequest } from '../../src/publish/publish';
import { RetryClock } from '../../src/retry';
import { runCli, CliRun } from '../support/cli';
import { hostFlags } from '../support/cli-fleet';
import { ForgeOptions, LoopbackForge, startLoopbackForge } from '../support/forge';
import { BareRepository, createBareRepository, git, testGitEnv } from '../support/git-server';

/** One cluster of the test fleet. */
export interface TestCluster {
  readonly id: string;
  readonly owners?: readonly string[];
  /** The number of replicas of its one application (change it to change the cluster). */
  readonly replicas?: number;
}

/** The default fleet: two small Flux clusters with one application each. */
export const TWO_CLUSTERS: readonly TestCluster[] = [
  { id: 'alpha', owners: ['@acme/alpha-team'] },
  { id: 'beta', owners: ['@acme/beta-team', '@acme/alpha-team'] },
];

/** Intents (YAML) for `clusters`: one nextcloud application per cluster. */
export function fleetIntents(clusters: readonly TestCluster[]): string {
  const lines = ['apiVersion: gitops.vworkspace.io/v1alpha1', 'kind: Intents', 'clusters:'];
  for (const cluster of clusters) {
    lines.push(
      `  - id: ${cluster.id}`,
      '    sync: flux',
      `    owners: ${JSON.stringify(cluster.owners ?? [])}`,
    );
  }
  lines.push('applications:');
  for (const cluster of clusters) {
    lines.push(
      `  - cluster: ${cluster.id}`,
      '    namespace: org-team',
      '    name: cloud',
      '    app: nextcloud',
      '    version: "28.0.4"',
      '    chart: { repository: "https://charts.example.org/stable", name: nextcloud, version: "4.6.2" }',
      `    values: { replicas: ${cluster.replicas ?? 1} }`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A temporary directory with a bare repository, a forge and intents. */
export interface PublishFixture {
  readonly tmp: string;
  readonly bare: BareRepository;
  readonly forge: LoopbackForge;
  /** The intents file. */
  readonly intents: string;
  /** The environment publish runs with (isolated HOME, cache, token, bot identity). */
  readonly env: Record<string, string>;
  /** Replaces the intents. */
  writeIntents(clusters: readonly TestCluster[]): void;
  /** The host flags for the bare repository and the forge. */
  hostFlags(): string[];
  /** `gitops-synth publish` in-process against the bare repository and the forge. */
  cli(extra?: readonly string[], options?: { env?: NodeJS.ProcessEnv; repo?: string }): Promise<CliRun>;
  close(): Promise<void>;
}

/** Options of {@link createPublishFixture}. */
export interface FixtureOptions {
  readonly clusters?: readonly TestCluster[];
  /** The forge's (and, for smart HTTP, the Git server's) token. */
  readonly token?: string;
  /** Files the bare repository's seed commit holds. */
  readonly seedFiles?: Readonly<Record<string, string>>;
  /** Lines appended to the test HOME's .gitconfig. */
  readonly gitConfig?: string;
  /** Environment entries to add or (with '') remove. */
  readonly env?: Readonly<Record<string, string>>;
  /** The forge's emulated limits and clock. */
  readonly forge?: Pick<ForgeOptions, 'limits' | 'now'>;
}

/** Creates a fixture; call `close()` in afterEach/afterAll. */
export async function createPublishFixture(options: FixtureOptions = {}): Promise<PublishFixture> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-pub-'));
  const forge = await startLoopbackForge({
    provider: 'github',
    project: 'acme/fleet',
    token: options.token,
    ...options.forge,
  });
  const bare = createBareRepository({ root: tmp, name: 'fleet.git', files: options.seedFiles });
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home);
  fs.writeFileSync(
    path.join(home, '.gitconfig'),
    `[gc]\n\tauto = 0\n[maintenance]\n\tauto = false\n${options.gitConfig ?? ''}`,
  );
  const intents = path.join(tmp, 'intents.yaml');
  const writeIntents = (clusters: readonly TestCluster[]): void =>
    fs.writeFileSync(intents, fleetIntents(clusters));
  writeIntents(options.clusters ?? TWO_CLUSTERS);
  const env: Record<string, string> = {
    ...testGitEnv(home),
    XDG_CACHE_HOME: path.join(tmp, 'cache'),
    GITOPS_TOKEN: forge.token,
    GITOPS_AUTHOR_NAME: 'gitops-synth bot',
    GITOPS_AUTHOR_EMAIL: 'bot@example.org',
  };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === '') delete env[key];
    else env[key] = value;
  }
  const host = (repo = bare.url): string[] =>
    hostFlags({ repo, provider: 'github', apiUrl: forge.apiUrl, project: 'acme/fleet' });
  return {
    tmp,
    bare,
    forge,
    intents,
    env,
    writeIntents,
    hostFlags: () => host(),
    cli: (extra = [], cliOptions = {}) =>
      runCli(['publish', '--intents', intents, ...host(cliOptions.repo), ...extra], {
        cwd: tmp,
        env: cliOptions.env ?? env,
      }),
    close: async () => {
      await forge.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Renders the fixture's intents for the whole fleet. */
export function renderIntents(fixture: PublishFixture): Promise<Rendered> {
  return renderFleet({ intents: fixture.intents, repoUrl: fixture.bare.url, branch: 'main', selection: {} });
}

/** A clock that never waits and records every delay asked for. */
export function instantClock(): PlatformClock & { readonly sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, now: () => Date.now() };
}

/** The GitHub adapter pointed at the fixture's forge, retrying on an instant clock. */
export function forgePlatform(fixture: PublishFixture, clock: PlatformClock = instantClock()): Platform {
  return createPlatform({
    provider: 'github',
    apiUrl: fixture.forge.apiUrl,
    project: 'acme/fleet',
    token: fixture.forge.token,
    clock,
  });
}

/** Clones the fixture's repository into `<tmp>/<name>` as publish's working copy would be. */
export function cloneWorkingCopy(fixture: PublishFixture, name = 'work'): Promise<GitRepository> {
  return cloneRepository(fixture.bare.url, path.join(fixture.tmp, name), {
    branch: 'main',
    env: fixture.env,
  });
}

/** Methods of the repository to run something before; each gets the call's arguments. */
export type RepositoryHooks = {
  readonly [K in keyof GitRepository]?: (...args: unknown[]) => void | Promise<void>;
};

/**
 * The repository with `hooks` run before the named methods (the real method runs
 * afterwards, unchanged): the way a test makes the world move at an exact step.
 */
export function interceptRepository(repo: GitRepository, hooks: RepositoryHooks): GitRepository {
  return new Proxy(repo, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const hook = hooks[property as keyof GitRepository];
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      return hook === undefined
        ? method
        : async (...args: unknown[]) => {
            await hook(...args);
            return method(...args);
          };
    },
  });
}

/** A {@link GroupRun} for the fixture's fleet, with an instant clock and a log that is kept. */
export function groupRun(
  repo: GitRepository,
  rendered: Rendered,
  platform: Platform | undefined,
  overrides: Partial<GroupRun> = {},
): GroupRun & { readonly lines: string[] } {
  const lines: string[] = [];
  const clock: RetryClock = instantClock();
  return {
    lines,
    repo,
    base: 'main',
    tree: rendered.tree,
    clusters: rendered.allClusters,
    provenance: { intentsDigest: rendered.digest, toolVersion: '0.1.0-test' },
    identities: { author: BOT, committer: BOT },
    groupBy: 'cluster',
    allowDeletions: false,
    maxDeletionShare: 0.5,
    platform,
    maxBodyLength: 65536,
    retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 },
    clock,
    log: (line) => void lines.push(line),
    ...overrides,
  };
}

/** The identity the library-level runs commit as. */
export const BOT = { name: 'gitops-synth bot', email: 'bot@example.org' } as const;

/** The commits on `branch` that `main` does not have, oldest first, as `sha subject`. */
export function commitsAboveMain(bareDir: string, branch: string): string[] {
  const out = git(['log', '--reverse', '--format=%H %s', `refs/heads/main..refs/heads/${branch}`], {
    cwd: bareDir,
  });
  return out === '' ? [] : out.split('\n');
}

/** The parents of `ref` in the bare repository. */
export function parentsOf(bareDir: string, ref: string): string[] {
  return git(['rev-list', '--parents', '-n', '1', ref], { cwd: bareDir }).split(' ').slice(1);
}

/** A `git` placed first on PATH that runs `script` (shell) before the real git. */
export interface GitWrapper {
  /** PATH with the wrapper's directory first. */
  readonly path: string;
  /** Every argument list git was run with (one line per run, arguments joined by spaces). */
  calls(): string[];
  /** Everything `GIT_TRACE` wrote, including the command lines of git's own child processes. */
  trace(): string;
}

/**
 * Writes the wrapper into `<root>/git-wrapper`. `script` runs with the arguments in
 * `$@` before the real git (`/usr/bin/git` unless REAL_GIT is set) is exec'ed, so a
 * test can pause or mark a given step (e.g. `case "$1" in push) ... ;; esac`).
 */
export function createGitWrapper(root: string, script = ''): GitWrapper {
  const dir = path.join(root, 'git-wrapper');
  fs.mkdirSync(dir, { recursive: true });
  const log = path.join(dir, 'calls.log');
  const trace = path.join(dir, 'trace.log');
  const real = git(['--exec-path'], { cwd: root }).replace(/\/lib\/git-core$/, '/bin/git');
  fs.writeFileSync(
    path.join(dir, 'git'),
    [
      '#!/bin/sh',
      `printf '%s\\n' "$*" >> '${log}'`,
      script,
      `GIT_TRACE='${trace}' exec '${fs.existsSync(real) ? real : '/usr/bin/git'}' "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const read = (file: string): string => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
  return {
    path: `${dir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    calls: () =>
      read(log)
        .split('\n')
        .filter((line) => line !== ''),
    trace: () => read(trace),
  };
}

/** A {@link PublishRequest} for the fixture's whole fleet, into the working copy `<tmp>/<workdir>`. */
export function publishRequest(
  fixture: PublishFixture,
  rendered: Rendered,
  platform: Platform | undefined,
  overrides: Partial<PublishRequest> = {},
): PublishRequest & { readonly lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    workspace: {
      repo: fixture.bare.url,
      base: 'main',
      workdir: path.join(fixture.tmp, 'work'),
      cwd: fixture.tmp,
      env: fixture.env,
    },
    rendered,
    allClusters: rendered.allClusters,
    selects: () => true,
    groupBy: 'cluster',
    shardSuffix: '',
    identities: { author: BOT, committer: BOT },
    toolVersion: '0.1.0-test',
    allowDeletions: false,
    maxDeletionShare: 0.5,
    platform,
    retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
    clock: instantClock(),
    log: (line) => void lines.push(line),
    ...overrides,
  };
}
