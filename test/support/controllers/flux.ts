/**
 * A simulator of Flux on one cluster, fed the YAML `bootstrap` printed for it:
 * source-controller resolves the GitRepository's branch over the network,
 * kustomize-controller "applies" the Kustomization's path and emits its events,
 * and notification-controller routes them through the Alerts to the Providers,
 * posting commit statuses to the Git host and signed events to generic-hmac
 * addresses. Every rule is written from upstream source, named at each step
 * (fluxcd/notification-controller v1.9.3, fluxcd/kustomize-controller main); it
 * shares no code with src/, so it cannot merely agree with what we assume.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { run } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { parseAllDocuments } from 'yaml';
import { resolveBranch } from './source';

/** A Kubernetes object as YAML gives it. */
type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; uid?: string };
  spec: Record<string, any>;
};

/** What the cluster's Kustomization ends in, as the test decides from the files at the commit. */
export type ApplyOutcome =
  { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly message: string };

/** Options of {@link FluxSimulator}. */
export interface FluxSimulatorOptions {
  /** Exactly what `gitops-synth bootstrap` printed for this cluster. */
  readonly bootstrapYaml: string;
  /** The Secrets the administrator created: name → key → value. */
  readonly secrets: Record<string, Record<string, string>>;
  /** Where the Git host's REST API for a Provider address lives (the loopback forge in tests). */
  readonly apiUrlFor: (address: string) => string;
  /** The read credential for the GitRepository URL (smart HTTP Basic password). */
  readonly readToken?: string;
  /** Decides the outcome from the commit applied (default: success). */
  readonly judge?: (sha: string, path: string) => ApplyOutcome;
}

/** What one reconciliation did. */
export interface Reconciliation {
  readonly sha: string;
  /** Every POST made, in order: commit statuses and forwarded events. */
  readonly posts: Array<{ readonly url: string; readonly body: unknown; readonly status: number }>;
}

/** One cluster's Flux. */
export class FluxSimulator {
  private readonly objects: KubeObject[];

  public constructor(private readonly options: FluxSimulatorOptions) {
    // The API server gives every object a UID when it is created (metadata.uid).
    this.objects = parseAllDocuments(options.bootstrapYaml)
      .map((d) => d.toJS() as KubeObject)
      .filter((o) => o !== null);
    for (const object of this.objects) object.metadata.uid = randomUUID();
  }

  /** Fetches the source, applies, and notifies: one reconciliation of every Kustomization. */
  public async reconcile(): Promise<Reconciliation[]> {
    const results: Reconciliation[] = [];
    for (const kustomization of this.objects.filter((o) => o.kind === 'Kustomization')) {
      const source = this.find(
        'GitRepository',
        kustomization.spec.sourceRef.name,
        namespaceOf(kustomization),
      );
      if (source === undefined) continue; // kustomize-controller: source not found, nothing applied or reported
      const branch = source.spec.ref.branch as string;
      const sha = await resolveBranch(source.spec.url as string, branch, this.options.readToken);
      const outcome = this.options.judge?.(sha, kustomization.spec.path as string) ?? { ok: true };
      const revision = `${branch}@sha1:${sha}`;
      const posts: Reconciliation['posts'] = [];
      // kustomization_controller.go: a Progressing event first, then the outcome (success carries commit_status=update).
      for (const event of [
        this.event(kustomization, 'info', 'Progressing', `Reconciliation in progress`, revision, false),
        this.outcomeEvent(kustomization, outcome, revision),
      ]) {
        posts.push(...(await this.dispatch(event)));
      }
      results.push({ sha, posts });
    }
    return results;
  }

  /** source-controller: the branch's head commit, read from the remote as `git ls-remote` does. */

  private outcomeEvent(kustomization: KubeObject, outcome: ApplyOutcome, revision: string): FluxEvent {
    return outcome.ok
      ? this.event(
          kustomization,
          'info',
          'ReconciliationSucceeded',
          `Reconciliation finished in 1.2s, next run in ${kustomization.spec.interval}`,
          revision,
          true,
        )
      : this.event(kustomization, 'error', outcome.reason, outcome.message, revision, false);
  }

