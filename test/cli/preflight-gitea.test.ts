import { branchSha, git } from '../support/git-server';
import { createCliFleet, CliFleet } from '../support/cli-fleet';

describe('the preflight on Gitea', () => {
  let fleet: CliFleet;
  // Each test starts the forge it needs: the token's rights and the branch rules are what it is about.
  beforeEach(async () => {
    fleet = await createCliFleet({ name: 'preflight-gitea', provider: 'gitea', forge: false });
  });
  afterEach(() => fleet.close());

  it('GIVEN a read-only Gitea token WHEN publishing THEN it stops before cloning or pushing, naming the missing right and how to grant it', async () => {
    await fleet.start({ access: { permissions: { admin: false, push: false, pull: true } } });

    const run = await fleet.cli('publish', '--intents', fleet.intents);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('publish cannot run; nothing was pushed or changed. Missing:');
    expect(run.stderr).toContain('push branches: the token may not');
    expect(run.stderr).toContain('grant it: use a token with the write:repository scope');
    fleet.expectUntouched();
  });

  it('GIVEN a base branch Gitea protects with required signatures and no --sign WHEN publishing THEN it stops before anything is pushed', async () => {
    await fleet.start({ access: { rules: ['required_signatures'] } });

    const run = await fleet.cli('publish', '--intents', fleet.intents);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'signed commits: the base branch requires signed commits and --sign is none',
    );
    fleet.expectUntouched();
  });

  it('GIVEN a base branch that does not exist on Gitea WHEN rolling back THEN the preflight names it before any push', async () => {
    await fleet.start({});
    git(['branch', '-m', 'main', 'trunk'], { cwd: fleet.bare.dir });

    const run = await fleet.cli('rollback', '--commit', fleet.bare.seedSha);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("base branch 'main': does not exist on the host");
    expect(fleet.forge.writes()).toEqual([]);
    expect(fleet.forge.validationFailures).toEqual([]);
  });

  it('GIVEN a token that may push WHEN publishing THEN the preflight passes and the pull requests open', async () => {
    await fleet.start({});

    const run = await fleet.cli('publish', '--intents', fleet.intents, '--clusters', 'cluster-lab-1');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(branchSha(fleet.bare.dir, 'gitops/cluster-lab-1')).toBeDefined();
    expect(fleet.forge.validationFailures).toEqual([]);
  });
});
