/**
 * The setup the CLI tests share: a temporary directory holding a bare GitOps
 * repository, a copy of the example intents and an isolated environment, a
 * loopback forge whose token is the run's GITOPS_TOKEN, and the CLI run in-process
 * against both. A test file keeps only what is its own: the provider, the forge's
 * access rules, extra environment entries, and its assertions.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApplyOutcome } from './controllers/flux';
import { CliRun, runCli } from './cli';
import { ForgeOptions, ForgeProvider, LoopbackForge, startLoopbackForge } from './forge';
import { ForgePull } from './forge/state';
import {
  BareRepository,
  createBareRepository,
  git,
  noIdentityGitEnv,
  SmartHttpServer,
  startSmartHttpServer,
  testGitEnv,
} from './git-server';
import { mergeWithReview } from './review';

const EXAMPLES = path.resolve(__dirname, '../../examples/intents');

/** What names the Git host to the CLI. */
export interface Host {
  readonly repo: string;
  readonly provider: string;
  readonly apiUrl: string;
  readonly project: string;
}

const HOST_FLAGS: Readonly<Record<keyof Host, string>> = {
  repo: '--repo',
  provider: '--provider',
  apiUrl: '--api-url',
  project: '--project',
};

/** `--repo … --provider … --api-url … --project …`: what every command that talks to the host is given. */
export function hostFlags(host: Host): string[] {
  return (Object.keys(HOST_FLAGS) as Array<keyof Host>).flatMap((key) => [HOST_FLAGS[key], host[key]]);
}

/** The forge of a fleet: {@link ForgeOptions} less what the fleet decides (provider and project by default). */
export type FleetForgeOptions = Partial<ForgeOptions>;

/** Options of {@link createCliFleet}. */
export interface CliFleetOptions {
  /** Names the temporary directory (`gs-<name>-…`), so a leftover one says which test left it. */
  readonly name: string;
  /** The forge's provider and the `--provider` given (default github). */
  readonly provider?: ForgeProvider;
  /** The forge's project and the `--project` given (default acme/fleet). */
  readonly project?: string;
  /**
   * The forge started with the fleet; `false`: none yet, each test starts its own
   * with {@link CliFleet.start} (when what the forge says is what the test is about).
   */
  readonly forge?: FleetForgeOptions | false;
  /**
   * `bot` (default): GITOPS_AUTHOR_* name the bot. `none`: a fresh runner, with an
   * empty HOME and no Git identity anywhere, so commits fall back to the default one.
   */
  readonly identity?: 'bot' | 'none';
  /** Serve the bare repository over smart HTTP with the forge's token (as a real host does) rather than file://. */
  readonly http?: boolean;
  /** Environment entries added to the fleet's. */
  readonly env?: NodeJS.ProcessEnv;
}

/** A fleet under test; call `close()` in afterEach/afterAll. */
export interface CliFleet {
  readonly tmp: string;
  readonly bare: BareRepository;
  /** The copy of the example intents (a directory the test may edit). */
  readonly intents: string;
  /** The working copy `cli` gives as `--root`. */
  readonly workdir: string;
  /** The environment runs get; tests may change it. */
  readonly env: NodeJS.ProcessEnv;
  /** The running forge (throws before one is started). */
  readonly forge: LoopbackForge;
  /** Starts the forge (closing one already running) and makes its token GITOPS_TOKEN. */
  start(options?: FleetForgeOptions): Promise<LoopbackForge>;
  /** The host flags for the fleet's repository and the running forge; `host` replaces some. */
  hostFlags(host?: Partial<Host>): string[];
  /** The CLI in the fleet's directory with `args` as they are. */
  run(args: readonly string[], options?: { env?: NodeJS.ProcessEnv; now?: () => Date }): Promise<CliRun>;
  /** The CLI with `args`, then the host flags and `--root <workdir>`. */
  cli(...args: string[]): Promise<CliRun>;
  /** {@link cli} with environment entries added, or another `--provider`. */
  cliWith(options: { env?: NodeJS.ProcessEnv; provider?: string }, ...args: string[]): Promise<CliRun>;
  /** The branches of the bare repository, as full ref names. */
  branches(): string[];
  /** Asserts a run stopped before its first step: no working copy, no gitops/ branch pushed, nothing asked of the forge that writes or breaks its API description. */
  expectUntouched(): void;
  /** A reviewer approves `pull` and merges it (see mergeWithReview); returns the merge commit. */
  merge(pull: ForgePull, reviewers: readonly string[]): string;
  /** A controller's judge: a commit fails when a file under the applied path contains `marker`. */
  judgeFailing(marker: string, message: string): (sha: string, kustomizationPath: string) => ApplyOutcome;
  close(): Promise<void>;
}

