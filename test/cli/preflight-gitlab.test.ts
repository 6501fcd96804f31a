import { branchSha, git } from '../support/git-server';
import { createCliFleet, CliFleet } from '../support/cli-fleet';

const PROJECT = 'platform/fleet/gitops';

describe('the preflight on GitLab', () => {
  let fleet: CliFleet;
  // Each test starts the forge it needs: the token's role and the push rule are what it is about.
  beforeEach(async () => {
    fleet = await createCliFleet({
      name: 'preflight-gitlab',
      provider: 'gitlab',
      project: PROJECT,
      forge: false,
    });
  });
  afterEach(() => fleet.close());

  it('GIVEN a Reporter token (role 20) WHEN publishing THEN it stops before cloning or pushing, naming the missing rights and the Developer role', async () => {
    await fleet.start({ access: { accessLevel: 20 } });
    const before = fleet.branches();

    const run = await fleet.cli('publish', '--intents', fleet.intents);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('publish cannot run; nothing was pushed or changed. Missing:');
    expect(run.stderr).toContain('push branches: the token may not');
    expect(run.stderr).toContain('open pull requests: the token may not');
    expect(run.stderr).toContain('the Developer role or higher');
    fleet.expectUntouched();
    expect(fleet.branches()).toEqual(before);
  });

  it('GIVEN a project whose push rule rejects unsigned commits and no --sign WHEN publishing THEN it stops before anything is pushed, naming --sign none', async () => {
    await fleet.start({ access: { rules: ['required_signatures'] } });
    const before = fleet.branches();

    const run = await fleet.cli('publish', '--intents', fleet.intents);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "signed commits: the project's push rule rejects unsigned commits and --sign is none",
    );
    expect(run.stderr).toContain('grant it: pass --sign ssh or --sign gpg');
    fleet.expectUntouched();
    expect(fleet.branches()).toEqual(before);
  });

  it('GIVEN a base branch that does not exist on GitLab WHEN publishing THEN the preflight names it before any push', async () => {
    await fleet.start({});
    git(['branch', '-m', 'main', 'trunk'], { cwd: fleet.bare.dir });
    const before = fleet.branches();

    const run = await fleet.cli('publish', '--intents', fleet.intents);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("base branch 'main': does not exist on the host");
    fleet.expectUntouched();
    expect(fleet.branches()).toEqual(before);
  });

  it('GIVEN a Developer token (role 30) WHEN publishing THEN the preflight passes and the merge requests open', async () => {
    await fleet.start({ access: { accessLevel: 30 } });

    const run = await fleet.cli('publish', '--intents', fleet.intents, '--clusters', 'cluster-lab-1');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(branchSha(fleet.bare.dir, 'gitops/cluster-lab-1')).toBeDefined();
    expect(fleet.forge.state.pulls.map((p) => p.branch)).toEqual(['gitops/cluster-lab-1']);
    const project = `/api/v4/projects/${encodeURIComponent(PROJECT)}`;
    expect(fleet.forge.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(
      expect.arrayContaining([
        `GET ${project} 200`,
        `GET ${project}/repository/branches/main 200`,
        `GET ${project}/push_rule 404`,
      ]),
    );
    expect(fleet.forge.validationFailures).toEqual([]);
  });

  it('GIVEN a Developer role through the group only WHEN publishing THEN the group role counts and the preflight passes', async () => {
    await fleet.start({ access: { accessLevel: null, groupAccessLevel: 30 } });

    const run = await fleet.cli('publish', '--intents', fleet.intents, '--clusters', 'cluster-lab-1');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(fleet.forge.validationFailures).toEqual([]);
  });
});
