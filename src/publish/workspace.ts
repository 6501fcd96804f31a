import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cloneRepository } from '../git/clone';
import { GitRepository } from '../git/repository';

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
  /** Partial clone and sparse checkout of these paths (large fleets); full clone when absent. */
  readonly sparsePaths?: readonly string[];
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
  const cache = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : path.join(env.HOME ?? os.homedir(), '.cache');
  const key = createHash('sha256').update(remote).digest('hex').slice(0, 16);
  return path.join(cache, 'gitops-synth', 'repos', key);
}

/** The working copy's absolute path: `--workdir`, else the per-repository cache directory. */
export function workdirFor(options: WorkspaceOptions): string {
  return path.resolve(options.cwd, options.workdir ?? defaultWorkdir(remoteFor(options.repo, options.cwd), options.env));
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
  const sparse = options.sparsePaths === undefined ? {} : { filter: 'blob:none' as const, sparsePaths: options.sparsePaths };
  if (fs.existsSync(path.join(dir, '.git'))) {
    for (const lock of ['index.lock', 'HEAD.lock', 'shallow.lock']) {
      fs.rmSync(path.join(dir, '.git', lock), { force: true });
    }
    try {
      const existing = await GitRepository.open({ dir, env: options.env });
      if ((await existing.getOriginUrl()) === remote) {
        return existing;
      }
    } catch {
      // Not a usable working copy: fall through and clone again.
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return cloneRepository(remote, dir, { env: options.env, branch: options.base, ...sparse });
}
