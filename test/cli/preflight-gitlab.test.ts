import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { branchSha, createBareRepository, git, testGitEnv } from '../support/git-server';
import { ForgeOptions, LoopbackForge, startLoopbackForge } from '../support/forge';
import { runCli } from '../support/cli';

const examples = path.resolve(__dirname, '../../examples/intents');
const PROJECT = 'platform/fleet/gitops';

describe('the preflight on GitLab', () => {
  let tmp: string;
  let forge: LoopbackForge | undefined;
  let bare: ReturnType<typeof createBareRepository>;
  let intents: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-preflight-gitlab-'));
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
      provider: 'gitlab',
      project: PROJECT,
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
        'gitlab',
        '--api-url',
        forge!.apiUrl,
        '--project',
        PROJECT,
        '--root',
        path.join(tmp, 'work'),
      ],
      { cwd: tmp, env },
    );

  const branches = () =>
    git(['for-each-ref', '--format=%(refname)', 'refs/heads'], { cwd: bare.dir })
      .split('\n')
      .filter((line) => line !== '');

  const nothingHappened = (before: string[]) => {
    expect(fs.existsSync(path.join(tmp, 'work'))).toBe(false);
    expect(branches()).toEqual(before);
    expect(forge!.writes()).toEqual([]);
    expect(forge!.validationFailures).toEqual([]);
  };

  it('GIVEN a Reporter token (role 20) WHEN publishing THEN it stops before cloning or pushing, naming the missing rights and the Developer role', async () => {
    await start({ access: { accessLevel: 20 } });
    const before = branches();

    const run = await cli('publish', '--intents', intents);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('publish cannot run; nothing was pushed or changed. Missing:');
    expect(run.stderr).toContain('push branches: the token may not');
    expect(run.stderr).toContain('open pull requests: the token may not');
    expect(run.stderr).toContain('the Developer role or higher');
    nothingHappened(before);
  });

  it('GIVEN a project whose push rule rejects unsigned commits and no --sign WHEN publishing THEN it stops before anything is pushed, naming --sign none', async () => {
    await start({ access: { rules: ['required_signatures'] } });
    const before = branches();

    const run = await cli('publish', '--intents', intents);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "signed commits: the project's push rule rejects unsigned commits and --sign is none",
    );
    expect(run.stderr).toContain('grant it: pass --sign ssh or --sign gpg');
    nothingHappened(before);
  });

  it('GIVEN a base branch that does not exist on GitLab WHEN publishing THEN the preflight names it before any push', async () => {
    await start({});
    git(['branch', '-m', 'main', 'trunk'], { cwd: bare.dir });
    const before = branches();

    const run = await cli('publish', '--intents', intents);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("base branch 'main': does not exist on the host");
    nothingHappened(before);
  });

  it('GIVEN a Developer token (role 30) WHEN publishing THEN the preflight passes and the merge requests open', async () => {
    await start({ access: { accessLevel: 30 } });

    const run = await cli('publish', '--intents', intents, '--clusters', 'cluster-lab-1');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(branchSha(bare.dir, 'gitops/cluster-lab-1')).toBeDefined();
    expect(forge!.state.pulls.map((p) => p.branch)).toEqual(['gitops/cluster-lab-1']);
    const project = `/api/v4/projects/${encodeURIComponent(PROJECT)}`;
    expect(forge!.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(
      expect.arrayContaining([
        `GET ${project} 200`,
        `GET ${project}/repository/branches/main 200`,
        `GET ${project}/push_rule 404`,
      ]),
    );
    expect(forge!.validationFailures).toEqual([]);
  });

  it('GIVEN a Developer role through the group only WHEN publishing THEN the group role counts and the preflight passes', async () => {
    await start({ access: { accessLevel: null, groupAccessLevel: 30 } });

    const run = await cli('publish', '--intents', intents, '--clusters', 'cluster-lab-1');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(forge!.validationFailures).toEqual([]);
  });
});
