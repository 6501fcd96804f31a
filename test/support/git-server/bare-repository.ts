/**
 * Bare repositories for tests: a server-side repository seeded with a `main`
 * branch, a pre-receive hook that declines pushes, and a way to push a competing
 * commit as another writer would.
 */
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { git, identityArgs, testGitEnv } from './git';

/** A created bare repository. */
export interface BareRepository {
  /** Absolute path of the bare repository. */
  readonly dir: string;
  /** Its `file://` URL (a plain path would make git ignore `--filter`). */
  readonly url: string;
  /** The commit `main` (or the chosen branch) was seeded with. */
  readonly seedSha: string;
}

/** How to create a bare repository. */
export interface BareRepositoryOptions {
  /** The directory to create it in. */
  readonly root: string;
  /** Its directory name (default `repo.git`). */
  readonly name?: string;
  /** The seeded branch (default `main`). */
  readonly branch?: string;
  /** The seed commit's files, path -> content (default a README). */
  readonly files?: Readonly<Record<string, string>>;
}

/**
 * Creates a bare repository with gc off, a local identity, partial clone filters
 * allowed (for `--filter=blob:none`), pushes over HTTP enabled, and one seed
 * commit on `branch` holding `files`.
 */
export function createBareRepository(options: BareRepositoryOptions): BareRepository {
  const dir = join(options.root, options.name ?? 'repo.git');
  const branch = options.branch ?? 'main';
  mkdirSync(dir, { recursive: true });
  git(['init', '--quiet', '--bare', `--initial-branch=${branch}`, dir], { cwd: options.root });
  // Written directly rather than with one `git config` per key: tests create many repositories.
  appendFileSync(
    join(dir, 'config'),
    [
      '[gc]\n\tauto = 0',
      '[user]\n\tname = GitOps Test\n\temail = gitops-test@example.test',
      '[uploadpack]\n\tallowFilter = true\n\tallowAnySHA1InWant = true',
      '[http]\n\treceivepack = true',
      '',
    ].join('\n'),
  );
  const seedSha = commitFiles(
    dir,
    branch,
    options.files ?? { 'README.md': '# GitOps repository\n' },
    'Seed repository',
    undefined,
  );
  return { dir, url: `file://${dir}`, seedSha };
}

/**
 * Commits `files` onto `branch` (starting from `from` when the branch does not
 * exist yet) directly in the bare repository with plumbing commands, and returns
 * the new commit's SHA. The ref is moved with a compare-and-swap (`update-ref`
 * with the old value), like a push, but server hooks do not run: a competing
 * writer's commit lands even while a test's rejecting hook is installed.
 */
function commitFiles(
  bareDir: string,
  branch: string,
  files: Readonly<Record<string, string>>,
  message: string,
  from: string | undefined,
): string {
  const work = mkdtempSync(join(dirname(bareDir), 'scratch-'));
  try {
    const env = {
      ...testGitEnv(work),
      GIT_INDEX_FILE: join(work, '.index'),
      GIT_DIR: bareDir,
      GIT_WORK_TREE: work,
    };
    const run = (args: readonly string[]) => git(args, { cwd: work, env });
    const tip = (name: string) => {
      try {
        return run(['rev-parse', '--verify', '--quiet', `refs/heads/${name}^{commit}`]);
      } catch {
        return undefined;
      }
    };
    const current = tip(branch);
    const parent = current ?? (from === undefined ? undefined : tip(from));
    if (parent !== undefined) {
      run(['read-tree', parent]);
    }
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(work, path)), { recursive: true });
      writeFileSync(join(work, path), content);
    }
    run(['add', '--', ...Object.keys(files)]);
    const tree = run(['write-tree']);
    const sha = run([
      ...identityArgs(),
      'commit-tree',
      tree,
      ...(parent === undefined ? [] : ['-p', parent]),
      '-m',
      message,
    ]);
    run(['update-ref', `refs/heads/${branch}`, sha, current ?? '0'.repeat(40)]);
    return sha;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A competing commit, as another writer would push it. */
export interface CompetingCommitOptions {
  readonly branch: string;
  /** Files to write, path -> content (default one file named after the message). */
  readonly files?: Readonly<Record<string, string>>;
  readonly message?: string;
  /** The branch to start from when `branch` does not exist yet (default `main`). */
  readonly from?: string;
}

/** Adds a commit on top of `branch` in the bare repository, as another writer would, and returns its SHA (server hooks do not run). */
export function pushCompetingCommit(bareDir: string, options: CompetingCommitOptions): string {
  const message = options.message ?? 'Competing change';
  const files = options.files ?? { [`competing-${Date.now()}.txt`]: `${message}\n` };
  return commitFiles(bareDir, options.branch, files, message, options.from ?? 'main');
}

/** The SHA `branch` holds in the bare repository, or undefined when it does not exist. */
export function branchSha(bareDir: string, branch: string): string | undefined {
  const output = git(['for-each-ref', '--format=%(objectname)', `refs/heads/${branch}`], { cwd: bareDir });
  return output === '' ? undefined : output;
}

/** True when `sha` is an object the bare repository holds and it is reachable from `branch`. */
export function branchContains(bareDir: string, branch: string, sha: string): boolean {
  try {
    git(['merge-base', '--is-ancestor', sha, `refs/heads/${branch}`], { cwd: bareDir });
    return true;
  } catch {
    return false;
  }
}

/** A pre-receive hook that declines pushes. */
export interface RejectingHook {
  /** How many pushes it has declined so far. */
  rejections(): number;
  /** Removes the hook. */
  remove(): void;
}

/**
 * Installs a pre-receive hook in `bareDir` that declines the first `rejectFirst`
 * pushes (default: every push), printing `message` to the pushing client, and
 * counts its rejections in `hooks/rejections`.
 */
export function installRejectingHook(
  bareDir: string,
  options: { rejectFirst?: number; message: string },
): RejectingHook {
  const hook = join(bareDir, 'hooks', 'pre-receive');
  const counter = join(bareDir, 'hooks', 'rejections');
  const limit = options.rejectFirst ?? 1_000_000;
  const quoted = `'${options.message.replace(/'/g, `'\\''`)}'`;
  writeFileSync(
    hook,
    [
      '#!/bin/sh',
      `count=$(cat '${counter}' 2>/dev/null || echo 0)`,
      `if [ "$count" -lt ${limit} ]; then`,
      `  echo $((count + 1)) > '${counter}'`,
      `  printf '%s\\n' ${quoted} >&2`,
      '  exit 1',
      'fi',
      'exit 0',
      '',
    ].join('\n'),
  );
  chmodSync(hook, 0o755);
  return {
    rejections: () => (existsSync(counter) ? Number(readFileSync(counter, 'utf8').trim()) : 0),
    remove: () => rmSync(hook, { force: true }),
  };
}
