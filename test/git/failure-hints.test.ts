import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cloneRepository, GitCommandError, hintForGitFailure, IDENTITY_HINT } from '../../src/git';
import { DEFAULT_COMMIT_IDENTITY } from '../../src/workspace/identity';
import { git, noIdentityGitEnv } from '../support/git-server';
import { createWorkspace, writeFiles } from './workspace';

const ws = createWorkspace('git-failure-hints');
afterAll(() => ws.cleanup());

/** What real git prints when asked to commit in a new repository with `env` and the extra `-c` settings; undefined when it commits. */
function commitStderr(
  name: string,
  env: Record<string, string>,
  config: readonly string[] = [],
): string | undefined {
  const dir = join(ws.root, name);
  mkdirSync(dir);
  git(['init', '--quiet', dir], { cwd: ws.root, env });
  const run = spawnSync('git', [...config, 'commit', '--allow-empty', '-m', 'x'], {
    cwd: dir,
    env,
    encoding: 'utf8',
  });
  return run.status === 0 ? undefined : run.stderr;
}

function expectIdentityHint(stderr: string): void {
  const hint = hintForGitFailure(stderr);

  expect(hint).toBe(IDENTITY_HINT);
  for (const named of [
    '--author',
    '--committer',
    'GITOPS_AUTHOR_NAME',
    'GITOPS_AUTHOR_EMAIL',
    `${DEFAULT_COMMIT_IDENTITY.name} <${DEFAULT_COMMIT_IDENTITY.email}>`,
  ]) {
    expect(hint).toContain(named);
  }
}

describe('hintForGitFailure for a missing commit identity', () => {
  const env = noIdentityGitEnv(join(ws.root, 'empty-home'));

  it.each([
    [
      'guessing turned off',
      ['-c', 'user.useConfigOnly=true'],
      /Please tell me who you are[\s\S]*no email was given and auto-detection is disabled/,
    ],
    ['an empty user.name', ['-c', 'user.name=', '-c', 'user.email=bot@example.test'], /empty ident name/],
  ])(
    "GIVEN git's own error for %s WHEN mapped THEN the hint names the flags, the variables and the default identity",
    (label, config, expected) => {
      const stderr = commitStderr(`repo-${label.replace(/\W+/g, '-')}`, env, config);
      expect(stderr).toMatch(expected);

      expectIdentityHint(stderr!);
    },
  );

  it("GIVEN git's own error for no identity anywhere (a runner whose host name has no domain) WHEN mapped THEN the hint is the identity hint", () => {
    const stderr = commitStderr('repo-nothing', env);
    // Where the host name has a domain git guesses root@host.domain and commits;
    // the cases above cover the same family of messages on every host.
    if (stderr === undefined) return;
    expect(stderr).toMatch(/Please tell me who you are[\s\S]*unable to auto-detect email address/);

    expectIdentityHint(stderr);
  });

  it("GIVEN a working copy without identity WHEN the git layer commits with none given THEN the error carries git's reason and the identity hint", async () => {
    const bare = ws.bare();
    const repo = await cloneRepository(bare.url, ws.cloneDir(), { branch: 'main', env });
    // No guessing from the host name, so the failure is the same on every machine.
    git(['config', 'user.useConfigOnly', 'true'], { cwd: repo.dir, env });
    writeFiles(repo.dir, { 'x.yaml': 'x\n' });
    await repo.stageAll();

    const error = await repo.commit({ message: 'x' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GitCommandError);
    expect((error as GitCommandError).message).toMatch(
      /^git commit failed \(exit 128\): fatal: no email was given and auto-detection is disabled$/,
    );
    expect((error as GitCommandError).hint).toBe(IDENTITY_HINT);
  });

  it('GIVEN an authentication failure WHEN mapped THEN it is not mistaken for an identity problem', () => {
    expect(hintForGitFailure('fatal: Authentication failed for https://example.test/r.git')).not.toBe(
      IDENTITY_HINT,
    );
  });
});
