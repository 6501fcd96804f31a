/**
 * A simulator of Argo CD with its notifications controller on one cluster, fed
 * the YAML `bootstrap` printed for it: the application controller resolves the
 * Application's branch over the network and syncs, and the notifications
 * controller evaluates the subscribed triggers from argocd-notifications-cm,
 * renders their templates and sends them through the named service, as
 * notifications-engine does. Every rule is written from upstream source or docs,
 * named at each step (argoproj/notifications-engine: pkg/api/config.go,
 * pkg/subscriptions/annotations.go, pkg/services/webhook.go, pkg/services/github.go,
 * docs/services/*.md; Argo CD operator-manual/notifications/triggers.md). It
 * shares no code with src/.
 */
import { parse, parseAllDocuments } from 'yaml';
import { ApplyOutcome } from './flux';
import { evaluateExpr } from './expr';
import { renderGoTemplate } from './go-template';
import { resolveBranch } from './source';

type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: Record<string, any>;
  data?: Record<string, string>;
};

/** Options of {@link ArgoCdSimulator}. */
export interface ArgoCdSimulatorOptions {
  /** Exactly what `gitops-synth bootstrap` printed for this cluster. */
  readonly bootstrapYaml: string;
  /** argocd-notifications-secret's data. */
  readonly secrets: Record<string, string>;
  /** The read credential for the Application's repoURL (smart HTTP Basic password). */
  readonly readToken?: string;
  /** Decides the sync's outcome from the commit (default: success). */
  readonly judge?: (sha: string, path: string) => ApplyOutcome;
  /** The github service only: the App's installation token and where api.github.com is (GitHub App auth itself is not simulated). */
  readonly githubApp?: { readonly token: string; readonly apiUrl: string };
}

/** One request a notification sent. */
export interface Sent {
  readonly trigger: string;
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
  readonly status: number;
}

/** Argo CD's default `context.argocdUrl` when argocd-notifications-cm sets none (notifications docs, "context"). */
const DEFAULT_ARGOCD_URL = 'https://localhost:4000';

/** One cluster's Argo CD. */
export class ArgoCdSimulator {
  private readonly objects: KubeObject[];
  /** notifications-engine's notified.notifications.argoproj.io annotation: trigger, condition, oncePer value, destination. */
  private readonly notified = new Set<string>();

  public constructor(private readonly options: ArgoCdSimulatorOptions) {
    this.objects = parseAllDocuments(options.bootstrapYaml)
      .map((d) => d.toJS() as KubeObject)
      .filter((o) => o !== null);
  }

  /** Syncs every Application to its branch's head, notifying at each phase (Running, then the outcome). */
  public async reconcile(): Promise<Sent[]> {
    const sent: Sent[] = [];
    for (const application of this.objects.filter((o) => o.kind === 'Application')) {
      const sha = await resolveBranch(
        application.spec.source.repoURL as string,
        application.spec.source.targetRevision as string,
        this.options.readToken,
      );
      const outcome = this.options.judge?.(sha, application.spec.source.path as string) ?? { ok: true };
      for (const status of [running(sha), finished(sha, outcome)]) {
        sent.push(...(await this.notify({ ...application, status })));
      }
    }
    return sent;
  }

