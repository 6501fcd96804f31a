/**
 * Rebuilds each cluster's state from what Git and the commit statuses say (pure:
 * the clock and every input are passed in).
 */
import { reportsOnCommit } from './controllers';
import { BaseHistory } from './history';
import {
  ClusterPullRequest,
  ClusterState,
  ClusterStatus,
  ClusterStatusList,
  ControllerReport,
  STATUS_API_VERSION,
  STATUS_LIST_KIND,
} from './model';
import { deliveryMetrics } from './metrics/delivery';
import { StatusStore } from './status-store';
import { formatDuration } from '../duration';

/** Everything {@link deriveStatuses} reads. */
export interface StatusInputs {
  readonly history: BaseHistory;
  /** Open pull requests by cluster id. */
  readonly pullRequests: ReadonlyMap<string, ClusterPullRequest>;
  readonly statuses: StatusStore;
  /** Which cluster ids to report. */
  readonly selects: (clusterId: string) => boolean;
  readonly now: Date;
  readonly staleAfterSeconds: number;
}

/** The base commits a report on which counts for a change merged as `mergeSha`: the tip's first parents down to it, newest first. */
export function reportableCommits(firstParents: readonly string[], mergeSha: string): string[] {
  const index = firstParents.indexOf(mergeSha);
  // Beyond the window: the window and the merge itself (the commits in between are not consulted).
  return index === -1 ? [...firstParents, mergeSha] : firstParents.slice(0, index + 1);
}

/** The status list for the selected clusters, sorted by id. */
export function deriveStatuses(inputs: StatusInputs): ClusterStatusList {
  const ids = [...new Set([...inputs.history.clusters, ...inputs.pullRequests.keys()])]
    .filter(inputs.selects)
    .sort();
  const delivery = deliveryMetrics(ids, inputs.history, inputs.statuses, inputs.now);
  return {
    apiVersion: STATUS_API_VERSION,
    kind: STATUS_LIST_KIND,
    generatedAt: inputs.now.toISOString(),
    base: { branch: inputs.history.branch, sha: inputs.history.tip },
    staleAfterSeconds: inputs.staleAfterSeconds,
    clusters: ids.map((id) => ({ ...clusterStatus(id, inputs), delivery: delivery.clusters.get(id)! })),
    delivery: delivery.fleet,
  };
}

function clusterStatus(id: string, inputs: StatusInputs): Omit<ClusterStatus, 'delivery'> {
  const commit = inputs.history.changes.get(id) ?? null;
  const pullRequest = inputs.pullRequests.get(id) ?? null;
  const reports =
    commit === null
      ? []
      : newestReports(id, reportableCommits(inputs.history.firstParents, commit.mergeSha), inputs.statuses);
  const { state, message } = judge(reports, commit?.mergedAt, pullRequest, inputs);
  return { id, state, message, commit, pullRequest, reports };
}

/** Per context, the report on the newest of `commits` that has one: later commits supersede earlier ones. */
export function newestReports(
  id: string,
  commits: readonly string[],
  statuses: StatusStore,
): ControllerReport[] {
  const reports = new Map<string, ControllerReport>();
  for (const sha of commits) {
    for (const report of reportsOnCommit(id, sha, statuses)) {
      if (!reports.has(report.context)) reports.set(report.context, report);
    }
  }
  return [...reports.values()].sort((a, b) => a.context.localeCompare(b.context, 'en'));
}

function judge(
  reports: readonly ControllerReport[],
  mergedAt: string | undefined,
  pullRequest: ClusterPullRequest | null,
  inputs: StatusInputs,
): { state: ClusterState; message: string } {
  if (pullRequest !== null) {
    return {
      state: 'pending-review',
      message: `pull request #${pullRequest.number} is open: ${pullRequest.url}`,
    };
  }
  const failures = reports.filter((r) => r.state === 'failure');
  if (failures.length > 0) {
    return { state: 'failed', message: failures.map(failureText).join('; ') };
  }
  if (reports.length > 0 && reports.every((r) => r.state === 'success')) {
    return { state: 'applied', message: `applied (${reports.map((r) => r.context).join(', ')})` };
  }
  if (reports.length > 0) {
    return {
      state: 'awaiting-sync',
      message: `in progress (${reports
        .filter((r) => r.state === 'pending')
        .map((r) => r.context)
        .join(', ')})`,
    };
  }
  const waited = mergedAt === undefined ? 0 : (inputs.now.getTime() - Date.parse(mergedAt)) / 1000;
  if (waited > inputs.staleAfterSeconds) {
    return {
      state: 'stale',
      message: `nothing reported ${formatSeconds(waited)} after the merge (threshold ${formatSeconds(inputs.staleAfterSeconds)})`,
    };
  }
  return { state: 'awaiting-sync', message: 'merged; no controller has reported yet' };
}

/** `<context>: <reason>: <message>`, each part where it is known. */
function failureText(report: ControllerReport): string {
  const parts = [report.reason, report.message ?? ''].filter((part) => part !== '');
  return `${report.context}: ${parts.join(': ') || 'failed (no message)'}`;
}

/** `1h5m`, `45s`: a duration for messages, in the grammar flags take (pure). */
export function formatSeconds(seconds: number): string {
  return formatDuration(seconds * 1000);
}
