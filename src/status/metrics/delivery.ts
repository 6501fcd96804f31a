/**
 * Delivery metrics (the four DORA keys) rebuilt from Git history and commit
 * statuses alone (pure: the clock and every input are passed in):
 * - lead time: from when a change was written (the author time of publish's commit
 *   for an intents revision) to the first success a controller reported on it;
 * - deployment frequency: applied changes per day over the first-parent window;
 * - change failure rate: the share of changes with an outcome that reached
 *   `failed` or were rolled back;
 * - time to restore: from a cluster's first failure report to its next success.
 */
import { parseStatusContext } from '../../contract/sync-contract';
import { reportState } from '../controllers';
import { BaseHistory } from '../history';
import { ClusterDelivery, DeliveryMetrics, FleetDelivery } from '../model';
import { StatusStore } from '../status-store';
import { ClusterChangeRecord } from './change-log';

/** One success or failure a controller reported for a cluster. */
interface Outcome {
  readonly at: number;
  readonly ok: boolean;
}

/** What became of one change of one cluster. */
interface ChangeOutcome {
  readonly mergeSha: string;
  readonly leadTimeSeconds: number | null;
  readonly failed: boolean;
  readonly rolledBack: boolean;
}

/** A cluster's changes and restores: the raw material of its metrics and the fleet's. */
export interface ClusterDeliveryFacts {
  readonly changes: readonly ChangeOutcome[];
  readonly restoreSeconds: readonly number[];
}

const DAY = 86400;

/** What one cluster's changes in the window came to (pure). */
export function clusterDeliveryFacts(
  id: string,
  history: BaseHistory,
  statuses: StatusStore,
): ClusterDeliveryFacts {
  const changes = history.changeLog.get(id) ?? [];
  const index = new Map(history.firstParents.map((sha, i) => [sha, i]));
  const rolledBack = rolledBackChanges(changes);
  const outcomes = changes.map((change, i): ChangeOutcome => {
    const from = index.get(change.mergeSha) ?? 0;
    const to = i + 1 < changes.length ? (index.get(changes[i + 1].mergeSha) ?? -1) + 1 : 0;
    const reports = history.firstParents.slice(to, from + 1).flatMap((sha) => outcomesOn(id, sha, statuses));
    const applied = Math.min(...reports.filter((r) => r.ok).map((r) => r.at));
    return {
      mergeSha: change.mergeSha,
      leadTimeSeconds: Number.isFinite(applied)
        ? Math.max(0, (applied - Date.parse(change.changedAt)) / 1000)
        : null,
      failed: reports.some((r) => !r.ok),
      rolledBack: rolledBack.has(i),
    };
  });
  const all = history.firstParents
    .flatMap((sha) => outcomesOn(id, sha, statuses))
    .sort((a, b) => a.at - b.at);
  return { changes: outcomes, restoreSeconds: restores(all) };
}

/** The metrics of one cluster's facts over a window of `windowSeconds` (pure). */
export function summarise(facts: ClusterDeliveryFacts, windowSeconds: number): DeliveryMetrics {
  return metricsOf(facts.changes, facts.restoreSeconds, windowSeconds);
}

/** Per cluster and for the fleet; a fleet change is one base commit, however many clusters it changed (pure). */
export function deliveryMetrics(
  ids: readonly string[],
  history: BaseHistory,
  statuses: StatusStore,
  now: Date,
): { clusters: Map<string, ClusterDelivery>; fleet: FleetDelivery } {
  const windowSeconds = Math.max(0, (now.getTime() - Date.parse(history.windowStart)) / 1000);
  const clusters = new Map<string, ClusterDelivery>();
  const byCommit = new Map<string, ChangeOutcome[]>();
  const leadTimes: Array<number | null> = [];
  const restoreSeconds: number[] = [];
  for (const id of ids) {
    const facts = clusterDeliveryFacts(id, history, statuses);
    clusters.set(id, summarise(facts, windowSeconds));
    for (const change of facts.changes) {
      byCommit.set(change.mergeSha, [...(byCommit.get(change.mergeSha) ?? []), change]);
      leadTimes.push(change.leadTimeSeconds);
    }
    restoreSeconds.push(...facts.restoreSeconds);
  }
  // A fleet change failed when it failed (or was rolled back) on any cluster; it deployed when it was applied on any.
  const fleetChanges = [...byCommit.values()].map((each): ChangeOutcome => ({
    mergeSha: each[0].mergeSha,
    leadTimeSeconds: each.some((c) => c.leadTimeSeconds !== null) ? 0 : null,
    failed: each.some((c) => c.failed),
    rolledBack: each.some((c) => c.rolledBack),
  }));
  const fleet = metricsOf(fleetChanges, restoreSeconds, windowSeconds);
  return {
    clusters,
    fleet: {
      ...fleet,
      leadTimeSeconds: median(leadTimes),
      windowStart: history.windowStart,
      windowSeconds: Math.round(windowSeconds),
    },
  };
}

