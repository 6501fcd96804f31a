import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { branchSha, createBareRepository, git, testGitEnv } from '../support/git-server';
import { LoopbackForge, startLoopbackForge } from '../support/forge';
import { runCli } from '../support/cli';

const examples = path.resolve(__dirname, '../../examples/intents');
const CLUSTERS = ['cluster-edge-1', 'cluster-lab-1', 'cluster-prod-1'];

/** The tree of `dir` under `sub` at `ref`, as `path blob` lines: what the commit holds. */
function treeOf(dir: string, ref: string, sub: string): string {
  return git(['ls-tree', '-r', ref, '--', sub], { cwd: dir });
}

describe('publish and rollback with --sign api (GitHub makes and signs the commits)', () => {
  let tmp: string;
  let forge: LoopbackForge;
  let bare: ReturnType<typeof createBareRepository>;
  let intents: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-sign-api-'));
    bare = createBareRepository({ root: tmp, name: 'fleet.git' });
    forge = await startLoopbackForge({ provider: 'github', project: 'acme/fleet', gitDir: bare.dir });
    intents = path.join(tmp, 'intents');
    fs.cpSync(examples, intents, { recursive: true });
    env = {
      ...testGitEnv(path.join(tmp, 'home')),
      XDG_CACHE_HOME: path.join(tmp, 'cache'),
      GITOPS_TOKEN: forge.token,
      GITOPS_AUTHOR_NAME: 'gitops-synth bot',
      GITOPS_AUTHOR_EMAIL: 'bot@example.org',
      GITOPS_INTENTS_REVISION: 'intents@abc123',
    };
  });

  afterEach(async () => {
    await forge.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const cli = (provider: string, ...args: string[]) =>
    runCli(
      [
        ...args,
        '--repo',
        bare.url,
        '--provider',
        provider,
        '--api-url',
        forge.apiUrl,
        '--project',
        'acme/fleet',
        '--root',
        path.join(tmp, 'work'),
      ],
      { cwd: tmp, env },
    );

  it('GIVEN --sign api WHEN publishing THEN each bot branch holds a commit GitHub made, on the base, with the tree git would have pushed and the trailers; a rerun writes nothing', async () => {
    const run = await cli('github', 'publish', '--intents', intents, '--sign', 'api');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(forge.validationFailures).toEqual([]);
    expect(forge.state.apiCommits).toHaveLength(3);
    for (const cluster of CLUSTERS) {
      const sha = branchSha(bare.dir, `gitops/${cluster}`)!;
      expect(forge.state.apiCommits).toContain(sha);
      expect(git(['rev-parse', `${sha}^`], { cwd: bare.dir })).toBe(bare.seedSha);
      expect(git(['log', '-1', '--format=%an', sha], { cwd: bare.dir })).toBe('gitops-synth-loopback[bot]');
      const message = git(['log', '-1', '--format=%B', sha], { cwd: bare.dir });
      expect(message).toContain('Intents-Revision: intents@abc123');
      expect(message).toMatch(/^Generated-By: gitops-synth \d+\.\d+\.\d+/m);
      expect(treeOf(bare.dir, sha, `clusters/${cluster}`)).not.toBe('');
    }
    expect(forge.state.pulls.map((p) => p.branch).sort()).toEqual(CLUSTERS.map((c) => `gitops/${c}`));
    // No temporary branch is left on the host.
    expect(
      git(['for-each-ref', '--format=%(refname)', 'refs/heads/gitops-synth-api/'], { cwd: bare.dir }),
    ).toBe('');

    const again = await cli('github', 'publish', '--intents', intents, '--sign', 'api');

    expect(again.code).toBe(0);
    expect(forge.state.apiCommits).toHaveLength(3);
  });

  it('GIVEN the same intents WHEN published with --sign api and with git THEN both commits hold the same tree', async () => {
    await cli('github', 'publish', '--intents', intents, '--clusters', 'cluster-lab-1', '--sign', 'api');
    const viaApi = branchSha(bare.dir, 'gitops/cluster-lab-1')!;
    git(['update-ref', '-d', 'refs/heads/gitops/cluster-lab-1'], { cwd: bare.dir });
    forge.state.pulls = [];

    const run = await cli('github', 'publish', '--intents', intents, '--clusters', 'cluster-lab-1');

    expect(run.code).toBe(0);
    const viaGit = branchSha(bare.dir, 'gitops/cluster-lab-1')!;
    expect(viaGit).not.toBe(viaApi);
    expect(git(['rev-parse', `${viaGit}^{tree}`], { cwd: bare.dir })).toBe(
      git(['rev-parse', `${viaApi}^{tree}`], { cwd: bare.dir }),
    );
  });

  it('GIVEN a published change merged into main WHEN rolled back with --sign api THEN the revert is a commit GitHub made that takes the cluster files away again', async () => {
    await cli('github', 'publish', '--intents', intents, '--clusters', 'cluster-prod-1', '--sign', 'api');
    const head = branchSha(bare.dir, 'gitops/cluster-prod-1')!;
    git(['update-ref', 'refs/heads/main', head], { cwd: bare.dir });

    const run = await cli('github', 'rollback', '--commit', head, '--sign', 'api');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const revert = branchSha(bare.dir, `gitops/rollback-${head.slice(0, 12)}`)!;
    expect(forge.state.apiCommits).toContain(revert);
    expect(git(['rev-parse', `${revert}^`], { cwd: bare.dir })).toBe(head);
    // The cluster's files are gone again, as on the base before the change (CODEOWNERS stays, as rollback keeps it).
    expect(treeOf(bare.dir, head, 'clusters/cluster-prod-1')).not.toBe('');
    expect(treeOf(bare.dir, revert, 'clusters')).toBe(treeOf(bare.dir, bare.seedSha, 'clusters'));
    expect(git(['log', '-1', '--format=%B', revert], { cwd: bare.dir })).toMatch(
      /This reverts commit [0-9a-f]{40}/,
    );
  });

  it('GIVEN a base branch whose rules require signed commits WHEN publishing with --sign api THEN the preflight lets it through and the commit lands', async () => {
    await forge.close();
    forge = await startLoopbackForge({
      provider: 'github',
      project: 'acme/fleet',
      gitDir: bare.dir,
      access: { gitDir: bare.dir, rules: ['required_signatures'] },
    });
    env = { ...env, GITOPS_TOKEN: forge.token };

    const refused = await cli('github', 'publish', '--intents', intents, '--clusters', 'cluster-lab-1');
    const run = await cli(
      'github',
      'publish',
      '--intents',
      intents,
      '--clusters',
      'cluster-lab-1',
      '--sign',
      'api',
    );

    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('PREFLIGHT_FAILED');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(forge.state.apiCommits).toEqual([branchSha(bare.dir, 'gitops/cluster-lab-1')]);
  });

  it.each([
    ['gitlab', [], /--sign api: only GitHub makes and signs commits through its API, and the host is gitlab/],
    ['github', ['--signing-key', '/keys/bot'], /--signing-key is given but --sign is 'api'/],
  ])(
    'GIVEN --sign api on %s %j WHEN publishing THEN it is a flag error before anything is pushed or asked of the host',
    async (provider, extra, message) => {
      const run = await cli(provider, 'publish', '--intents', intents, '--sign', 'api', ...extra);

      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(forge.requests).toEqual([]);
      expect(git(['for-each-ref', '--format=%(refname)', 'refs/heads/'], { cwd: bare.dir })).toBe(
        'refs/heads/main',
      );
    },
  );

  it('GIVEN --sign api on GitLab WHEN rolling back THEN it is refused before the host is asked anything', async () => {
    const run = await cli('gitlab', 'rollback', '--commit', bare.seedSha, '--sign', 'api');

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--sign api: only GitHub/);
    expect(forge.requests).toEqual([]);
  });
});
