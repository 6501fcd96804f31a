import { branchSha, git } from '../support/git-server';
import { createCliFleet, CliFleet } from '../support/cli-fleet';

const CLUSTERS = ['cluster-edge-1', 'cluster-lab-1', 'cluster-prod-1'];

/** The tree of `dir` under `sub` at `ref`, as `path blob` lines: what the commit holds. */
function treeOf(dir: string, ref: string, sub: string): string {
  return git(['ls-tree', '-r', ref, '--', sub], { cwd: dir });
}

describe('publish and rollback with --sign api (GitHub makes and signs the commits)', () => {
  let fleet: CliFleet;
  beforeEach(async () => {
    fleet = await createCliFleet({ name: 'sign-api', env: { GITOPS_INTENTS_REVISION: 'intents@abc123' } });
  });
  afterEach(() => fleet.close());

  // The provider is the test's: --sign api is refused on any host but GitHub.
  const cli = (provider: string, ...args: string[]) => fleet.cliWith({ provider }, ...args);
  const publish = (provider: string, ...extra: string[]) =>
    cli(provider, 'publish', '--intents', fleet.intents, ...extra);

  it('GIVEN --sign api WHEN publishing THEN each bot branch holds a commit GitHub made, on the base, with the tree git would have pushed and the trailers; a rerun writes nothing', async () => {
    const run = await publish('github', '--sign', 'api');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(fleet.forge.validationFailures).toEqual([]);
    expect(fleet.forge.state.apiCommits).toHaveLength(3);
    for (const cluster of CLUSTERS) {
      const sha = branchSha(fleet.bare.dir, `gitops/${cluster}`)!;
      expect(fleet.forge.state.apiCommits).toContain(sha);
      expect(git(['rev-parse', `${sha}^`], { cwd: fleet.bare.dir })).toBe(fleet.bare.seedSha);
      expect(git(['log', '-1', '--format=%an', sha], { cwd: fleet.bare.dir })).toBe(
        'gitops-synth-loopback[bot]',
      );
      const message = git(['log', '-1', '--format=%B', sha], { cwd: fleet.bare.dir });
      expect(message).toContain('Intents-Revision: intents@abc123');
      expect(message).toMatch(/^Generated-By: gitops-synth \d+\.\d+\.\d+/m);
      expect(treeOf(fleet.bare.dir, sha, `clusters/${cluster}`)).not.toBe('');
    }
    expect(fleet.forge.state.pulls.map((p) => p.branch).sort()).toEqual(CLUSTERS.map((c) => `gitops/${c}`));
    // No temporary branch is left on the host.
    expect(
      git(['for-each-ref', '--format=%(refname)', 'refs/heads/gitops-synth-api/'], { cwd: fleet.bare.dir }),
    ).toBe('');

    const again = await publish('github', '--sign', 'api');

    expect(again.code).toBe(0);
    expect(fleet.forge.state.apiCommits).toHaveLength(3);
  });

  it('GIVEN the same intents WHEN published with --sign api and with git THEN both commits hold the same tree', async () => {
    await publish('github', '--clusters', 'cluster-lab-1', '--sign', 'api');
    const viaApi = branchSha(fleet.bare.dir, 'gitops/cluster-lab-1')!;
    git(['update-ref', '-d', 'refs/heads/gitops/cluster-lab-1'], { cwd: fleet.bare.dir });
    fleet.forge.state.pulls = [];

    const run = await publish('github', '--clusters', 'cluster-lab-1');

    expect(run.code).toBe(0);
    const viaGit = branchSha(fleet.bare.dir, 'gitops/cluster-lab-1')!;
    expect(viaGit).not.toBe(viaApi);
    expect(git(['rev-parse', `${viaGit}^{tree}`], { cwd: fleet.bare.dir })).toBe(
      git(['rev-parse', `${viaApi}^{tree}`], { cwd: fleet.bare.dir }),
    );
  });

  it('GIVEN a published change merged into main WHEN rolled back with --sign api THEN the revert is a commit GitHub made that takes the cluster files away again', async () => {
    await publish('github', '--clusters', 'cluster-prod-1', '--sign', 'api');
    const head = branchSha(fleet.bare.dir, 'gitops/cluster-prod-1')!;
    git(['update-ref', 'refs/heads/main', head], { cwd: fleet.bare.dir });

    const run = await cli('github', 'rollback', '--commit', head, '--sign', 'api');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const revert = branchSha(fleet.bare.dir, `gitops/rollback-${head.slice(0, 12)}`)!;
    expect(fleet.forge.state.apiCommits).toContain(revert);
    expect(git(['rev-parse', `${revert}^`], { cwd: fleet.bare.dir })).toBe(head);
    // The cluster's files are gone again, as on the base before the change (CODEOWNERS stays, as rollback keeps it).
    expect(treeOf(fleet.bare.dir, head, 'clusters/cluster-prod-1')).not.toBe('');
    expect(treeOf(fleet.bare.dir, revert, 'clusters')).toBe(
      treeOf(fleet.bare.dir, fleet.bare.seedSha, 'clusters'),
    );
    expect(git(['log', '-1', '--format=%B', revert], { cwd: fleet.bare.dir })).toMatch(
      /This reverts commit [0-9a-f]{40}/,
    );
  });

  it('GIVEN a base branch whose rules require signed commits WHEN publishing with --sign api THEN the preflight lets it through and the commit lands', async () => {
    await fleet.start({ access: { rules: ['required_signatures'] } });

    const refused = await publish('github', '--clusters', 'cluster-lab-1');
    const run = await publish('github', '--clusters', 'cluster-lab-1', '--sign', 'api');

    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('PREFLIGHT_FAILED');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(fleet.forge.state.apiCommits).toEqual([branchSha(fleet.bare.dir, 'gitops/cluster-lab-1')]);
  });

  it.each([
    ['gitlab', [], /--sign api: only GitHub makes and signs commits through its API, and the host is gitlab/],
    ['github', ['--signing-key', '/keys/bot'], /--signing-key is given but --sign is 'api'/],
  ])(
    'GIVEN --sign api on %s %j WHEN publishing THEN it is a flag error before anything is pushed or asked of the host',
    async (provider, extra, message) => {
      const run = await publish(provider, '--sign', 'api', ...extra);

      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(fleet.forge.requests).toEqual([]);
      expect(git(['for-each-ref', '--format=%(refname)', 'refs/heads/'], { cwd: fleet.bare.dir })).toBe(
        'refs/heads/main',
      );
    },
  );

  it('GIVEN --sign api on GitLab WHEN rolling back THEN it is refused before the host is asked anything', async () => {
    const run = await cli('gitlab', 'rollback', '--commit', fleet.bare.seedSha, '--sign', 'api');

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--sign api: only GitHub/);
    expect(fleet.forge.requests).toEqual([]);
  });
});
