import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_COMMIT_IDENTITY } from '../../src/workspace/identity';
import { branchSha, git } from '../support/git-server';
import { createCliFleet, CliFleet } from '../support/cli-fleet';

const BOT = `${DEFAULT_COMMIT_IDENTITY.name} <${DEFAULT_COMMIT_IDENTITY.email}>`;

/** publish and rollback on a runner that has never been told who commits. */
describe('gitops-synth publish and rollback without a Git identity', () => {
  let fleet: CliFleet;
  // An empty HOME, no system or global config, and none of GIT_AUTHOR_*, GIT_COMMITTER_*, EMAIL, GITOPS_AUTHOR_*, GITOPS_COMMITTER_*.
  beforeEach(async () => {
    fleet = await createCliFleet({ name: 'identity', identity: 'none' });
  });
  afterEach(() => fleet.close());

  const cli = (args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    fleet.cliWith({ env: extraEnv }, ...args);
  const publish = (extra: readonly string[] = [], extraEnv: NodeJS.ProcessEnv = {}) =>
    cli(['publish', '--intents', fleet.intents, '--clusters', 'cluster-prod-1', ...extra], extraEnv);
  const who = (ref: string) =>
    git(['log', '-1', '--format=%an <%ae>|%cn <%ce>', ref], { cwd: fleet.bare.dir }).split('|');

  /** Merges the open pull request of cluster-prod-1 into main, fast-forward, and returns the merged commit. */
  function merge(): string {
    const sha = branchSha(fleet.bare.dir, 'gitops/cluster-prod-1')!;
    git(['update-ref', 'refs/heads/main', sha], { cwd: fleet.bare.dir });
    return sha;
  }

  it('GIVEN no identity anywhere WHEN publishing and then rolling back THEN both commits are authored and committed by the default bot', async () => {
    const published = await publish();
    expect(published.stderr).toBe('');
    expect(published.code).toBe(0);
    expect(who('gitops/cluster-prod-1')).toEqual([BOT, BOT]);

    const sha = merge();
    const rolledBack = await cli(['rollback', '--commit', sha]);

    expect(rolledBack.stderr).toBe('');
    expect(rolledBack.code).toBe(0);
    expect(who(`gitops/rollback-${sha.slice(0, 12)}`)).toEqual([BOT, BOT]);
    // The default is given to each commit; no git config was written to get it there.
    expect(fs.readdirSync(path.join(fleet.tmp, 'home'))).toEqual([]);
    expect(fs.readFileSync(path.join(fleet.workdir, '.git', 'config'), 'utf8')).not.toMatch(/^\[user\]/m);
  });

  it.each(['publish', 'rollback'])(
    'GIVEN --help WHEN asked for %s THEN the default identity and the variables that replace it are documented',
    async (command) => {
      const run = await fleet.run([command, '--help']);

      expect(run.code).toBe(0);
      for (const text of [
        '--author',
        '--committer',
        'GITOPS_AUTHOR_NAME',
        'GITOPS_AUTHOR_EMAIL',
        'GITOPS_COMMITTER_NAME',
        'GIT_AUTHOR_',
        'user.name',
        BOT,
      ]) {
        expect(run.stdout).toContain(text);
      }
    },
  );

  it('GIVEN --author and GITOPS_COMMITTER_* WHEN publishing, and GITOPS_AUTHOR_* WHEN rolling back THEN they win over the default', async () => {
    const published = await publish(['--author', 'Flag Author <flag@example.test>'], {
      GITOPS_COMMITTER_NAME: 'Env Committer',
      GITOPS_COMMITTER_EMAIL: 'committer@example.test',
    });
    expect(published.code).toBe(0);
    expect(who('gitops/cluster-prod-1')).toEqual([
      'Flag Author <flag@example.test>',
      'Env Committer <committer@example.test>',
    ]);

    const sha = merge();
    const rolledBack = await cli(['rollback', '--commit', sha], {
      GITOPS_AUTHOR_NAME: 'Env Author',
      GITOPS_AUTHOR_EMAIL: 'author@example.test',
    });

    expect(rolledBack.code).toBe(0);
    expect(who(`gitops/rollback-${sha.slice(0, 12)}`)).toEqual([
      'Env Author <author@example.test>',
      'Env Author <author@example.test>',
    ]);
  });

  it("GIVEN git's own GIT_AUTHOR_* and GIT_COMMITTER_* variables WHEN publishing THEN git's identity wins over the default", async () => {
    const run = await publish([], {
      GIT_AUTHOR_NAME: 'Git Author',
      GIT_AUTHOR_EMAIL: 'git-author@example.test',
      GIT_COMMITTER_NAME: 'Git Committer',
      GIT_COMMITTER_EMAIL: 'git-committer@example.test',
    });

    expect(run.code).toBe(0);
    expect(who('gitops/cluster-prod-1')).toEqual([
      'Git Author <git-author@example.test>',
      'Git Committer <git-committer@example.test>',
    ]);
  });

  it("GIVEN user.name and user.email in the working copy's git config WHEN publishing THEN that identity wins over the default", async () => {
    expect((await publish(['--dry-run'])).code).toBe(0);
    for (const [key, value] of [
      ['user.name', 'Runner Config'],
      ['user.email', 'runner@example.test'],
    ]) {
      git(['config', key, value], { cwd: fleet.workdir, env: fleet.env as Record<string, string> });
    }

    const run = await publish();

    expect(run.code).toBe(0);
    expect(who('gitops/cluster-prod-1')).toEqual([
      'Runner Config <runner@example.test>',
      'Runner Config <runner@example.test>',
    ]);
  });
});
