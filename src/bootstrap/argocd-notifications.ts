/**
 * The argocd-notifications-cm entries that make Argo CD post a commit status
 * whenever it syncs a cluster's Application (pure). Every field follows the
 * upstream documentation:
 * - services: `service.<type>.<name>` (notifications-engine pkg/api/config.go,
 *   ParseConfig), so one name, {@link ARGOCD_SERVICE}, serves both types and the
 *   Application's subscriptions never change with it; `$key` values are read from
 *   argocd-notifications-secret (same file, replaceStringSecret);
 * - `github` service: appID, installationID, privateKey, enterpriseBaseURL, and
 *   the template's `github.status.{state,label,targetURL}`, `repoURLPath`,
 *   `revisionPath` (notifications-engine docs/services/github.md; the description
 *   is the template's `message`, cut to 140 characters, pkg/services/github.go);
 * - `webhook` service: url, headers, and the template's `webhook.<name>.{method,
 *   path,body}` (docs/services/webhook.md, including its "Set GitHub commit
 *   status" example);
 * - triggers: `when`, `oncePer`, `send` (Argo CD docs, operator-manual/notifications/
 *   triggers.md), conditions in the style of the catalogue's on-sync-running,
 *   on-deployed, on-sync-failed and on-health-degraded;
 * - templates: Go text/template with sprig functions (pkg/templates/service.go).
 * The commit-status APIs: GitHub `POST /repos/{owner}/{repo}/statuses/{sha}`,
 * Gitea the same path under /api/v1, GitLab `POST /projects/{id}/statuses/{sha}`
 * (`name` is the context, and its failed state is `failed`).
 */
import { stringify } from 'yaml';
import {
  ARGOCD_OUTCOMES,
  ARGOCD_SECRET_KEY,
  ARGOCD_SERVICE,
  argoCdTemplateName,
  argoCdTriggerName,
  ArgoCdOutcome,
  CLUSTER_ID_KEY,
  STATUS_CONTEXT_PREFIX,
} from '../contract/sync-contract';
import { ProviderName } from '../platform/types';

/** How Argo CD authenticates to the host: the GitHub notification service (a GitHub App only) or the webhook service with a token. */
export type ArgoCdNotifier = 'webhook' | 'github-app';
/** Every {@link ArgoCdNotifier}. */
export const ARGOCD_NOTIFIERS: readonly ArgoCdNotifier[] = ['webhook', 'github-app'];

/** The GitHub App keys the `github` service reads from argocd-notifications-secret. */
export const GITHUB_APP_SECRET_KEYS = {
  appId: 'gitops-synth-github-app-id',
  installationId: 'gitops-synth-github-app-installation-id',
  privateKey: 'gitops-synth-github-app-private-key',
} as const;

/** What the entries point at. */
export interface ArgoCdNotificationsRequest {
  readonly provider: ProviderName;
  readonly notifier: ArgoCdNotifier;
  /** The host's REST API base (`https://api.github.com`, `https://host/api/v4`, `https://host/api/v1`). */
  readonly apiUrl: string;
  /** `owner/name` (GitLab: `group/sub/name`). */
  readonly project: string;
}

/** The Go-template expression of the context: the contract's prefix and the Application's cluster-id label. */
export const ARGOCD_CONTEXT_TEMPLATE = `${STATUS_CONTEXT_PREFIX}/argocd/{{index .app.metadata.labels "${CLUSTER_ID_KEY}"}}`;
/** The commit the operation synced: the revision Argo CD resolved for the Application's branch. */
const REVISION_TEMPLATE = '{{.app.status.operationState.operation.sync.revision}}';
const TARGET_URL_TEMPLATE = '{{.context.argocdUrl}}/applications/{{.app.metadata.name}}';

const CONDITIONS: Record<ArgoCdOutcome, string> = {
  running: "app.status.operationState != nil and app.status.operationState.phase in ['Running']",
  synced:
    "app.status.operationState != nil and app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy'",
  failed: "app.status.operationState != nil and app.status.operationState.phase in ['Error', 'Failed']",
  degraded:
    "app.status.operationState != nil and app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Degraded'",
};

/** What each outcome says: the operation's own message, or for a degraded application (no message of its own) a fixed text. */
const MESSAGE_FIELD = '.app.status.operationState.message';
const DEGRADED_TEXT = 'the application is Degraded';

