import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { branchSha, createBareRepository, git, testGitEnv } from '../support/git-server';
import { ForgeOptions, LoopbackForge, startLoopbackForge } from '../support/forge';
import { runCli } from '../support/cli';

const examples = path.resolve(__dirname, '../../examples/intents');

describe('the preflight on Gitea', () => {
  let tmp: string;
  let forge: LoopbackForge | undefined;
  let bare: ReturnType<typeof createBareRepository>;
  let intents: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-preflight-gitea-'));
    bare = createBareRepository({ root: tmp, name: 'fleet.git' });
    intents = path.join(tmp, 'intents');
    fs.cpSync(examples, intents, { recursive: true });
    env = {
      ...testGitEnv(path.join(tmp, 'home')),
      XDG_CACHE_HOME: path.join(tmp, 'cache'),
      GITOPS_AUTHOR_NAME: 'gitops-synth bot',
      GITOPS_AUTHOR_EMAIL: 'bot@example.org',
    };
  });

  afterEach(async () => {
    await forge?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function start(options: Partial<ForgeOptions>): Promise<LoopbackForge> {
    forge = await startLoopbackForge({
      provider: 'gitea',
      project: 'acme/fleet',
      ...options,
      access: { gitDir: bare.dir, ...options.access },
    });
    env.GITOPS_TOKEN = forge.token;
    return forge;
  }

  const cli = (...args: string[]) =>
    runCli(
      [
        ...args,
        '--repo',
        bare.url,
        '--provider',
        'gitea',
        '--api-url',
        forge!.apiUrl,
        '--project',
        'acme/fleet',
        '--root',
        path.join(tmp, 'work'),
      ],
      { cwd: tmp, env },
    );

  const nothingHappened = () => {
    expect(fs.existsSync(path.join(tmp, 'work'))).toBe(false);
    expect(branchSha(bare.dir, 'gitops/cluster-prod-1')).toBeUndefined();
    expect(forge!.writes()).toEqual([]);
    expect(forge!.validationFailures).toEqual([]);
  };

  it('GIVEN a read-only Gitea token WHEN publishing THEN it stops before cloning or pushing, naming the missing right and how to grant it', async () => {
    await start({ access: { permissions: { admin: false, push: false, pull: true } } });

    const run = await cli('publish', '--intents', intents);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('publish cannot run; nothing was pushed or changed. Missing:');
    expect(run.stderr).toContain('push branches: the token may not');
    expect(run.stderr).toContain('grant it: use a token with the write:repository scope');
    nothingHappened();
  });

  it('GIVEN a base branch Gitea protects with required signatures and no --sign WHEN publishing THEN it stops before anything is pushed', async () => {
    await start({ access: { rules: ['required_signatures'] } });

    const run = await cli('publish', '--intents', intents);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'signed commits: the base branch requires signed commits and --sign is none',
    );
    nothingHappened();
  });

  it('GIVEN a base branch that does not exist on Gitea WHEN rolling back THEN the preflight names it before any push', async () => {
    await start({});
    git(['branch', '-m', 'main', 'trunk'], { cwd: bare.dir });

    const run = await cli('rollback', '--commit', bare.seedSha);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("base branch 'main': does not exist on the host");
    expect(forge!.writes()).toEqual([]);
    expect(forge!.validationFailures).toEqual([]);
  });

  it('GIVEN a token that may push WHEN publishing THEN the preflight passes and the pull requests open', async () => {
    await start({});

    const run = await cli('publish', '--intents', intents, '--clusters', 'cluster-lab-1');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(branchSha(bare.dir, 'gitops/cluster-lab-1')).toBeDefined();
    expect(forge!.validationFailures).toEqual([]);
  });
});