  /** kustomization_controller.go `event()`: revision under the object's group; success marks commit_status=update. */
  private event(
    object: KubeObject,
    severity: 'info' | 'error',
    reason: string,
    message: string,
    revision: string,
    commitStatusUpdate: boolean,
  ): FluxEvent {
    const group = object.apiVersion.split('/')[0];
    return {
      involvedObject: {
        kind: object.kind,
        namespace: namespaceOf(object),
        name: object.metadata.name,
        uid: object.metadata.uid!,
        apiVersion: object.apiVersion,
      },
      severity,
      timestamp: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
      message,
      reason,
      metadata: {
        [`${group}/revision`]: revision,
        ...(commitStatusUpdate ? { [`${group}/commit_status`]: 'update' } : {}),
      },
      reportingController: 'kustomize-controller',
    };
  }

  /** internal/server/event_handlers.go: every Alert whose sources match, then its Provider. */
  private async dispatch(event: FluxEvent): Promise<Reconciliation['posts']> {
    const posts: Reconciliation['posts'] = [];
    for (const alert of this.objects.filter((o) => o.kind === 'Alert' && alertMatches(o, event))) {
      const provider = this.find('Provider', alert.spec.providerRef.name, namespaceOf(alert));
      if (provider === undefined || provider.spec.suspend === true) continue;
      const type = provider.spec.type as string;
      if (
        GIT_PROVIDERS.includes(type) &&
        !event.metadata[`${event.involvedObject.apiVersion.split('/')[0]}/commit_status`] &&
        !event.metadata['event.toolkit.fluxcd.io/commit'] &&
        event.severity !== 'error'
      ) {
        continue; // getNotificationParams: a commit status provider drops events that are neither updates nor failures
      }
      const notification = combineMetadata(event, alert);
      const secret = this.options.secrets[provider.spec.secretRef?.name] ?? {};
      if (GIT_PROVIDERS.includes(type)) {
        const post = await this.postCommitStatus(provider, alert, notification, secret.token ?? '');
        if (post !== undefined) posts.push(post);
      } else if (type === 'generic-hmac') {
        posts.push(await forward(provider.spec.address as string, notification, secret.token ?? ''));
      }
    }
    return posts;
  }

  /** internal/notifier/github.go Post, with the context from provider_commit_status.go. */
  private async postCommitStatus(
    provider: KubeObject,
    alert: KubeObject,
    event: FluxEvent,
    token: string,
  ): Promise<Reconciliation['posts'][number] | undefined> {
    if (provider.spec.type !== 'github')
      throw new Error(`the Flux simulator posts commit statuses to github only, not ${provider.spec.type}`);
    if (event.reason === 'Progressing') return undefined;
    const sha = /@sha1:([0-9a-f]{40})$/.exec(event.metadata.revision ?? '')?.[1];
    if (sha === undefined) throw new Error(`missing revision metadata: ${JSON.stringify(event.metadata)}`);
    const context = provider.spec.commitStatusExpr
      ? run(
          provider.spec.commitStatusExpr,
          { event: toCel(event), alert: toCel(alert), provider: toCel(provider) },
          { funcs: strings },
        )
      : `${event.involvedObject.kind}/${event.involvedObject.name}/${provider.metadata.uid!.split('-')[0]}`.toLowerCase();
    // createCommitStatus: an expression that fails to evaluate (to a string) drops the notification.
    if (typeof context !== 'string') return undefined;
    const status = {
      state: event.severity === 'info' ? 'success' : 'failure',
      context,
      description: splitCamelcase(event.reason).join(' ').toLowerCase(),
    };
    const { host, id } = parseGitAddress(provider.spec.address as string);
    const api = this.options.apiUrlFor(host);
    const headers = {
      authorization: `Bearer ${token}`,
      accept: 'application/vnd.github+json',
      'content-type': 'application/json',
    };
    const list = await fetch(`${api}/repos/${id}/commits/${sha}/statuses?per_page=50`, { headers });
    if (!list.ok) throw new Error(`could not list commit statuses: ${list.status}`);
    // duplicateGithubStatus: the newest status of the same context decides.
    const latest = (
      (await list.json()) as Array<{ context: string; state: string; description: string | null }>
    ).find((s) => s.context === context);
    if (latest !== undefined && latest.state === status.state && latest.description === status.description)
      return undefined;
    const url = `${api}/repos/${id}/statuses/${sha}`;
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(status) });
    return { url, body: status, status: response.status };
  }

  private find(kind: string, name: string, namespace: string): KubeObject | undefined {
    return this.objects.find(
      (o) => o.kind === kind && o.metadata.name === name && namespaceOf(o) === namespace,
    );
  }
}

