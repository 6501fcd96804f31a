import * as fs from 'fs';
import * as path from 'path';
import { branchSha, git, installRejectingHook } from '../support/git-server';
import { commitsAboveMain, createPublishFixture, PublishFixture } from '../publish/harness';

describe('gitops-synth publish: concurrent runs and final rejections', () => {
  let fixture: PublishFixture;

  beforeEach(async () => {
    fixture = await createPublishFixture();
  });
  afterEach(() => fixture.close());

  const openPullsByBranch = (): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const pull of fixture.forge.state.pulls.filter((p) => p.state === 'open'))
      counts[pull.branch] = (counts[pull.branch] ?? 0) + 1;
    return counts;
  };

  it('GIVEN two runs started at once on the same cached working copy WHEN both publish THEN the lock serializes them: one commit per branch, one pull request per branch', async () => {
    const [first, second] = await Promise.all([
      fixture.cli(['--clusters', 'alpha']),
      fixture.cli(['--clusters', 'alpha']),
    ]);

    expect([first.code, second.code]).toEqual([0, 0]);
    expect(openPullsByBranch()).toEqual({ 'gitops/alpha': 1 });
    expect(commitsAboveMain(fixture.bare.dir, 'gitops/alpha')).toHaveLength(1);
    // Exactly one run pushed; the other found the branch already holding the change.
    const outputs = [first.stdout, second.stdout];
    expect(outputs.filter((out) => /gitops\/alpha: pushed/.test(out))).toHaveLength(1);
    expect(outputs.filter((out) => out.includes('gitops/alpha: already holds this change'))).toHaveLength(1);
    const cache = path.join(fixture.env.XDG_CACHE_HOME, 'gitops-synth', 'repos');
    expect(fs.readdirSync(cache).filter((name) => name.endsWith('.lock'))).toEqual([]);
  });

  it('GIVEN two runs with different working copies racing WHEN both publish THEN the lease and the forge keep one commit and one pull request per branch', async () => {
    const runs = await Promise.all([
      fixture.cli(['--root', path.join(fixture.tmp, 'copy-a')]),
      fixture.cli(['--root', path.join(fixture.tmp, 'copy-b')]),
    ]);

    expect(runs.map((r) => [r.code, r.stderr.includes('error') ? r.stderr : false])).toEqual([
      [0, false],
      [0, false],
    ]);
    expect(openPullsByBranch()).toEqual({ 'gitops/alpha': 1, 'gitops/beta': 1 });
    for (const branch of ['gitops/alpha', 'gitops/beta']) {
      expect(commitsAboveMain(fixture.bare.dir, branch)).toHaveLength(1);
    }
    expect(git(['show', '--stat', '--format=', 'gitops/alpha'], { cwd: fixture.bare.dir })).not.toContain(
      'clusters/beta',
    );
    expect(fixture.forge.validationFailures).toEqual([]);
  });

  it('GIVEN a server that refuses the branch as protected WHEN publishing THEN it stops at once with a hint and keeps the local commit', async () => {
    const hook = installRejectingHook(fixture.bare.dir, {
      message: 'error: GH006: Protected branch update failed for refs/heads/gitops/alpha.',
    });
    const root = path.join(fixture.tmp, 'working-copy');

    const run = await fixture.cli(['--clusters', 'alpha', '--root', root]);

    expect(run.code).toBe(3);
    expect(run.stderr).toContain('[PUSH_REJECTED]');
    expect(run.stderr).toContain('(protected-branch)');
    expect(run.stderr).toMatch(/hint: The branch is protected/);
    expect(run.stderr).not.toContain('retrying');
    expect(hook.rejections()).toBe(1);
    const kept = /the commit ([0-9a-f]{12}) is kept in (\S+)/.exec(run.stderr);
    expect(kept?.[2]).toBe(root);
    expect(git(['rev-parse', 'gitops/alpha'], { cwd: root })).toMatch(new RegExp(`^${kept?.[1]}`));
    expect(git(['show', '--name-only', '--format=%s', 'gitops/alpha'], { cwd: root })).toContain(
      'clusters/alpha/namespaces/kustomization.yaml',
    );
    expect(branchSha(fixture.bare.dir, 'gitops/alpha')).toBeUndefined();
    expect(fixture.forge.state.pulls).toEqual([]);
  });
});