/** Creates the fleet: directory, bare repository, intents, environment and (unless `forge: false`) the forge. */
export async function createCliFleet(options: CliFleetOptions): Promise<CliFleet> {
  const provider = options.provider ?? 'github';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `gs-${options.name}-`));
  const bare = createBareRepository({ root: tmp, name: 'fleet.git' });
  const intents = path.join(tmp, 'intents');
  fs.cpSync(EXAMPLES, intents, { recursive: true });
  const home = path.join(tmp, 'home');
  const workdir = path.join(tmp, 'work');
  fs.mkdirSync(home);
  const env: NodeJS.ProcessEnv =
    options.identity === 'none'
      ? { ...noIdentityGitEnv(home), XDG_CACHE_HOME: path.join(tmp, 'cache') }
      : {
          ...testGitEnv(home),
          XDG_CACHE_HOME: path.join(tmp, 'cache'),
          GITOPS_AUTHOR_NAME: 'gitops-synth bot',
          GITOPS_AUTHOR_EMAIL: 'bot@example.org',
        };
  Object.assign(env, options.env);
  let forge: LoopbackForge | undefined;
  let forgeHost = { provider, project: options.project ?? 'acme/fleet' };
  let http: SmartHttpServer | undefined;
  const running = (): LoopbackForge => {
    if (forge === undefined) throw new Error('no forge is running: call start() first');
    return forge;
  };

  const fleet: CliFleet = {
    tmp,
    bare,
    intents,
    workdir,
    env,
    get forge() {
      return running();
    },
    async start(forgeOptions = {}) {
      await forge?.close();
      forgeHost = {
        provider: forgeOptions.provider ?? provider,
        project: forgeOptions.project ?? options.project ?? 'acme/fleet',
      };
      // The forge knows the bare repository: "the base branch exists" is git's answer,
      // and the commits `--sign api` asks GitHub to make land in it.
      forge = await startLoopbackForge({
        gitDir: bare.dir,
        ...forgeOptions,
        ...forgeHost,
        access: { gitDir: bare.dir, ...forgeOptions.access },
      });
      env.GITOPS_TOKEN = forge.token;
      return forge;
    },
    hostFlags: (host = {}) =>
      hostFlags({
        repo: host.repo ?? (http === undefined ? bare.url : `${http.url}/fleet.git`),
        provider: host.provider ?? forgeHost.provider,
        apiUrl: host.apiUrl ?? running().apiUrl,
        project: host.project ?? forgeHost.project,
      }),
    run: (args, runOptions = {}) =>
      runCli(args, { cwd: tmp, env: runOptions.env ?? env, now: runOptions.now }),
    cli: (...args) => fleet.cliWith({}, ...args),
    cliWith: (cliOptions, ...args) =>
      fleet.run([...args, ...fleet.hostFlags({ provider: cliOptions.provider }), '--root', workdir], {
        env: { ...env, ...cliOptions.env },
      }),
    branches: () =>
      git(['for-each-ref', '--format=%(refname)', 'refs/heads'], { cwd: bare.dir })
        .split('\n')
        .filter((line) => line !== ''),
    expectUntouched: () => {
      expect(fs.existsSync(workdir)).toBe(false);
      expect(fleet.branches().filter((ref) => ref.startsWith('refs/heads/gitops/'))).toEqual([]);
      expect(running().writes()).toEqual([]);
      expect(running().validationFailures).toEqual([]);
    },
    merge: (pull, reviewers) =>
      mergeWithReview({
        bareDir: bare.dir,
        forge: running(),
        pull,
        reviewers,
        scratch: tmp,
        env: testGitEnv(home),
      }),
    judgeFailing: (marker, message) => (sha, kustomizationPath) => {
      const dir = kustomizationPath.replace(/^\.\//, '');
      const files = git(['ls-tree', '-r', '--name-only', sha, dir], { cwd: bare.dir })
        .split('\n')
        .filter((f) => f !== '');
      const broken = files.some((file) =>
        git(['show', `${sha}:${file}`], { cwd: bare.dir }).includes(marker),
      );
      return broken ? { ok: false, reason: 'HealthCheckFailed', message } : { ok: true };
    },
    async close() {
      await http?.close();
      await forge?.close();
      // A git process the servers started may still be finishing in the cache: retry the removal.
      fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
  if (options.forge !== false) await fleet.start(options.forge);
  if (options.http === true) {
    http = await startSmartHttpServer({ projectRoot: tmp, token: running().token });
  }
  return fleet;
}
