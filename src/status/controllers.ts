/**
 * Turns what the controllers reported on one commit into reports (pure): commit
 * statuses whose context the sync contract names (src/contract/sync-contract.ts,
 * the module bootstrap builds the contexts with), merged with the events a Flux
 * cluster sent to `status serve` for the same commit. Any other context (CI,
 * other tools) is not a sync report.
 */
import { parseStatusContext, statusContext } from '../contract/sync-contract';
import { CommitStatus, CommitStatusState } from '../platform/types';
import { ControllerReport } from './model';
import { StatusStore } from './status-store';
import { ControllerEvent, describeReason } from './webhooks/flux-events';

/** Folds a host's status state into a report's: `error` (Argo CD's failed sync) is a failure. */
export function reportState(state: CommitStatusState): ControllerReport['state'] {
  return state === 'error' ? 'failure' : state;
}

/** The reports `sha` carries for cluster `id`, one per context. */
export function reportsOnCommit(id: string, sha: string, statuses: StatusStore): ControllerReport[] {
  const reports = new Map<string, ControllerReport>();
  const event = statuses.eventOf(sha, id);
  for (const status of statuses.statusesOf(sha)) {
    const match = parseStatusContext(status.context);
    if (match?.cluster !== id) continue;
    reports.set(status.context, fromStatus(status, sha, match.controller === 'flux' ? event : undefined));
  }
  const fluxContext = statusContext('flux', id);
  if (event !== undefined && !reports.has(fluxContext)) {
    reports.set(fluxContext, fromEvent(fluxContext, event, sha));
  }
  return [...reports.values()];
}

/** A commit status, with the event of the same commit adding the message (and the state, when it is newer). */
function fromStatus(status: CommitStatus, sha: string, event: ControllerEvent | undefined): ControllerReport {
  const eventIsNewer = event !== undefined && !(Date.parse(status.createdAt) > Date.parse(event.timestamp));
  return {
    controller: parseStatusContext(status.context)!.controller,
    context: status.context,
    state: eventIsNewer ? eventState(event) : reportState(status.state),
    description: status.description,
    reason: status.description,
    message: event?.message ?? null,
    sources: {
      state: eventIsNewer ? 'controller-event' : 'commit-status',
      reason: 'commit-status',
      message: event === undefined ? null : 'controller-event',
    },
    targetUrl: status.targetUrl,
    reportedAt: eventIsNewer ? event.timestamp : status.createdAt,
    commit: sha,
  };
}

function fromEvent(context: string, event: ControllerEvent, sha: string): ControllerReport {
  return {
    controller: 'flux',
    context,
    state: eventState(event),
    description: '',
    reason: describeReason(event.reason),
    message: event.message,
    sources: { state: 'controller-event', reason: 'controller-event', message: 'controller-event' },
    targetUrl: '',
    reportedAt: event.timestamp,
    commit: sha,
  };
}

/** As notification-controller maps severities to commit-status states (internal/notifier/github.go, toGitHubState). */
function eventState(event: ControllerEvent): ControllerReport['state'] {
  return event.severity === 'error' ? 'failure' : 'success';
}