/** fluxcd/pkg apis/event/v1beta1 Event, as JSON. */
interface FluxEvent {
  involvedObject: { kind: string; namespace: string; name: string; uid: string; apiVersion: string };
  severity: 'info' | 'error';
  timestamp: string;
  message: string;
  reason: string;
  metadata: Record<string, string>;
  reportingController: string;
}

const GIT_PROVIDERS = ['github', 'gitlab', 'gitea', 'bitbucketserver', 'bitbucket', 'azuredevops'];

function namespaceOf(object: KubeObject): string {
  return object.metadata.namespace ?? 'default';
}

/** eventMatchesAlertSource: same namespace and kind, name or `*`, and severity (an info Alert takes every severity). */
function alertMatches(alert: KubeObject, event: FluxEvent): boolean {
  const severity = alert.spec.eventSeverity ?? 'info';
  if (event.severity !== severity && severity !== 'info') return false;
  return (alert.spec.eventSources as Array<{ kind: string; name: string; namespace?: string }>).some(
    (source) =>
      (source.namespace ?? namespaceOf(alert)) === event.involvedObject.namespace &&
      source.kind === event.involvedObject.kind &&
      (source.name === '*' || source.name === event.involvedObject.name),
  );
}

/** combineEventMetadata: event-group keys stripped, then the Alert's eventMetadata as given, then object-group keys stripped. */
function combineMetadata(event: FluxEvent, alert: KubeObject): FluxEvent {
  const metadata: Record<string, string> = {};
  const strip = (prefix: string) => {
    for (const [key, value] of Object.entries(event.metadata))
      if (key.startsWith(prefix)) metadata[key.slice(prefix.length)] = value;
  };
  strip('event.toolkit.fluxcd.io/');
  Object.assign(metadata, alert.spec.eventMetadata ?? {});
  strip(`${event.involvedObject.apiVersion.split('/')[0]}/`);
  return { ...event, metadata };
}

/** internal/notifier/forwarder.go: the event JSON, `X-Signature: sha256=<hex HMAC>` keyed by the Secret's token. */
async function forward(
  address: string,
  event: FluxEvent,
  token: string,
): Promise<Reconciliation['posts'][number]> {
  const body = JSON.stringify(event);
  const response = await fetch(address, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'gotk-component': event.reportingController,
      'x-signature': `sha256=${createHmac('sha256', token).update(body).digest('hex')}`,
    },
    body,
  });
  return { url: address, body: event, status: response.status };
}

/** internal/notifier/util.go parseGitAddress: ssh becomes https, the path loses its slashes and `.git`. */
function parseGitAddress(address: string): { host: string; id: string } {
  const url = new URL(address);
  const scheme = url.protocol === 'ssh:' ? 'https:' : url.protocol;
  return { host: `${scheme}//${url.host}`, id: url.pathname.replace(/^\/+/, '').replace(/\.git$/, '') };
}

/** internal/notifier/util.go splitCamelcase: runs of one character class, an upper run giving its last letter to a following lower run. */
export function splitCamelcase(text: string): string[] {
  const classOf = (c: string) =>
    c !== c.toUpperCase() ? 1 : c !== c.toLowerCase() ? 2 : /[0-9]/.test(c) ? 3 : 4;
  const runs: string[][] = [];
  let previous = 0;
  for (const c of text) {
    const current = classOf(c);
    if (current === previous) runs[runs.length - 1].push(c);
    else runs.push([c]);
    previous = current;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (classOf(runs[i][0]) === 2 && classOf(runs[i + 1][0]) === 1) runs[i + 1].unshift(runs[i].pop()!);
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

/** runtime.DefaultUnstructuredConverter.ToUnstructured: the object as nested maps. */
function toCel(value: unknown): any {
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === 'object')
    return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value;
}
