import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cloneRepository } from '../git/clone';
import { createGitRunContext } from '../git/context';
import { gitRemote } from '../git/remote';
import { GitRepository } from '../git/repository';
import { runGit } from '../git/runner';
import type { CommitSigning } from '../git/signing';
import type { TokenSource } from '../contract/token-source';
import type { CommitTransport } from './send-commit';
import { CODEOWNERS_LOCATIONS } from './conventions';

/** Where and how publish keeps its own working copy of the GitOps repository. */
export interface WorkspaceOptions {
  /** The remote URL, or a local path to a repository. */
  readonly repo: string;
  /** The base branch to clone. */
  readonly base: string;
  /** An explicit working directory (`--workdir`); default: a cache directory per repository. */
  readonly workdir?: string;
  /** Resolves relative local paths. */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /**
   * Partial clone (`--filter=blob:none`) with a sparse checkout (large fleets, a
   * selection of clusters); full clone when absent. The paths checked out are set on
   * every run with {@link ensureCheckoutPaths}; these are the first clone's.
   */
  readonly sparsePaths?: readonly string[];
  /** How every commit in the working copy is signed (`--sign ssh|gpg`). */
  readonly signing?: CommitSigning;
  /** Add a Signed-off-by trailer to every commit (`--signoff`). */
  readonly signoff?: boolean;
  /** A GitHub App's installation tokens for HTTPS, instead of GITOPS_TOKEN. */
  readonly tokenSource?: TokenSource;
  /** How commits reach the remote: git push (default), or the host's commit API (`--sign api`). */
  readonly transport?: CommitTransport;
}

/** True when `repo` names a local path rather than a URL (`https://`, `ssh://`, `git@host:`, `file://`). */
export function isLocalPath(repo: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(repo) && !/^[^/\s]+@[^/\s]+:/.test(repo);
}

/** The remote as git should see it: local paths made absolute. */
export function remoteFor(repo: string, cwd: string): string {
  return isLocalPath(repo) ? path.resolve(cwd, repo) : repo;
}

/**
 * The default working directory: one per repository under the user's cache
 * (`$XDG_CACHE_HOME/gitops-synth/repos/<hash>`), reused across runs so that a
 * small change costs a fetch, not a clone. The hash keeps URLs (and any user
 * name in them) out of the path.
 */
export function defaultWorkdir(remote: string, env: NodeJS.ProcessEnv): string {
  const cache =
    env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== ''
      ? env.XDG_CACHE_HOME
      : path.join(env.HOME ?? os.homedir(), '.cache');
  const key = createHash('sha256').update(remote).digest('hex').slice(0, 16);
  return path.join(cache, 'gitops-synth', 'repos', key);
}

/** The working copy's absolute path: `--workdir`, else the per-repository cache directory. */
export function workdirFor(options: WorkspaceOptions): string {
  return path.resolve(
    options.cwd,
    options.workdir ?? defaultWorkdir(remoteFor(options.repo, options.cwd), options.env),
  );
}

/**
 * Opens the working copy, cloning it when it is missing or unusable. A run killed
 * mid-clone or mid-command leaves a directory the next run cannot trust, so anything
 * that is not a working copy of the same remote is removed and cloned again; stale
 * git lock files are removed (the caller holds the repository lock, so no other
 * gitops-synth process is using the directory).
 */
