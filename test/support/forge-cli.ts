/**
 * The setup the preflight tests share: a temporary directory with a bare GitOps
 * repository, the example intents and a runner's environment (no token until the forge
 * starts), a loopback forge for one provider started by each test with its own access
 * options, and `cli(...)`, which runs a command against that repository and forge. Jest's
 * beforeEach/afterEach are registered here, so a test file keeps only what it tests.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ProviderName } from '../../src/platform/types';
import { CliRun, runCli } from './cli';
import { ForgeOptions, LoopbackForge, startLoopbackForge } from './forge';
import { createBareRepository, git, testGitEnv } from './git-server';

const EXAMPLES = path.resolve(__dirname, '../../examples/intents');

/** What a test reads and drives; the fields are fresh in every test. */
export interface ForgeCliFixture {
  readonly tmp: string;
  readonly bare: ReturnType<typeof createBareRepository>;
  readonly intents: string;
  /** The runner's environment: GITOPS_TOKEN is the forge's once it is started. */
  readonly env: NodeJS.ProcessEnv;
  /** The forge; throws when the test has not started it. */
  readonly forge: LoopbackForge;
  /** The working copy `--root` names: it must not exist when a preflight refused the run. */
  readonly workdir: string;
  /** Starts the forge with `options` (access reads the bare repository's branches). */
  start(options: Partial<ForgeOptions>): Promise<LoopbackForge>;
  /** Runs `gitops-synth <args>` with the repository, host and project flags appended. */
  cli(...args: string[]): Promise<CliRun>;
  /** Asserts that nothing was cloned, no gitops/ branch pushed and nothing written to the host. */
  expectNothingHappened(): void;
}

/** Registers the hooks of one describe block and returns its fixture. */
export function useForgeCli(provider: ProviderName, project: string): ForgeCliFixture {
  let state:
    { tmp: string; bare: ReturnType<typeof createBareRepository>; env: NodeJS.ProcessEnv } | undefined;
  let forge: LoopbackForge | undefined;
  const current = () => {
    if (state === undefined) throw new Error('the fixture is used outside a test');
    return state;
  };

  beforeEach(() => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `gs-${provider}-cli-`));
    const bare = createBareRepository({ root: tmp, name: 'fleet.git' });
    fs.cpSync(EXAMPLES, path.join(tmp, 'intents'), { recursive: true });
    const env = {
      ...testGitEnv(path.join(tmp, 'home')),
      XDG_CACHE_HOME: path.join(tmp, 'cache'),
      GITOPS_AUTHOR_NAME: 'gitops-synth bot',
      GITOPS_AUTHOR_EMAIL: 'bot@example.org',
    };
    state = { tmp, bare, env };
  });

  afterEach(async () => {
    await forge?.close();
    forge = undefined;
    if (state !== undefined) fs.rmSync(state.tmp, { recursive: true, force: true });
    state = undefined;
  });

  const fixture: ForgeCliFixture = {
    get tmp() {
      return current().tmp;
    },
    get bare() {
      return current().bare;
    },
    get intents() {
      return path.join(current().tmp, 'intents');
    },
    get env() {
      return current().env;
    },
    get workdir() {
      return path.join(current().tmp, 'work');
    },
    get forge() {
      if (forge === undefined) throw new Error('start the forge first');
      return forge;
    },
    async start(options) {
      forge = await startLoopbackForge({
        provider,
        project,
        ...options,
        access: { gitDir: current().bare.dir, ...options.access },
      });
      current().env.GITOPS_TOKEN = forge.token;
      return forge;
    },
    cli: (...args) =>
      runCli(
        [
          ...args,
          ...['--repo', current().bare.url, '--provider', provider, '--api-url', fixture.forge.apiUrl],
          ...['--project', project, '--root', fixture.workdir],
        ],
        { cwd: current().tmp, env: current().env },
      ),
    expectNothingHappened() {
      expect(fs.existsSync(fixture.workdir)).toBe(false);
      expect(
        git(['for-each-ref', '--format=%(refname)', 'refs/heads/gitops/'], { cwd: current().bare.dir }),
      ).toBe('');
      expect(fixture.forge.writes()).toEqual([]);
      expect(fixture.forge.validationFailures).toEqual([]);
    },
  };
  return fixture;
}
