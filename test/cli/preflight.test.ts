import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { branchSha, createBareRepository, testGitEnv } from '../support/git-server';
import { ForgeOptions, LoopbackForge, startLoopbackForge } from '../support/forge';
import { generateAppKey } from '../support/forge/github-app';
import { runCli } from '../support/cli';
import { createSshSigningKey } from '../support/signing-keys';

const examples = path.resolve(__dirname, '../../examples/intents');

describe('the preflight of publish and rollback', () => {
  let tmp: string;
  let forge: LoopbackForge | undefined;
  let bare: ReturnType<typeof createBareRepository>;
  let intents: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-preflight-'));
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
      provider: 'github',
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
        'github',
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

  it('GIVEN a read-only token WHEN publishing THEN it stops before cloning or pushing, with one message naming the missing right and how to grant it', async () => {
    await start({ access: { permissions: { admin: false, push: false, pull: true } } });

    const run = await cli('publish', '--intents', intents);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('publish cannot run; nothing was pushed or changed. Missing:');
    expect(run.stderr).toContain('push branches: the token may not');
    expect(run.stderr).toContain('grant it: give the token Contents: Read and write');
    expect(run.stderr).not.toContain('open pull requests');
    nothingHappened();
  });

  it('GIVEN a GitHub App installed with read-only contents and no pull-request permission WHEN publishing THEN both missing permissions are named in the one message', async () => {
    const key = generateAppKey();
    await start({
      app: {
        appId: 8,
        installationId: 9,
        privateKeyPem: key.privateKeyPem,
        permissions: { contents: 'read', metadata: 'read' },
      },
    });
    delete env.GITOPS_TOKEN;
    env.GITOPS_GITHUB_APP_ID = '8';
    env.GITOPS_GITHUB_APP_PRIVATE_KEY = key.privateKeyPem;

    const run = await cli('publish', '--intents', intents);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('push branches: the GitHub App installation may not');
    expect(run.stderr).toContain('open pull requests: the GitHub App installation may not');
    expect(run.stderr).toContain('Pull requests: Read and write');
    expect(forge!.writes().map((r) => r.path)).toEqual(['/app/installations/9/access_tokens']);
    expect(branchSha(bare.dir, 'gitops/cluster-prod-1')).toBeUndefined();
  });

  it('GIVEN a base branch the repository does not have WHEN publishing THEN it says so and how to fix it', async () => {
    await start({});

    const run = await cli('publish', '--intents', intents, '--base', 'release');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("base branch 'release': does not exist on the host");
    expect(run.stderr).toContain("create 'release'");
    nothingHappened();
  });

  it('GIVEN a base that requires signed commits WHEN publishing unsigned THEN it stops naming --sign; WHEN signing with ssh THEN it publishes', async () => {
    await start({ access: { rules: ['required_signatures', 'required_linear_history'] } });

    const unsigned = await cli('publish', '--intents', intents);

    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toContain(
      'signed commits: the base branch requires signed commits and --sign is none',
    );
    expect(unsigned.stderr).toContain('pass --sign ssh or --sign gpg with --signing-key');
    nothingHappened();

    const key = createSshSigningKey(tmp, 'bot@example.org');
    const signed = await cli(
      'publish',
      '--intents',
      intents,
      '--sign',
      'ssh',
      '--signing-key',
      key.privateKey,
    );
    expect(signed.stderr).toBe('');
    expect(signed.code).toBe(0);
    expect(branchSha(bare.dir, 'gitops/cluster-prod-1')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('GIVEN a read-only token WHEN rolling back THEN it stops the same way before touching anything', async () => {
    await start({ access: { permissions: { admin: false, push: false, pull: true } } });

    const run = await cli('rollback', '--commit', 'abcdef1234');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('rollback cannot run; nothing was pushed or changed');
    nothingHappened();
  });
});