export async function openWorkspace(options: WorkspaceOptions): Promise<GitRepository> {
  const remote = remoteFor(options.repo, options.cwd);
  const dir = workdirFor(options);
  // Cone mode always checks out the root's files; a clone with no directory yet names a placeholder.
  const firstPaths =
    options.sparsePaths !== undefined && options.sparsePaths.length === 0
      ? [SPARSE_PLACEHOLDER]
      : options.sparsePaths;
  const sparse = firstPaths === undefined ? {} : { filter: 'blob:none' as const, sparsePaths: firstPaths };
  if (fs.existsSync(path.join(dir, '.git'))) {
    for (const lock of ['index.lock', 'HEAD.lock', 'shallow.lock']) {
      fs.rmSync(path.join(dir, '.git', lock), { force: true });
    }
    try {
      const existing = await GitRepository.open({
        dir,
        env: options.env,
        signing: options.signing,
        signoff: options.signoff,
        tokenSource: options.tokenSource,
      });
      if ((await existing.getOriginUrl()) === remote) {
        return existing;
      }
    } catch {
      // Not a usable working copy: fall through and clone again.
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return cloneRepository(remote, dir, {
    env: options.env,
    branch: options.base,
    signing: options.signing,
    signoff: options.signoff,
    tokenSource: options.tokenSource,
    ...sparse,
  });
}

/** A directory no tree has: a cone that must hold no directory names it (git needs at least one path on clone). */
const SPARSE_PLACEHOLDER = '.gitops-synth-none';

/**
 * The directories a sparse checkout needs (pure): the directory of every selected
 * cluster that the intents name or that the base still has (a cluster removed from
 * the intents must be checked out to be deleted), plus the directories of the
 * CODEOWNERS files the base has (cone mode checks out the root's files, such as
 * `CODEOWNERS`, by itself). Sorted, without duplicates.
 */
export function sparseCheckoutPaths(input: {
  readonly intentClusters: readonly string[];
  readonly baseClusters: readonly string[];
  readonly selects: (clusterId: string) => boolean;
  readonly baseCodeowners: readonly string[];
}): string[] {
  const clusters = [...input.intentClusters, ...input.baseClusters]
    .filter(input.selects)
    .map((id) => `clusters/${id}`);
  const owners = input.baseCodeowners
    .filter((file) => file.includes('/'))
    .map((file) => path.posix.dirname(file));
  return [...new Set([...clusters, ...owners])].sort();
}

/** What the base branch holds at its top, read from trees only (no file contents, so a partial clone fetches nothing). */
export interface BaseListing {
  /** The directory names under `clusters/`. */
  readonly clusters: string[];
  /** Which of the {@link CODEOWNERS_LOCATIONS} exist. */
  readonly codeowners: string[];
}

/** Lists the clusters and CODEOWNERS files on `ref` with `git ls-tree`, which needs no blobs. */
export async function listBase(
  repo: GitRepository,
  options: Pick<WorkspaceOptions, 'env' | 'repo' | 'cwd' | 'tokenSource'>,
  ref: string,
): Promise<BaseListing> {
  const context = await createGitRunContext(options, repo.dir, undefined);
  const clusters = await runGit(context, ['ls-tree', '-d', '--name-only', '-z', ref, '--', 'clusters/']);
  const owners = await runGit(context, ['ls-tree', '--name-only', '-z', ref, '--', ...CODEOWNERS_LOCATIONS]);
  const names = (text: string): string[] => text.split('\0').filter((name) => name !== '');
  return {
    clusters: names(clusters.stdout).map((name) => name.slice('clusters/'.length)),
    codeowners: names(owners.stdout),
  };
}

/**
 * Makes the working copy check out exactly `paths` (cone mode, plus the root's files),
 * or everything when `paths` is undefined. Run on every publish, so a cached working
 * copy reused with another selection follows the new one. In a partial clone, git
 * fetches the blobs the new paths need, and only those.
 */
export async function ensureCheckoutPaths(
  repo: GitRepository,
  options: Pick<WorkspaceOptions, 'env' | 'repo' | 'cwd' | 'tokenSource'>,
  paths: readonly string[] | undefined,
): Promise<void> {
  const context = await createGitRunContext(
    options,
    repo.dir,
    gitRemote(remoteFor(options.repo, options.cwd)),
  );
  if (paths === undefined) {
    const enabled = await runGit(context, ['config', '--bool', '--get', 'core.sparseCheckout'], {
      okExitCodes: [0, 1],
    });
    if (enabled.stdout.trim() === 'true') await runGit(context, ['sparse-checkout', 'disable']);
    return;
  }
  // Paths go through stdin, so none of them can be mistaken for an option.
  await runGit(context, ['sparse-checkout', 'set', '--cone', '--sparse-index', '--stdin'], {
    input: paths.length === 0 ? '' : `${paths.join('\n')}\n`,
  });
}
