/**
 * A reviewer and the merge button, as a forge with branch protection ("require
 * review from code owners") does them: the pull request may merge only when the
 * approving reviewer owns every changed file under the CODEOWNERS of the pull
 * request's head (GitHub: the last matching pattern wins; a directory pattern
 * `/dir/` owns everything below it). The merge is a real merge commit pushed to
 * the bare repository, and the forge records the pull request as merged.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LoopbackForge } from './forge';
import { ForgePull } from './forge/state';
import { git } from './git-server';

/** Who owns `file` under the CODEOWNERS text (GitHub's rules, for the anchored patterns CODEOWNERS files use here). */
export function ownersOf(codeowners: string, file: string): string[] {
  let owners: string[] = [];
  for (const line of codeowners.split('\n')) {
    const [pattern, ...names] = line.trim().split(/\s+/);
    if (pattern === undefined || pattern === '' || pattern.startsWith('#')) continue;
    if (matches(pattern, `/${file}`)) owners = names;
  }
  return owners;
}

function matches(pattern: string, file: string): boolean {
  const anchored = pattern.startsWith('/') ? pattern : `**/${pattern}`;
  const source = anchored
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\//g, '(?:.*/)?')
    .replace(/\*/g, '[^/]*');
  return new RegExp(`^${source}${pattern.endsWith('/') ? '' : '(?:/|$)'}`).test(file);
}

/** Options of {@link mergeWithReview}. */
export interface MergeOptions {
  readonly bareDir: string;
  readonly forge: LoopbackForge;
  readonly pull: ForgePull;
  /** The approving reviewers: users or teams as CODEOWNERS names them. */
  readonly reviewers: readonly string[];
  /** A scratch directory for the merging clone. */
  readonly scratch: string;
  readonly env: Record<string, string>;
}

/**
 * Merges `pull` into its base if the reviewers include an owner of every changed file; throws (the
 * forge's "review required") otherwise. Returns the merge commit.
 */
export function mergeWithReview(options: MergeOptions): string {
  const { bareDir, pull, reviewers } = options;
  const changed = git(['diff', '--name-only', `${pull.base}...${pull.branch}`], { cwd: bareDir })
    .split('\n')
    .filter((f) => f !== '');
  const codeowners = readCodeowners(bareDir, pull.branch);
  // GitHub asks a code owner's approval only for files that have owners; any approval covers the rest.
  const unapproved = changed.filter(
    (file) =>
      ownersOf(codeowners, file).length > 0 &&
      !ownersOf(codeowners, file).some((owner) => reviewers.includes(owner)),
  );
  if (unapproved.length > 0) {
    throw new Error(
      `review required: no code owner of ${unapproved.join(', ')} among ${reviewers.join(', ')}`,
    );
  }
  const clone = fs.mkdtempSync(path.join(options.scratch, 'merge-'));
  // The forge's merge button commits as the reviewer who pressed it.
  const env = {
    ...options.env,
    GIT_AUTHOR_NAME: reviewers[0],
    GIT_AUTHOR_EMAIL: 'reviewer@example.org',
    GIT_COMMITTER_NAME: 'Loopback Forge',
    GIT_COMMITTER_EMAIL: 'noreply@forge.example.org',
  };
  git(['clone', '--quiet', bareDir, clone], { cwd: options.scratch, env });
  git(['checkout', '--quiet', pull.base], { cwd: clone, env });
  git(
    [
      'merge',
      '--no-ff',
      '--quiet',
      '-m',
      `Merge pull request #${pull.number} from ${pull.branch}`,
      `origin/${pull.branch}`,
    ],
    { cwd: clone, env },
  );
  git(['push', '--quiet', 'origin', pull.base], { cwd: clone, env });
  const sha = git(['rev-parse', 'HEAD'], { cwd: clone });
  fs.rmSync(clone, { recursive: true, force: true });
  pull.state = 'merged';
  pull.mergeCommitSha = sha;
  return sha;
}

function readCodeowners(bareDir: string, ref: string): string {
  for (const location of ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS']) {
    try {
      return git(['show', `${ref}:${location}`], { cwd: bareDir });
    } catch {
      // not at this location
    }
  }
  return '';
}