function metricsOf(
  changes: readonly ChangeOutcome[],
  restoreSeconds: readonly number[],
  windowSeconds: number,
): DeliveryMetrics {
  const deployments = changes.filter((c) => c.leadTimeSeconds !== null).length;
  const failedChanges = changes.filter((c) => c.failed || c.rolledBack).length;
  const withOutcome = changes.filter((c) => c.leadTimeSeconds !== null || c.failed || c.rolledBack).length;
  return {
    changes: changes.length,
    deployments,
    // At least one day: three changes in ten minutes are not 430 a day.
    deploymentsPerDay: round(deployments / Math.max(windowSeconds / DAY, 1)),
    failedChanges,
    changeFailureRate: withOutcome === 0 ? null : round(failedChanges / withOutcome),
    leadTimeSeconds: median(changes.map((c) => c.leadTimeSeconds)),
    restores: restoreSeconds.length,
    timeToRestoreSeconds: median(restoreSeconds),
  };
}

/** Successes and failures reported for cluster `id` on `sha`, by commit status or controller event (pending says nothing). */
function outcomesOn(id: string, sha: string, statuses: StatusStore): Outcome[] {
  const found: Outcome[] = [];
  for (const status of statuses.statusesOf(sha)) {
    if (parseStatusContext(status.context)?.cluster !== id) continue;
    for (const seen of statuses.statusTimeline(sha, status.context)) {
      const state = reportState(seen.state);
      const at = Date.parse(seen.createdAt);
      if (state !== 'pending' && !Number.isNaN(at)) found.push({ at, ok: state === 'success' });
    }
  }
  for (const event of statuses.eventTimeline(sha, id)) {
    found.push({ at: Date.parse(event.timestamp), ok: event.severity !== 'error' });
  }
  return found;
}

/**
 * The indexes of changes a later change rolled back (pure): `rollback` reverts
 * with `git revert`, whose subject is `Revert "<subject>"`, on a
 * `gitops/rollback-<sha>` branch a merge commit names; without a matching
 * subject, the change just before the rollback is the one undone.
 */
export function rolledBackChanges(changes: readonly ClusterChangeRecord[]): Set<number> {
  const undone = new Set<number>();
  changes.forEach((change, j) => {
    const revert = /^Revert "(.*)"$/.exec(change.subject);
    if (revert === null && !change.subject.includes('gitops/rollback-')) return;
    let target = j - 1;
    for (let k = j - 1; revert !== null && k >= 0; k--) {
      if (changes[k].subject === revert[1]) {
        target = k;
        break;
      }
    }
    if (target >= 0) undone.add(target);
  });
  return undone;
}

/** Seconds from each first failure to the next success, over outcomes sorted by time (pure). */
export function restores(sorted: readonly Outcome[]): number[] {
  const found: number[] = [];
  let failedAt: number | undefined;
  for (const outcome of sorted) {
    if (!outcome.ok && failedAt === undefined) failedAt = outcome.at;
    if (outcome.ok && failedAt !== undefined) {
      found.push((outcome.at - failedAt) / 1000);
      failedAt = undefined;
    }
  }
  return found;
}

/** The median of the known values, or null when none is known (pure). */
export function median(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (known.length === 0) return null;
  const middle = Math.floor(known.length / 2);
  return round(known.length % 2 === 1 ? known[middle] : (known[middle - 1] + known[middle]) / 2);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
