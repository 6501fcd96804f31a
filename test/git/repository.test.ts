import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloneRepository, GitCommandError, GitRepository } from '../../src/git';
import { git, pushCompetingCommit } from '../support/git-server';
import { createWorkspace, writeFiles } from './workspace';

const ws = createWorkspace('git-repository');
afterAll(() => ws.cleanup());

describe('GitRepository over file://', () => {
  it('GIVEN staged changes WHEN committing with an author and a committer THEN both are recorded and the message is kept verbatim', async () => {
    const bare = ws.bare();
    const repo = await cloneRepository(bare.url, ws.cloneDir(), { branch: 'main', env: ws.env });
    expect(await repo.hasStagedChanges()).toBe(false);
    writeFiles(repo.dir, { 'x.yaml': 'x\n' });
    await repo.stageAll();
    expect(await repo.hasStagedChanges()).toBe(true);

    const sha = await repo.commit({
      message: 'Render fleet\n\n# Clusters\n- cluster-a\n',
      author: { name: 'Fleet Bot', email: 'bot@example.test' },
      committer: { name: 'CI Runner', email: 'ci@example.test' },
    });

    expect(git(['log', '-1', '--format=%an|%ae|%cn|%ce', sha], { cwd: repo.dir })).toBe(
      'Fleet Bot|bot@example.test|CI Runner|ci@example.test',
    );
    expect(git(['log', '-1', '--format=%B', sha], { cwd: repo.dir })).toBe(
      'Render fleet\n\n# Clusters\n- cluster-a',
    );
    expect(await repo.hasStagedChanges()).toBe(false);
  });

  it('GIVEN commit.gpgsign with an SSH signing key in the user configuration WHEN committing THEN the commit is signed', async () => {
    const bare = ws.bare();
    const repo = await cloneRepository(bare.url, ws.cloneDir(), { branch: 'main', env: ws.env });
    const key = join(ws.root, 'signing_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    for (const [k, v] of [
      ['commit.gpgsign', 'true'],
      ['gpg.format', 'ssh'],
      ['user.signingkey', key],
    ]) {
      git(['config', k, v], { cwd: repo.dir });
    }
    writeFiles(repo.dir, { 's.yaml': 's\n' });
    await repo.stageAll();

    const sha = await repo.commit({ message: 'Signed' });

    expect(git(['cat-file', 'commit', sha], { cwd: repo.dir })).toContain('-----BEGIN SSH SIGNATURE-----');
  });

  it('GIVEN a base branch that moved WHEN fetching it and resetting THEN the working copy holds the new base', async () => {
    const bare = ws.bare();
    const repo = await cloneRepository(bare.url, ws.cloneDir(), { branch: 'main', env: ws.env });
    const moved = pushCompetingCommit(bare.dir, { branch: 'main', files: { 'new.yaml': 'n\n' } });

    expect(await repo.fetchBase('main')).toBe(moved);
    await repo.resetTo('origin/main');

    expect(await repo.getSha('HEAD')).toBe(moved);
    expect(readFileSync(join(repo.dir, 'new.yaml'), 'utf8')).toBe('n\n');
  });

  it("GIVEN a branch the remote lacks WHEN fetching it THEN a GitCommandError names the subcommand and git's reason", async () => {
    const bare = ws.bare();
    const repo = await GitRepository.open({
      dir: (await cloneRepository(bare.url, ws.cloneDir(), { branch: 'main', env: ws.env })).dir,
      env: ws.env,
    });

    const error = await repo.fetchBase('no-such-branch').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GitCommandError);
    expect(error).toMatchObject({ code: 'GIT_FAILED', source: 'external', subcommand: 'fetch' });
    expect((error as Error).message).toContain("couldn't find remote ref refs/heads/no-such-branch");
  });

  it('GIVEN commits with trailers and stray files WHEN listed, compared and cleaned THEN the range, trees, origin and tree state are reported', async () => {
    const bare = ws.bare();
    const repo = await cloneRepository(bare.url, ws.cloneDir(), { branch: 'main', env: ws.env });
    writeFiles(repo.dir, { 'a.yaml': 'a\n' });
    await repo.stageAll();
    const sha = await repo.commit({
      message: 'Add a\n\nGitops-Synth-Cluster: cluster-a',
      author: { name: 'Bot', email: 'bot@example.test' },
    });
    writeFiles(repo.dir, { 'stray/file.txt': 'left by a killed run\n' });

    const commits = await repo.listCommits(bare.seedSha, sha);
    await repo.clean();

    expect(commits).toEqual([
      {
        sha,
        author: 'Bot <bot@example.test>',
        subject: 'Add a',
        trailers: [{ key: 'Gitops-Synth-Cluster', value: 'cluster-a' }],
      },
    ]);
    expect(await repo.getTreeSha(sha)).toBe(git(['rev-parse', `${sha}^{tree}`], { cwd: repo.dir }));
    expect(await repo.getTreeSha(sha)).not.toBe(await repo.getTreeSha(bare.seedSha));
    expect(await repo.getOriginUrl()).toBe(bare.url);
    expect(existsSync(join(repo.dir, 'stray'))).toBe(false);
    expect(existsSync(join(repo.dir, 'a.yaml'))).toBe(true);
  });
});
