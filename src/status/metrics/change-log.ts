/**
 * Every change of each cluster within the first-parent window, for delivery
 * metrics: which base commits changed `clusters/<id>/`, when the change was
 * written and when it reached the branch. Read from the logs history.ts already
 * runs; a merge commit costs one more git process (its merged head's author time).
 */
import { GitRepository, LoggedCommit } from '../../git/repository';

/** One change of one cluster on the base branch. */
export interface ClusterChangeRecord {
  /** The first-parent commit that brought the change in. */
  readonly mergeSha: string;
  /** Committer time of `mergeSha`, ISO 8601: when the change reached the branch. */
  readonly mergedAt: string;
  /**
   * When the change was written, ISO 8601: the author time of the commit publish
   * made for an intents revision (for a merge commit, of the merged head). Lead
   * time starts here; Git keeps it through rebases, fast-forwards and merges.
   */
  readonly changedAt: string;
  /** The first-parent commit's subject (a rollback's is `Revert "…"`, or names its `gitops/rollback-` branch). */
  readonly subject: string;
}

/** The changes per cluster, oldest first, of the `touching` log's commits that lie in `window` (pure but for merges' heads). */
export async function readChangeLog(
  repo: GitRepository,
  touching: readonly LoggedCommit[],
  window: ReadonlySet<string>,
  clusters: ReadonlySet<string>,
): Promise<Map<string, ClusterChangeRecord[]>> {
  const log = new Map<string, ClusterChangeRecord[]>();
  for (const commit of [...touching].reverse()) {
    if (!window.has(commit.sha)) continue;
    const ids = clustersTouched(commit, clusters);
    if (ids.length === 0) continue;
    const record: ClusterChangeRecord = {
      mergeSha: commit.sha,
      mergedAt: iso(commit.committedAt),
      changedAt: iso(await authorTime(repo, commit)),
      subject: commit.subject,
    };
    for (const id of ids) {
      const list = log.get(id) ?? [];
      list.push(record);
      log.set(id, list);
    }
  }
  return log;
}

/** The cluster ids whose directory a first-parent commit changed (pure). */
export function clustersTouched(commit: LoggedCommit, clusters: ReadonlySet<string>): string[] {
  const ids = new Set<string>();
  for (const file of commit.files) {
    const id = file.split('/')[1];
    if (file.startsWith('clusters/') && clusters.has(id)) ids.add(id);
  }
  return [...ids];
}

/** A merge commit's author time is the merge's: the change was written when its merged head was. */
async function authorTime(repo: GitRepository, commit: LoggedCommit): Promise<number> {
  if (commit.parents.length < 2) return commit.authoredAt;
  const [head] = await repo.logCommits({ range: commit.parents[1], maxCount: 1 });
  return head?.authoredAt ?? commit.authoredAt;
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
