/**
 * Checks on values that become git arguments. Pure. A value that starts with `-`
 * would be read as an option, and a malformed ref or path fails late and
 * obscurely, so both are refused before git runs.
 */
import { GitArgumentError } from './errors';

/** A full SHA-1 or SHA-256 object name. */
const SHA_PATTERN = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** Throws unless `name` is a valid branch name (the rules of `git check-ref-format --branch`). */
export function checkBranchName(name: string): void {
  const broken =
    name === '' ||
    name.startsWith('-') ||
    name.startsWith('/') ||
    name.endsWith('/') ||
    name.endsWith('.') ||
    name.endsWith('.lock') ||
    name.includes('..') ||
    name.includes('//') ||
    name.includes('@{') ||
    name === '@' ||
    /[\x00-\x20\x7f~^:?*[\\]/.test(name) ||
    name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'));
  if (broken) {
    throw new GitArgumentError(
      `'${name}' is not a valid branch name`,
      'Use letters, digits, "-", "_", "." and "/" (as in gitops/cluster-a), without "..", spaces or a leading "-".',
    );
  }
}

/** Throws unless `sha` is a full lower-case object name. */
export function checkSha(sha: string, what: string): void {
  if (!SHA_PATTERN.test(sha)) {
    throw new GitArgumentError(
      `${what} '${sha}' is not a full commit SHA`,
      'Pass the 40- (or 64-) character hexadecimal commit id.',
    );
  }
}

/** Throws unless `ref` can safely be passed as a revision (a SHA, branch or `origin/<branch>`). */
export function checkRevision(ref: string): void {
  if (ref === '' || ref.startsWith('-') || /[\x00-\x20\x7f]/.test(ref)) {
    throw new GitArgumentError(
      `'${ref}' is not a usable revision`,
      'Pass a commit SHA or a branch name such as origin/main.',
    );
  }
}

/**
 * Normalises a repository-relative directory or file path (`./a/b/` -> `a/b`) and
 * throws when it is absolute, climbs out with `..`, or is empty.
 */
export function normalizeRepoPath(path: string): string {
  const normalized = path
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
  if (
    normalized === '' ||
    normalized.startsWith('/') ||
    normalized.split('/').some((part) => part === '..' || part === '.' || part === '') ||
    /[\x00-\x1f]/.test(normalized)
  ) {
    throw new GitArgumentError(
      `'${path}' is not a relative path inside the repository`,
      'Use a path relative to the repository root, such as clusters/cluster-a.',
    );
  }
  return normalized;
}

/** A commit author or committer. */
export interface GitIdentity {
  readonly name: string;
  readonly email: string;
}

/** Throws unless the identity can be written into a commit header. */
export function checkIdentity(identity: GitIdentity, role: string): void {
  const bad = (value: string) => value.trim() === '' || /[<>\x00-\x1f]/.test(value);
  if (bad(identity.name) || bad(identity.email)) {
    throw new GitArgumentError(
      `the commit ${role} '${identity.name} <${identity.email}>' is not a valid identity`,
      'Give a non-empty name and e-mail address without "<", ">" or line breaks.',
    );
  }
}
