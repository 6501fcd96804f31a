/**
 * Pure rules about paths and ownership in a GitOps repository tree. Every path here is
 * POSIX and relative to the repository root (`clusters/<id>/namespaces/<ns>/<file>.yaml`).
 */
import * as posix from 'path/posix';

/** The directory, relative to the repository root, that holds one directory per cluster. */
export const CLUSTERS_DIR = 'clusters';

/** Selects the clusters a run reads and writes (sharding); absent means every cluster. */
export type ClusterFilter = (clusterId: string) => boolean;

/** The filter that selects every cluster. */
export const ALL_CLUSTERS: ClusterFilter = () => true;

/** The cluster a path below `clusters/<id>/` belongs to, or undefined when it is not below one. */
export function findClusterId(path: string): string | undefined {
  const segments = path.split('/');
  return segments.length >= 3 && segments[0] === CLUSTERS_DIR ? segments[1] : undefined;
}

/**
 * Why `path` cannot be a file gitops-synth writes, or undefined when it can. A path must
 * be normalized (no `.`, `..`, empty segments or leading `/`), lie inside a cluster's
 * directory (`clusters/<id>/<name>`), and never pass through a `.git` directory.
 */
export function findPathProblem(path: string): string | undefined {
  if (path === '' || path.includes('\0') || path.includes('\\')) {
    return 'is empty or contains a NUL or backslash';
  }
  if (posix.isAbsolute(path)) {
    return 'is absolute; it must be relative to the repository root';
  }
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..') || posix.normalize(path) !== path) {
    return 'is not normalized (empty, "." or ".." segments)';
  }
  if (segments[0] !== CLUSTERS_DIR || segments.length < 3) {
    return `is not inside a cluster's directory (${CLUSTERS_DIR}/<cluster-id>/...)`;
  }
  if (segments.includes('.git')) {
    return 'passes through a .git directory';
  }
  return undefined;
}

/**
 * The directories above `path`, deepest first, that lie strictly below `clusters/`
 * (so neither `clusters/` nor the root is ever among them).
 */
export function clusterAncestors(path: string): string[] {
  const result: string[] = [];
  for (let dir = posix.dirname(path); dir.startsWith(`${CLUSTERS_DIR}/`); dir = posix.dirname(dir)) {
    result.push(dir);
  }
  return result;
}

/** Sorts directories so that every directory comes after the ones inside it (safe order for rmdir). */
export function deepestFirst(directories: Iterable<string>): string[] {
  return [...directories].sort(
    (a, b) => b.split('/').length - a.split('/').length || (a < b ? -1 : a > b ? 1 : 0),
  );
}