  /** The notifications controller on one observed state of the Application. */
  private async notify(app: KubeObject & { status: unknown }): Promise<Sent[]> {
    const cm =
      this.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'argocd-notifications-cm')
        ?.data ?? {};
    const context = {
      argocdUrl: DEFAULT_ARGOCD_URL,
      ...((cm.context ? parse(cm.context) : {}) as Record<string, string>),
    };
    const sent: Sent[] = [];
    for (const [trigger, service] of subscriptions(app.metadata.annotations ?? {})) {
      const conditions = (cm[`trigger.${trigger}`] ? parse(cm[`trigger.${trigger}`]) : []) as Array<{
        when: string;
        oncePer?: string;
        send: string[];
      }>;
      for (const [index, condition] of conditions.entries()) {
        const env = { app: plain(app) };
        if (evaluateExpr(condition.when, env) !== true) continue;
        const key = `${trigger}:${index}:${condition.oncePer ? JSON.stringify(evaluateExpr(condition.oncePer, env) ?? '') : ''}:${service}`;
        if (this.notified.has(key)) continue;
        this.notified.add(key);
        for (const templateName of condition.send) {
          sent.push(await this.send(cm, service, trigger, templateName, { app: plain(app), context }));
        }
      }
    }
    return sent;
  }

  /** pkg/api/config.go: `service.<type>.<name>` (or `service.<type>` named after its type), `$key` replaced from the Secret. */
  private async send(
    cm: Record<string, string>,
    service: string,
    trigger: string,
    templateName: string,
    vars: Record<string, unknown>,
  ): Promise<Sent> {
    const key = Object.keys(cm).find(
      (k) =>
        k === `service.${service}` ||
        (k.startsWith('service.') && k.split('.').length === 3 && k.split('.')[2] === service),
    );
    if (key === undefined) throw new Error(`notification service '${service}' is not configured`);
    const type = key.split('.')[1];
    const config = parse(
      cm[key].replace(/\$[\w-]+/g, (ref) => this.options.secrets[ref.slice(1)] ?? ref),
    ) as Record<string, any>;
    const template = parse(cm[`template.${templateName}`]) as Record<string, any>;
    const data = { ...vars, serviceType: type };
    if (type === 'webhook') return this.sendWebhook(config, template.webhook?.[service] ?? {}, trigger, data);
    if (type === 'github') return this.sendGitHub(template, trigger, data);
    throw new Error(`the Argo CD simulator does not send through '${type}'`);
  }

  /** pkg/services/webhook.go: method (default GET), url + '/' + path, the rendered body, the configured headers. */
  private async sendWebhook(
    config: Record<string, any>,
    request: Record<string, string>,
    trigger: string,
    data: Record<string, unknown>,
  ): Promise<Sent> {
    const method = request.method || 'GET';
    const path = request.path ? renderGoTemplate(request.path, data) : '';
    const url =
      path === '' ? config.url : `${String(config.url).replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
    const body = request.body ? renderGoTemplate(request.body, data) : '';
    const headers = Object.fromEntries(
      ((config.headers ?? []) as Array<{ name: string; value: string }>).map((h) => [h.name, h.value]),
    );
    const response = await fetch(url, { method, headers, body: method === 'GET' ? undefined : body });
    return {
      trigger,
      method,
      url,
      body: body === '' ? undefined : JSON.parse(body),
      status: response.status,
    };
  }

  /** pkg/services/github.go: repoURL and revision from their paths, description = message cut to 140 characters. */
  private async sendGitHub(
    template: Record<string, any>,
    trigger: string,
    data: Record<string, unknown>,
  ): Promise<Sent> {
    const app = this.options.githubApp;
    if (app === undefined) throw new Error('the github service needs githubApp in the simulator options');
    const github = template.github ?? {};
    const repoURL = renderGoTemplate(github.repoURLPath ?? '{{.app.spec.source.repoURL}}', data);
    const revision = renderGoTemplate(
      github.revisionPath ?? '{{.app.status.operationState.syncResult.revision}}',
      data,
    );
    const fullName = new URL(repoURL).pathname.replace(/^\/+/, '').replace(/\.git$/, '');
    const body = {
      state: renderGoTemplate(github.status.state, data),
      context: renderGoTemplate(github.status.label, data),
      target_url: renderGoTemplate(github.status.targetURL ?? '', data),
      description: [...renderGoTemplate(template.message ?? '', data)].slice(0, 140).join(''),
    };
    const url = `${app.apiUrl}/repos/${fullName}/statuses/${revision}`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { trigger, method: 'POST', url, body, status: response.status };
  }
}

/** pkg/subscriptions/annotations.go: `notifications.argoproj.io/subscribe.<trigger>.<service>`, split at the dots. */
function subscriptions(annotations: Record<string, string>): Array<[string, string]> {
  const prefix = 'notifications.argoproj.io/subscribe.';
  return Object.keys(annotations)
    .filter((k) => k.startsWith(prefix))
    .map((k) => {
      const parts = k.slice(prefix.length).split('.');
      return [parts[0], parts[1]] as [string, string];
    })
    .sort();
}

/** The Application while its automated sync runs. */
function running(sha: string): Record<string, unknown> {
  return {
    sync: { status: 'OutOfSync', revision: sha },
    health: { status: 'Progressing' },
    operationState: {
      phase: 'Running',
      message: 'waiting for completion of hook and 2 more resources',
      operation: { sync: { revision: sha } },
      startedAt: new Date().toISOString(),
    },
  };
}

/** The Application once the sync ended: Succeeded and Healthy, or Failed with the controller's message. */
function finished(sha: string, outcome: ApplyOutcome): Record<string, unknown> {
  const finishedAt = new Date().toISOString();
  return outcome.ok
    ? {
        sync: { status: 'Synced', revision: sha },
        health: { status: 'Healthy' },
        operationState: {
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
          operation: { sync: { revision: sha } },
          syncResult: { revision: sha },
          finishedAt,
        },
      }
    : {
        sync: { status: 'OutOfSync', revision: sha },
        health: { status: 'Degraded' },
        operationState: {
          phase: 'Failed',
          message: outcome.message,
          operation: { sync: { revision: sha } },
          syncResult: { revision: sha },
          finishedAt,
        },
      };
}

/** The object as unstructured JSON, which is what triggers and templates see. */
function plain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
