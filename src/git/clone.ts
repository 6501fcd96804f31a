/**
 * Cloning the GitOps repository: one branch, optionally as a partial clone
 * (`--filter=blob:none`: file contents are fetched on demand) with a cone-mode
 * sparse checkout, so a run touching a few clusters of a large fleet repository
 * downloads and checks out only those.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { checkBranchName, normalizeRepoPath } from './arguments';
import { createGitRunContext, type GitEnvironmentOptions } from './context';
import { GitArgumentError } from './errors';
import { gitRemote } from './remote';
import { GitRepository } from './repository';
import { runGit } from './runner';

/** How to clone. */
export interface CloneOptions extends GitEnvironmentOptions {
  /** The branch to clone and check out. */
  readonly branch: string;
  /** `blob:none` for a partial clone (the server must allow filters). */
  readonly filter?: 'blob:none';
  /** Directories to check out (cone mode: each with everything below it, plus top-level files). */
  readonly sparsePaths?: readonly string[];
}

/**
 * The arguments of `git clone`. Pure. Only `branch` is fetched (`--single-branch`);
 * other branches are fetched on demand by {@link GitRepository.fetchBase}.
 */
export function cloneArguments(
  remote: string,
  dir: string,
  options: Pick<CloneOptions, 'branch' | 'filter' | 'sparsePaths'>,
): string[] {
  return [
    'clone',
    '--quiet',
    '--no-tags',
    '--single-branch',
    `--branch=${options.branch}`,
    ...(options.filter === undefined ? [] : [`--filter=${options.filter}`]),
    ...(options.sparsePaths === undefined ? [] : ['--sparse']),
    '--',
    remote,
    dir,
  ];
}

/**
 * Clones `remote` into `dir` (which must not exist or be empty) and returns the
 * working copy. Credentials come from `options.env` and are never written to the
 * clone's configuration.
 */
export async function cloneRepository(
  remote: string,
  dir: string,
  options: CloneOptions,
): Promise<GitRepository> {
  checkBranchName(options.branch);
  const remoteUrl = gitRemote(remote);
  const sparsePaths = options.sparsePaths?.map(normalizeRepoPath);
  if (sparsePaths !== undefined && sparsePaths.length === 0) {
    throw new GitArgumentError(
      'sparsePaths is empty',
      'Name at least one directory to check out, or leave sparsePaths out for a full checkout.',
    );
  }
  const target = resolve(dir);
  await mkdir(dirname(target), { recursive: true });
  const parentContext = await createGitRunContext(options, dirname(target), remoteUrl);
  await runGit(parentContext, cloneArguments(remote, target, { ...options, sparsePaths }));
  if (sparsePaths !== undefined) {
    // Paths go through stdin, so none of them can be mistaken for an option. A sparse index
    // keeps one entry per directory outside the cone, so add, commit and checkout cost what
    // the selected clusters cost instead of what the whole fleet's 100,000 files cost.
    await runGit(
      { ...parentContext, cwd: target },
      ['sparse-checkout', 'set', '--cone', '--sparse-index', '--stdin'],
      { input: `${sparsePaths.join('\n')}\n` },
    );
  }
  return GitRepository.open({ ...options, dir: target });
}
