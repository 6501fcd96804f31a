import * as fs from 'fs';
import * as path from 'path';
import { branchSha, pushCompetingCommit, installRejectingHook, git } from '../support/git-server';
import { createCliFleet, CliFleet } from '../support/cli-fleet';

describe('gitops-synth publish', () => {
  let fleet: CliFleet;
  beforeEach(async () => {
    fleet = await createCliFleet({ name: 'publish', env: { GITOPS_INTENTS_REVISION: 'intents@abc123' } });
  });
  afterEach(() => fleet.close());

  // No --root: the working copy goes where publish puts it by default, under the cache.
  const publish = (...extra: string[]) =>
    fleet.run(['publish', '--intents', fleet.intents, ...fleet.hostFlags(), ...extra]);

  it('GIVEN a fresh repository WHEN published twice THEN one pull request per cluster is opened, and the rerun pushes and writes nothing', async () => {
    const first = await publish();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(fleet.forge.state.pulls.map((p) => [p.branch, p.base, p.state]).sort()).toEqual([
      ['gitops/cluster-edge-1', 'main', 'open'],
      ['gitops/cluster-lab-1', 'main', 'open'],
      ['gitops/cluster-prod-1', 'main', 'open'],
    ]);
    const prod = fleet.forge.state.pulls.find((p) => p.branch === 'gitops/cluster-prod-1')!;
    expect(prod.title).toBe('cluster-prod-1: add 7 resources (upgrade odoo-finance and 1 more)');
    expect(prod.labels).toEqual(['cluster:cluster-prod-1', 'gitops']);
    expect(prod.teamReviewers).toEqual(['prod-approvers']);
    const message = git(['log', '-1', '--format=%an <%ae>%n%B', 'gitops/cluster-prod-1'], {
      cwd: fleet.bare.dir,
    });
    expect(message).toContain('gitops-synth bot <bot@example.org>');
    expect(message).toContain('Intents-Revision: intents@abc123');
    expect(
      git(['ls-tree', '-r', '--name-only', 'gitops/cluster-prod-1'], { cwd: fleet.bare.dir }).split('\n'),
    ).toEqual(
      expect.arrayContaining([
        'CODEOWNERS',
        'README.md',
        'clusters/cluster-prod-1/namespaces/kustomization.yaml',
      ]),
    );
    expect(
      git(['ls-tree', '-r', '--name-only', 'gitops/cluster-prod-1', '--', 'clusters'], {
        cwd: fleet.bare.dir,
      }),
    ).not.toContain('cluster-edge-1');

    const writesBefore = fleet.forge.writes().length;
    const shas = ['cluster-prod-1', 'cluster-edge-1', 'cluster-lab-1'].map((id) =>
      branchSha(fleet.bare.dir, `gitops/${id}`),
    );
    const second = await publish();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Nothing changed: no commit, no push, no pull request edited.');
    expect(fleet.forge.writes().length).toBe(writesBefore);
    expect(
      ['cluster-prod-1', 'cluster-edge-1', 'cluster-lab-1'].map((id) =>
        branchSha(fleet.bare.dir, `gitops/${id}`),
      ),
    ).toEqual(shas);
    expect(fleet.forge.validationFailures).toEqual([]);
  });

  it("GIVEN an open pull request WHEN one intent changes THEN only that cluster's branch and pull request are updated in place", async () => {
    await publish();
    const edge = branchSha(fleet.bare.dir, 'gitops/cluster-edge-1');
    const prodBefore = branchSha(fleet.bare.dir, 'gitops/cluster-prod-1');
    const prodNumber = fleet.forge.state.pulls.find((p) => p.branch === 'gitops/cluster-prod-1')!.number;
    fs.writeFileSync(
      path.join(fleet.intents, 'prod.yaml'),
      fs.readFileSync(path.join(fleet.intents, 'prod.yaml'), 'utf8').replace('replicas: 2', 'replicas: 3'),
    );
    const edgePull = fleet.forge.state.pulls.find((p) => p.branch === 'gitops/cluster-edge-1')!;
    const writesBefore = fleet.forge.writes().length;
    const run = await publish();
    expect(run.code).toBe(0);
    expect(fleet.forge.state.pulls).toHaveLength(3);
    expect(fleet.forge.state.pulls.find((p) => p.branch === 'gitops/cluster-prod-1')!.number).toBe(
      prodNumber,
    );
    // Only the changed cluster's pull request is written to; the others are not edited.
    expect(
      fleet.forge
        .writes()
        .slice(writesBefore)
        .map((w) => `${w.method} ${w.path}`),
    ).toEqual([`PATCH /repos/acme/fleet/pulls/${prodNumber}`]);
    expect(run.stdout).toContain(
      `gitops/cluster-edge-1: already holds this change (pull request #${edgePull.number}, unchanged)`,
    );
    expect(branchSha(fleet.bare.dir, 'gitops/cluster-prod-1')).not.toBe(prodBefore);
    expect(
      git(
        [
          'show',
          'gitops/cluster-prod-1:clusters/cluster-prod-1/namespaces/org-myteam/applicationinstance-nextcloud-myteam.yaml',
        ],
        { cwd: fleet.bare.dir },
      ),
    ).toContain('replicas: 3');
    expect(branchSha(fleet.bare.dir, 'gitops/cluster-edge-1')).toBe(edge);
    expect(run.stdout).toMatch(/gitops\/cluster-prod-1: pushed [0-9a-f]{12}; pull request #\d+ updated/);
    expect(fleet.forge.validationFailures).toEqual([]);
  });

  it('GIVEN a merged pull request WHEN an intent changes THEN a new pull request shows the field-level change', async () => {
    await publish('--clusters', 'cluster-prod-1');
    git(['update-ref', 'refs/heads/main', 'refs/heads/gitops/cluster-prod-1'], { cwd: fleet.bare.dir });
    fleet.forge.state.pulls[0].state = 'merged';
    fs.writeFileSync(
      path.join(fleet.intents, 'prod.yaml'),
      fs.readFileSync(path.join(fleet.intents, 'prod.yaml'), 'utf8').replace('replicas: 2', 'replicas: 3'),
    );
    const run = await publish('--clusters', 'cluster-prod-1');
    expect(run.code).toBe(0);
    const open = fleet.forge.state.pulls.filter((p) => p.state === 'open');
    expect(open).toHaveLength(1);
    expect(open[0].title).toBe('cluster-prod-1: update nextcloud-myteam');
    expect(open[0].body).toContain('spec.values.replicas');
    expect(git(['log', '-1', '--format=%s', 'gitops/cluster-prod-1'], { cwd: fleet.bare.dir })).toBe(
      'cluster-prod-1: update nextcloud-myteam',
    );
  });

  it('GIVEN someone else pushed a commit onto the bot branch WHEN publishing a change THEN it stops and that commit survives', async () => {
    await publish();
    const foreign = pushCompetingCommit(fleet.bare.dir, {
      branch: 'gitops/cluster-lab-1',
      message: 'Hand edit',
      files: { 'notes.txt': 'mine\n' },
    });
    fs.writeFileSync(
      path.join(fleet.intents, 'lab.json'),
      fs.readFileSync(path.join(fleet.intents, 'lab.json'), 'utf8').replace('"4G"', '"8G"'),
    );
    const run = await publish('--clusters', 'cluster-lab-1');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[FOREIGN_COMMIT_ON_BRANCH]');
    expect(run.stderr).toContain('Hand edit');
    expect(branchSha(fleet.bare.dir, 'gitops/cluster-lab-1')).toBe(foreign);
  });

  it('GIVEN a hook that declines pushes WHEN publishing THEN it stops without retrying and says what to do', async () => {
    const hook = installRejectingHook(fleet.bare.dir, { message: 'pushes are frozen' });
    const run = await publish('--clusters', 'cluster-prod-1');
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('[PUSH_REJECTED]');
    expect(run.stderr).toContain('hook-declined');
    expect(hook.rejections()).toBe(1);
    expect(fleet.forge.state.pulls).toEqual([]);
  });

  it('GIVEN operations older than --operation-retention WHEN publishing THEN they leave the branch without tripping the deletion guard', async () => {
    await publish('--clusters', 'cluster-prod-1');
    git(['update-ref', 'refs/heads/main', 'refs/heads/gitops/cluster-prod-1'], { cwd: fleet.bare.dir });
    fleet.forge.state.pulls[0].state = 'merged';
    // The CLI's clock is 2026-06-01; both prod operations were requested in May.
    const run = await publish(
      '--clusters',
      'cluster-prod-1',
      '--operation-retention',
      '1d',
      '--max-deletion-share',
      '0.1',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const files = git(['ls-tree', '-r', '--name-only', 'gitops/cluster-prod-1', '--', 'clusters'], {
      cwd: fleet.bare.dir,
    });
    expect(files).not.toContain('operation-');
    expect(files).toContain('applicationinstance-nextcloud-myteam.yaml');
  });

  it('GIVEN no token, or a local path without --provider WHEN publishing THEN it fails before cloning, naming what is missing', async () => {
    const noToken = await fleet.run(
      [
        'publish',
        '--intents',
        fleet.intents,
        '--repo',
        fleet.bare.url,
        '--provider',
        'github',
        '--project',
        'acme/fleet',
      ],
      { env: { ...fleet.env, GITOPS_TOKEN: '', XDG_CACHE_HOME: path.join(fleet.tmp, 'other-cache') } },
    );
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('[TOKEN_MISSING]');
    expect(fs.existsSync(path.join(fleet.tmp, 'other-cache'))).toBe(false);
    const noProvider = await fleet.run(['publish', '--intents', fleet.intents, '--repo', fleet.bare.dir]);
    expect(noProvider.code).toBe(2);
    expect(noProvider.stderr).toContain('--provider: cannot tell the Git host');
  });

  it('GIVEN --dry-run WHEN publishing THEN it prints the commit, files and pull request and touches nothing remote', async () => {
    const run = await fleet.run(
      [
        'publish',
        '--dry-run',
        '--intents',
        fleet.intents,
        '--repo',
        fleet.bare.url,
        '--clusters',
        'cluster-prod-1',
      ],
      { env: { ...fleet.env, GITOPS_TOKEN: '' } },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '--- commit message ---\ncluster-prod-1: add 7 resources (upgrade odoo-finance and 1 more)',
    );
    expect(run.stdout).toContain(
      'A clusters/cluster-prod-1/namespaces/org-myteam/applicationinstance-nextcloud-myteam.yaml',
    );
    expect(run.stdout).toContain('\nA CODEOWNERS\n'); // the seed has none: added, not modified
    expect(run.stdout).toContain('--- pull request body ---');
    expect(fleet.forge.requests).toEqual([]);
    expect(branchSha(fleet.bare.dir, 'gitops/cluster-prod-1')).toBeUndefined();
  });
});
