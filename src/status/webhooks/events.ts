/**
 * What a verified webhook delivery asks of the status monitor (pure): record a
 * commit status (GitHub's and Gitea's `status` events carry it whole), poll one
 * commit's statuses (GitLab reports statuses as pipeline and job events), refresh
 * from Git (a push or a pull request changed), or nothing.
 */
import { CommitStatus, CommitStatusState, ProviderName } from '../../platform/types';
import { ControllerEvent } from './flux-events';
import { DeliveryHeaders, header } from './verify';

/** One delivery's meaning. */
export type WebhookEvent =
  | { readonly kind: 'status'; readonly sha: string; readonly status: CommitStatus }
  | { readonly kind: 'controller-event'; readonly event: ControllerEvent }
  | { readonly kind: 'poll-commit'; readonly sha: string }
  | { readonly kind: 'refresh'; readonly reason: string }
  | { readonly kind: 'ignored'; readonly reason: string };

/** The delivery's id, used to drop replays: GitHub's and Gitea's delivery GUIDs, GitLab's idempotency key or event UUID. */
export function deliveryId(provider: ProviderName, headers: DeliveryHeaders): string | undefined {
  switch (provider) {
    case 'github':
      return header(headers, 'x-github-delivery');
    case 'gitea':
      return header(headers, 'x-gitea-delivery') ?? header(headers, 'x-github-delivery');
    case 'gitlab':
      return header(headers, 'idempotency-key') ?? header(headers, 'x-gitlab-event-uuid');
  }
}

/** Reads a delivery's event type and JSON body; `base` is the branch clusters follow. */
export function parseEvent(
  provider: ProviderName,
  headers: DeliveryHeaders,
  body: unknown,
  base: string,
): WebhookEvent {
  const type =
    provider === 'gitlab'
      ? header(headers, 'x-gitlab-event')
      : (header(headers, provider === 'gitea' ? 'x-gitea-event' : 'x-github-event') ??
        header(headers, 'x-github-event'));
  const payload = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  switch (type) {
    case 'status':
      return statusEvent(payload);
    case 'push':
    case 'Push Hook':
      return pushEvent(payload, base);
    case 'pull_request':
    case 'Merge Request Hook':
      return { kind: 'refresh', reason: 'a pull request changed' };
    case 'Pipeline Hook':
    case 'Job Hook': {
      const attributes = (payload.object_attributes ?? {}) as Record<string, unknown>;
      const sha = text(attributes.sha) || text(payload.sha);
      return isSha(sha)
        ? { kind: 'poll-commit', sha }
        : { kind: 'ignored', reason: `${type} without a commit` };
    }
    default:
      return { kind: 'ignored', reason: `event '${type ?? '(none)'}' carries no sync state` };
  }
}

function statusEvent(payload: Record<string, unknown>): WebhookEvent {
  const sha = text(payload.sha);
  const context = text(payload.context);
  if (!isSha(sha) || context === '') {
    return { kind: 'ignored', reason: 'status event without a commit or context' };
  }
  const status: CommitStatus = {
    context,
    state: toState(text(payload.state)),
    description: text(payload.description),
    targetUrl: text(payload.target_url),
    createdAt: text(payload.updated_at) || text(payload.created_at),
  };
  return { kind: 'status', sha, status };
}

function pushEvent(payload: Record<string, unknown>, base: string): WebhookEvent {
  const ref = text(payload.ref);
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : '';
  if (branch === base || branch.startsWith('gitops/')) {
    return { kind: 'refresh', reason: `push to ${branch}` };
  }
  return { kind: 'ignored', reason: `push to ${ref || '(no ref)'}` };
}

function toState(state: string): CommitStatusState {
  return state === 'success' || state === 'failure' || state === 'error'
    ? state
    : state === 'failed'
      ? 'failure'
      : 'pending';
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function isSha(value: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(value);
}
