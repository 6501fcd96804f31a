/**
 * Small helpers for tests that drive real git directly (to set up servers and
 * to look at results), isolated from the machine's Git configuration.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The identity seeded commits and competing commits are made with. */
export const TEST_IDENTITY = { name: 'GitOps Test', email: 'gitops-test@example.test' } as const;

/**
 * An environment for git in tests: PATH only from the real environment, a
 * throw-away HOME with a local identity and gc off, no system configuration, and
 * the C locale (the git layer parses git's English messages).
 */
export function testGitEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
  };
}

/**
 * {@link testGitEnv} as on a fresh CI runner: no configuration file that could
 * name a commit identity (`home` must hold no `.gitconfig`), and no GIT_AUTHOR_*,
 * GIT_COMMITTER_* or EMAIL variable.
 */
export function noIdentityGitEnv(home: string): Record<string, string> {
  return { ...testGitEnv(home), GIT_CONFIG_GLOBAL: '/dev/null' };
}

/**
 * Creates a throw-away HOME whose `.gitconfig` sets an identity, `main` as the
 * default branch and gc off; `extraConfig` lines are appended (e.g. a credential helper).
 */
export function createTestHome(root: string, extraConfig = ''): string {
  const home = mkdtempSync(join(root, 'home-'));
  writeFileSync(
    join(home, '.gitconfig'),
    `[user]\n\tname = ${TEST_IDENTITY.name}\n\temail = ${TEST_IDENTITY.email}\n[init]\n\tdefaultBranch = main\n[gc]\n\tauto = 0\n[maintenance]\n\tauto = false\n${extraConfig}`,
  );
  return home;
}

/** Runs git synchronously with `env` (default: an isolated one) and returns trimmed stdout; throws with stderr on failure. */
export function git(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; input?: string },
): string {
  const env = options.env ?? testGitEnv(options.cwd);
  try {
    return execFileSync('git', [...args], {
      cwd: options.cwd,
      env,
      input: options.input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    }).trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`git ${args.join(' ')} failed: ${stderr}`, { cause: error });
  }
}

/** Makes a temporary directory for one test file; call `cleanup` in afterAll. */
export function makeTempRoot(prefix: string): { root: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** `-c` arguments giving a one-off git command the test identity without touching any configuration. */
export function identityArgs(): string[] {
  return ['-c', `user.name=${TEST_IDENTITY.name}`, '-c', `user.email=${TEST_IDENTITY.email}`];
}
