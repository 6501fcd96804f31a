import { join } from 'node:path';
import { cloneRepository, GitRepository } from '../../src/git';
import { git, noIdentityGitEnv } from '../support/git-server';
import { createWorkspace } from './workspace';

const ws = createWorkspace('git-identity');
afterAll(() => ws.cleanup());

describe('GitRepository.hasConfiguredIdentity', () => {
  const bare = ws.bare();
  const bareEnv = noIdentityGitEnv(join(ws.root, 'empty-home'));
  const open = async (env: Record<string, string>): Promise<GitRepository> =>
    GitRepository.open({
      dir: (await cloneRepository(bare.url, ws.cloneDir(), { branch: 'main', env: bareEnv })).dir,
      env,
    });
  const roles = async (repo: GitRepository) => [
    await repo.hasConfiguredIdentity('author'),
    await repo.hasConfiguredIdentity('committer'),
  ];

  it('GIVEN no identity in any config or variable WHEN asked THEN git has neither an author nor a committer', async () => {
    const repo = await open(bareEnv);

    expect(await roles(repo)).toEqual([false, false]);
  });

  it("GIVEN user.name and user.email in the working copy's own config WHEN asked THEN git has both", async () => {
    const repo = await open(bareEnv);
    git(['config', 'user.name', 'Repo Owner'], { cwd: repo.dir, env: bareEnv });
    git(['config', 'user.email', 'owner@example.test'], { cwd: repo.dir, env: bareEnv });

    expect(await roles(repo)).toEqual([true, true]);
  });

  it("GIVEN GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL in the caller's environment WHEN asked THEN they reach git: an author, still no committer", async () => {
    const repo = await open({
      ...bareEnv,
      GIT_AUTHOR_NAME: 'Env Author',
      GIT_AUTHOR_EMAIL: 'author@example.test',
    });

    expect(await roles(repo)).toEqual([true, false]);
  });

  it('GIVEN only user.email WHEN asked THEN git has no identity: a name guessed from the login is not one anybody chose', async () => {
    const repo = await open(bareEnv);
    git(['config', 'user.email', 'owner@example.test'], { cwd: repo.dir, env: bareEnv });

    expect(await roles(repo)).toEqual([false, false]);
  });
});
