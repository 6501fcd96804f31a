/**
 * What the base branch says about each cluster, read with a handful of git
 * processes whatever the number of clusters: the clusters present at the tip,
 * the newest first-parent commit that changed each one's directory (the moment
 * the change reached the branch), its trailers, and the recent first-parent
 * history the controllers may have reported on.
 */
import { GitRepository, LoggedCommit } from '../git/repository';
import { TRAILER_KEYS } from '../messages/commit';
import { ClusterChangeRecord, readChangeLog } from './metrics/change-log';
import { ClusterCommit } from './model';

/** The base branch as far as status is concerned. */
export interface BaseHistory {
  readonly branch: string;
  readonly tip: string;
  /** Cluster ids with a directory under `clusters/` at the tip, sorted. */
  readonly clusters: readonly string[];
  /** Each cluster's newest change. */
  readonly changes: ReadonlyMap<string, ClusterCommit>;
  /** The tip's first-parent history, newest first, at most `maxCommits` long. */
  readonly firstParents: readonly string[];
  /** Committer time of the oldest commit in `firstParents`, ISO 8601: where the delivery metrics' window starts. */
  readonly windowStart: string;
  /** Each cluster's changes within `firstParents`, oldest first (delivery metrics). */
  readonly changeLog: ReadonlyMap<string, readonly ClusterChangeRecord[]>;
}

/** Options of {@link readBaseHistory}. */
export interface BaseHistoryOptions {
  readonly branch: string;
  /** The ref holding the base branch's tip (`refs/remotes/origin/main`). */
  readonly ref: string;
  /** How many recent first-parent commits may carry reports (each costs one API call). */
  readonly maxCommits: number;
}

/** Reads the base branch's history for status. */
export async function readBaseHistory(
  repo: GitRepository,
  options: BaseHistoryOptions,
): Promise<BaseHistory> {
  const tip = await repo.getSha(options.ref);
  const clusters = (await repo.listDirectory(tip, 'clusters')).sort();
  const touching = await repo.logCommits({ range: tip, firstParent: true, paths: ['clusters'] });
  const newest = newestChangePerCluster(touching, new Set(clusters));
  const changes = new Map<string, ClusterCommit>();
  for (const [id, merge] of newest) {
    changes.set(id, toClusterCommit(await changingCommit(repo, merge, id), merge));
  }
  const window = await repo.logCommits({ range: tip, firstParent: true, maxCount: options.maxCommits });
  const firstParents = window.map((c) => c.sha);
  const windowStart = new Date((window[window.length - 1]?.committedAt ?? 0) * 1000).toISOString();
  const changeLog = await readChangeLog(repo, touching, new Set(firstParents), new Set(clusters));
  return { branch: options.branch, tip, clusters, changes, firstParents, windowStart, changeLog };
}

/** The newest commit (of a newest-first log) whose files include `clusters/<id>/`, per wanted cluster (pure). */
export function newestChangePerCluster(
  log: readonly LoggedCommit[],
  wanted: ReadonlySet<string>,
): Map<string, LoggedCommit> {
  const found = new Map<string, LoggedCommit>();
  for (const commit of log) {
    for (const file of commit.files) {
      const id = file.split('/')[1];
      if (file.startsWith('clusters/') && wanted.has(id) && !found.has(id)) {
        found.set(id, commit);
      }
    }
    if (found.size === wanted.size) break;
  }
  return found;
}

/**
 * A merge commit carries no trailers of its own: the commit that changed the
 * cluster (and carries them) is the newest merged-in commit that touched its path.
 */
async function changingCommit(repo: GitRepository, merge: LoggedCommit, id: string): Promise<LoggedCommit> {
  if (merge.parents.length < 2) {
    return merge;
  }
  const [inner] = await repo.logCommits({
    range: `${merge.parents[0]}..${merge.sha}`,
    paths: [`clusters/${id}`],
    maxCount: 1,
  });
  return inner ?? merge;
}

function toClusterCommit(commit: LoggedCommit, merge: LoggedCommit): ClusterCommit {
  const trailer = (key: string) =>
    commit.trailers
      .filter((t) => t.key === key)
      .map((t) => t.value)
      .pop() ?? null;
  return {
    sha: commit.sha,
    mergeSha: merge.sha,
    mergedAt: new Date(merge.committedAt * 1000).toISOString(),
    subject: commit.subject,
    intentsRevision: trailer(TRAILER_KEYS.intentsRevision),
    intentsDigest: trailer(TRAILER_KEYS.intentsDigest),
  };
}
