import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGitProcessEnvironment, GitCommandError } from '../../src/git';
import { runGit, runGitRaw, type GitRunContext } from '../../src/git/runner';
import { makeTempRoot } from '../support/git-server';

const SECRET = 'tok_runner_secret_value_42';
const temp = makeTempRoot('git-runner');
afterAll(() => temp.cleanup());

/** A stand-in git that runs `body` as a shell script (for behaviour real git cannot be made to show on demand). */
function fakeGit(name: string, body: string): string {
  const path = join(temp.root, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Whether a process with this id runs (signal 0 only checks). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A killed child is reaped asynchronously: give it a few event-loop turns, bounded by count, not by time. */
async function waitUntilGone(pid: number): Promise<void> {
  for (let turn = 0; turn < 200 && isAlive(pid); turn += 1)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

function context(binary: string, idleTimeoutMs = 5000): GitRunContext {
  const process = buildGitProcessEnvironment(
    { PATH: '/usr/bin:/bin' },
    { token: SECRET, tokenUsername: 'x' },
    undefined,
  );
  return { cwd: temp.root, process, binary, idleTimeoutMs };
}

describe('runGit', () => {
  it('GIVEN git prints the token on stderr and fails WHEN run THEN the GitCommandError holds it redacted', async () => {
    const binary = fakeGit(
      'leaky-git',
      `echo "fatal: could not push with ${SECRET} to https://u:${SECRET}@example.test" >&2; exit 128`,
    );

    const error = await runGit(context(binary), ['push']).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GitCommandError);
    expect(error).toMatchObject({ code: 'GIT_FAILED', subcommand: 'push', exitCode: 128 });
    expect(`${(error as Error).message}\n${(error as GitCommandError).stderr}`).not.toContain(SECRET);
    expect((error as GitCommandError).stderr).toContain('could not push with ***');
  });

  it('GIVEN an exit code the caller expects WHEN run THEN the output is returned, redacted', async () => {
    const binary = fakeGit('quiet-git', `echo "${SECRET}"; exit 1`);

    const output = await runGitRaw(context(binary), ['diff']);

    expect(output).toEqual({ exitCode: 1, stdout: '***\n', stderr: '' });
  });

  it('GIVEN git hangs silently WHEN the idle timeout passes THEN it is killed and a GitCommandError is thrown', async () => {
    const pidFile = join(temp.root, 'hung-git.pid');
    const binary = fakeGit('hung-git', `echo $$ > ${pidFile}; exec sleep 30`);

    const error = await runGit(context(binary, 300), ['fetch']).catch((e: unknown) => e);

    // Had it waited, sleep would have ended with exit 0 and runGit would have resolved.
    expect(error).toBeInstanceOf(GitCommandError);
    expect((error as Error).message).toMatch(/timeout/i);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await waitUntilGone(pid);
    expect(isAlive(pid)).toBe(false);
  });

  it('GIVEN the environment WHEN git runs THEN it sees no prompt, the C locale and no raw token variable', async () => {
    const binary = fakeGit('env-git', 'env');

    const { stdout } = await runGit(context(binary), ['status']);

    expect(stdout).toContain('GIT_TERMINAL_PROMPT=0');
    expect(stdout).toContain('LC_ALL=C');
    expect(stdout).not.toContain(SECRET); // no remote known: the token is not even in git's environment
  });

  it('GIVEN a command that reads stdin and no input WHEN run THEN it sees end-of-file at once instead of waiting for the idle timeout', async () => {
    const binary = fakeGit('reading-git', 'exec cat');

    const output = await runGit(context(binary, 2000), ['sparse-checkout', 'set', '--stdin']);

    expect(output).toMatchObject({ exitCode: 0, stdout: '' });
  });

  it('GIVEN empty input WHEN real git sparse-checkout set --stdin runs THEN it finishes instead of waiting on stdin', async () => {
    const repo = join(temp.root, 'sparse-empty');
    await runGit(context('git'), ['init', '-q', repo]);

    const output = await runGit(
      { ...context('git', 2000), cwd: repo },
      ['sparse-checkout', 'set', '--cone', '--stdin'],
      { input: '' },
    );

    expect(output.exitCode).toBe(0);
  });
});
