import * as fs from 'fs';
import * as path from 'path';
import { branchSha, git } from '../support/git-server';
import { createCliFleet, CliFleet } from '../support/cli-fleet';

const APP = 'clusters/cluster-prod-1/namespaces/org-myteam/applicationinstance-nextcloud-myteam.yaml';

describe('gitops-synth rollback', () => {
  let fleet: CliFleet;
  beforeEach(async () => {
    fleet = await createCliFleet({ name: 'rollback' });
  });
  afterEach(() => fleet.close());

  const setReplicas = (n: number) =>
    fs.writeFileSync(
      path.join(fleet.intents, 'prod.yaml'),
      fs
        .readFileSync(path.join(fleet.intents, 'prod.yaml'), 'utf8')
        .replace(/replicas: \d+/, `replicas: ${n}`),
    );

  /** Publishes cluster-prod-1 and merges its pull request into main; `mergeCommit` makes a merge commit as a forge's merge button does. */
  async function publishAndMerge(
    options: { mergeCommit?: boolean } = {},
  ): Promise<{ sha: string; number: number }> {
    const run = await fleet.cli('publish', '--intents', fleet.intents, '--clusters', 'cluster-prod-1');
    expect(run.code).toBe(0);
    const head = branchSha(fleet.bare.dir, 'gitops/cluster-prod-1')!;
    let sha = head;
    if (options.mergeCommit === true) {
      const tree = git(['rev-parse', `${head}^{tree}`], { cwd: fleet.bare.dir });
      sha = git(
        [
          'commit-tree',
          tree,
          '-p',
          'refs/heads/main',
          '-p',
          head,
          '-m',
          'Merge pull request from gitops/cluster-prod-1',
        ],
        { cwd: fleet.bare.dir },
      );
    }
    git(['update-ref', 'refs/heads/main', sha], { cwd: fleet.bare.dir });
    const pull = fleet.forge.state.pulls.find(
      (p) => p.branch === 'gitops/cluster-prod-1' && p.state === 'open',
    )!;
    pull.state = 'merged';
    pull.mergeCommitSha = sha;
    return { sha, number: pull.number };
  }

  it('GIVEN a merged change to replicas WHEN rolled back by commit THEN a pull request reverts it on its own branch, lists the intent now out of step, and main is untouched', async () => {
    await publishAndMerge();
    setReplicas(3);
    const change = await publishAndMerge();
    const mainBefore = branchSha(fleet.bare.dir, 'main');

    const run = await fleet.cli('rollback', '--commit', change.sha.slice(0, 10));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const branch = `gitops/rollback-${change.sha.slice(0, 12)}`;
    expect(branchSha(fleet.bare.dir, 'main')).toBe(mainBefore);
    expect(git(['show', `${branch}:${APP}`], { cwd: fleet.bare.dir })).toContain('replicas: 2');
    expect(git(['rev-parse', `${branch}~1`], { cwd: fleet.bare.dir })).toBe(mainBefore);
    expect(git(['log', '-1', '--format=%an|%s%n%b', branch], { cwd: fleet.bare.dir })).toMatch(
      /^gitops-synth bot\|Revert "cluster-prod-1: update nextcloud-myteam"\n[\s\S]*This reverts commit [0-9a-f]{40}/,
    );

    const pull = fleet.forge.state.pulls.find((p) => p.branch === branch)!;
    expect(pull).toEqual(
      expect.objectContaining({
        base: 'main',
        state: 'open',
        title: `Roll back ${change.sha.slice(0, 12)}: cluster-prod-1: update nextcloud-myteam`,
      }),
    );
    expect(pull.labels).toEqual(['cluster:cluster-prod-1', 'gitops', 'rollback']);
    expect(pull.body).toContain('## Intents now out of step with the tree');
    expect(pull.body).toContain('**changed** ApplicationInstance `org-myteam/nextcloud-myteam`');
    expect(pull.body).toContain('`spec.values.replicas`: `3` → `2`');
    expect(pull.body).toContain('The control plane must update its intents to match');
    expect(pull.body).toContain('the next `gitops-synth publish` proposes the reverted change again');
    expect(run.stdout).toContain(`${branch}: pushed the revert of ${change.sha.slice(0, 12)}`);
    expect(fleet.forge.validationFailures).toEqual([]);

    // The rerun finds the same revert on the branch: nothing pushed, the pull request left as it is.
    const writes = fleet.forge.writes().length;
    const again = await fleet.cli('rollback', '--commit', change.sha);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`${branch}: already holds the revert`);
    expect(fleet.forge.writes().length).toBe(writes);
  });

  it('GIVEN a pull request merged with a merge commit WHEN rolled back by number THEN its merge commit is reverted against main', async () => {
    await publishAndMerge();
    setReplicas(5);
    const change = await publishAndMerge({ mergeCommit: true });
    const run = await fleet.cli('rollback', '--pull-request', String(change.number));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const branch = `gitops/rollback-${change.sha.slice(0, 12)}`;
    expect(git(['show', `${branch}:${APP}`], { cwd: fleet.bare.dir })).toContain('replicas: 2');
    expect(fleet.forge.state.pulls.find((p) => p.branch === branch)!.body).toContain(
      `Reverts pull request #${change.number}`,
    );
    expect(fleet.forge.validationFailures).toEqual([]);
  });

  it('GIVEN a later change to the same file WHEN the earlier one is rolled back THEN it stops with REVERT_CONFLICT naming the file, pushes nothing and leaves the working copy clean', async () => {
    await publishAndMerge();
    setReplicas(3);
    const change = await publishAndMerge();
    setReplicas(4);
    await publishAndMerge();
    const pulls = fleet.forge.state.pulls.length;

    const run = await fleet.cli('rollback', '--commit', change.sha);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[REVERT_CONFLICT]');
    expect(run.stderr).toContain(`  ${APP}`);
    expect(branchSha(fleet.bare.dir, `gitops/rollback-${change.sha.slice(0, 12)}`)).toBeUndefined();
    expect(fleet.forge.state.pulls).toHaveLength(pulls);
    expect(git(['status', '--porcelain'], { cwd: fleet.workdir })).toBe('');
    expect(fs.existsSync(path.join(fleet.workdir, '.git', 'REVERT_HEAD'))).toBe(false);
  });

  it('GIVEN a commit that never reached main WHEN rolled back THEN COMMIT_NOT_ON_BASE, and nothing is pushed', async () => {
    await fleet.cli('publish', '--intents', fleet.intents, '--clusters', 'cluster-prod-1');
    const unmerged = branchSha(fleet.bare.dir, 'gitops/cluster-prod-1')!;
    const run = await fleet.cli('rollback', '--commit', unmerged);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `[COMMIT_NOT_ON_BASE]: --commit: '${unmerged}' is not on the base branch 'main'`,
    );
    expect(branchSha(fleet.bare.dir, `gitops/rollback-${unmerged.slice(0, 12)}`)).toBeUndefined();
  });

  it('GIVEN an open pull request WHEN rolled back by number THEN PULL_REQUEST_NOT_MERGED', async () => {
    await fleet.cli('publish', '--intents', fleet.intents, '--clusters', 'cluster-prod-1');
    const run = await fleet.cli('rollback', '--pull-request', String(fleet.forge.state.pulls[0].number));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[PULL_REQUEST_NOT_MERGED]');
    expect(run.stderr).toContain('is open, not merged');
  });

  it('GIVEN both or neither of --commit and --pull-request WHEN run THEN exit 2 before anything is touched', async () => {
    expect((await fleet.cli('rollback')).code).toBe(2);
    const both = await fleet.cli('rollback', '--commit', 'abcdef1', '--pull-request', '3');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('name exactly one change');
    expect(fs.existsSync(fleet.workdir)).toBe(false);
  });
});
