import { branchSha, git } from '../support/git-server';
import { useForgeCli } from '../support/forge-cli';

describe('the preflight on Gitea', () => {
  const f = useForgeCli('gitea', 'acme/fleet');

  it('GIVEN a read-only Gitea token WHEN publishing THEN it stops before cloning or pushing, naming the missing right and how to grant it', async () => {
    await f.start({ access: { permissions: { admin: false, push: false, pull: true } } });

    const run = await f.cli('publish', '--intents', f.intents);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('publish cannot run; nothing was pushed or changed. Missing:');
    expect(run.stderr).toContain('push branches: the token may not');
    expect(run.stderr).toContain('grant it: use a token with the write:repository scope');
    f.expectNothingHappened();
  });

  it('GIVEN a base branch Gitea protects with required signatures and no --sign WHEN publishing THEN it stops before anything is pushed', async () => {
    await f.start({ access: { rules: ['required_signatures'] } });

    const run = await f.cli('publish', '--intents', f.intents);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'signed commits: the base branch requires signed commits and --sign is none',
    );
    f.expectNothingHappened();
  });

  it('GIVEN a base branch that does not exist on Gitea WHEN rolling back THEN the preflight names it before any push', async () => {
    await f.start({});
    git(['branch', '-m', 'main', 'trunk'], { cwd: f.bare.dir });

    const run = await f.cli('rollback', '--commit', f.bare.seedSha);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("base branch 'main': does not exist on the host");
    expect(f.forge.writes()).toEqual([]);
    expect(f.forge.validationFailures).toEqual([]);
  });

  it('GIVEN a token that may push WHEN publishing THEN the preflight passes and the pull requests open', async () => {
    await f.start({});

    const run = await f.cli('publish', '--intents', f.intents, '--clusters', 'cluster-lab-1');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(branchSha(f.bare.dir, 'gitops/cluster-lab-1')).toBeDefined();
    expect(f.forge.validationFailures).toEqual([]);
  });
});