function description(outcome: ArgoCdOutcome, pipe: string): string {
  return outcome === 'degraded'
    ? pipe === ''
      ? DEGRADED_TEXT
      : JSON.stringify(DEGRADED_TEXT)
    : `{{${MESSAGE_FIELD}${pipe}}}`;
}

type HostState = Record<ArgoCdOutcome, string>;
const GITHUB_STATES: HostState = {
  running: 'pending',
  synced: 'success',
  failed: 'failure',
  degraded: 'failure',
};
const GITLAB_STATES: HostState = {
  running: 'running',
  synced: 'success',
  failed: 'failed',
  degraded: 'failed',
};

/** The ConfigMap `data` entries, sorted by key. */
export function argoCdNotificationEntries(request: ArgoCdNotificationsRequest): Record<string, string> {
  const entries: Record<string, string> = { [serviceKey(request)]: yaml(serviceConfig(request)) };
  for (const outcome of ARGOCD_OUTCOMES) {
    entries[`trigger.${argoCdTriggerName(outcome)}`] = yaml([
      {
        when: CONDITIONS[outcome],
        oncePer: 'app.status.operationState?.operation?.sync?.revision',
        send: [argoCdTemplateName(outcome)],
      },
    ]);
    entries[`template.${argoCdTemplateName(outcome)}`] = yaml(template(request, outcome));
  }
  return Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b, 'en')));
}

function serviceKey(request: ArgoCdNotificationsRequest): string {
  return `service.${request.notifier === 'github-app' ? 'github' : 'webhook'}.${ARGOCD_SERVICE}`;
}

function serviceConfig(request: ArgoCdNotificationsRequest): Record<string, unknown> {
  if (request.notifier === 'github-app') {
    return {
      appID: `$${GITHUB_APP_SECRET_KEYS.appId}`,
      installationID: `$${GITHUB_APP_SECRET_KEYS.installationId}`,
      privateKey: `$${GITHUB_APP_SECRET_KEYS.privateKey}`,
      // GitHub Enterprise Server: the API base with /api/v3 (docs/services/github.md).
      ...(request.apiUrl === 'https://api.github.com' ? {} : { enterpriseBaseURL: request.apiUrl }),
    };
  }
  const auth =
    request.provider === 'gitlab'
      ? { name: 'PRIVATE-TOKEN', value: `$${ARGOCD_SECRET_KEY}` }
      : { name: 'Authorization', value: `token $${ARGOCD_SECRET_KEY}` };
  return { url: request.apiUrl, headers: [auth, { name: 'Content-Type', value: 'application/json' }] };
}

function template(request: ArgoCdNotificationsRequest, outcome: ArgoCdOutcome): Record<string, unknown> {
  if (request.notifier === 'github-app') {
    return {
      message: description(outcome, ''),
      github: {
        repoURLPath: '{{.app.spec.source.repoURL}}',
        revisionPath: REVISION_TEMPLATE,
        status: {
          state: GITHUB_STATES[outcome],
          label: ARGOCD_CONTEXT_TEMPLATE,
          targetURL: TARGET_URL_TEMPLATE,
        },
      },
    };
  }
  return {
    webhook: {
      [ARGOCD_SERVICE]: {
        method: 'POST',
        path: statusPath(request),
        body: statusBody(request.provider, outcome),
      },
    },
  };
}

function statusPath(request: ArgoCdNotificationsRequest): string {
  return request.provider === 'gitlab'
    ? `/projects/${encodeURIComponent(request.project)}/statuses/${REVISION_TEMPLATE}`
    : `/repos/${request.project}/statuses/${REVISION_TEMPLATE}`;
}

/** The JSON body: the description goes through sprig's toJson, so a message with quotes stays JSON. */
function statusBody(provider: ProviderName, outcome: ArgoCdOutcome): string {
  const gitlab = provider === 'gitlab';
  const state = (gitlab ? GITLAB_STATES : GITHUB_STATES)[outcome];
  return [
    '{',
    `  "state": "${state}",`,
    `  "${gitlab ? 'name' : 'context'}": "${ARGOCD_CONTEXT_TEMPLATE}",`,
    `  "description": ${description(outcome, ' | trunc 140 | toJson')},`,
    `  "target_url": "${TARGET_URL_TEMPLATE}"`,
    '}',
    '',
  ].join('\n');
}

function yaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}
