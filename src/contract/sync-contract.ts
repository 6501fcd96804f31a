/**
 * The contract between what `bootstrap` puts on a cluster and what `status` reads
 * back: the names of the objects bootstrap prints, the commit-status context each
 * controller will post, the metadata key that carries the cluster id in Flux
 * events, and the parser status uses. Both sides import these; neither writes one
 * of these strings itself, so they cannot drift apart (pure).
 *
 * The context is `gitops-synth/<controller>/<cluster-id>`. It never depends on a
 * Provider's UID (nobody knows it before the object exists) or on an object's
 * name: Flux builds it with `spec.commitStatusExpr` from the cluster id the Alert
 * adds to every event (`spec.eventMetadata`), Argo CD's template builds it from the
 * Application's cluster-id label. So hundreds of clusters can share one
 * repository and one Provider spec, and each status names its own cluster.
 */
import { CLUSTER_ID_LABEL } from '../labels';

/** The controllers whose reports status understands. */
export type ControllerKind = 'flux' | 'argocd';

/** Every {@link ControllerKind}. */
export const CONTROLLER_KINDS: readonly ControllerKind[] = ['flux', 'argocd'];

/** The first segment of every context gitops-synth's bootstrap makes a controller post. */
export const STATUS_CONTEXT_PREFIX = 'gitops-synth';

/** The Flux event metadata key (set by the Alert) and Argo CD label that carry the cluster id. */
export const CLUSTER_ID_KEY = CLUSTER_ID_LABEL;

/** The commit-status context `controller` posts for `clusterId`. */
export function statusContext(controller: ControllerKind, clusterId: string): string {
  return `${STATUS_CONTEXT_PREFIX}/${controller}/${clusterId}`;
}

/** A commit status matched to a cluster. */
export interface ContextMatch {
  readonly cluster: string;
  readonly controller: ControllerKind;
}

// A DNS-1123 label, as the intents require of cluster ids.
const CONTEXT = /^gitops-synth\/(flux|argocd)\/([a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)$/;

/** The cluster and controller a context reports for; undefined for any other context (CI, other tools). */
export function parseStatusContext(context: string): ContextMatch | undefined {
  const match = CONTEXT.exec(context);
  return match === null ? undefined : { controller: match[1] as ControllerKind, cluster: match[2] };
}

/**
 * The CEL expression notification-controller evaluates for the context
 * (`Provider.spec.commitStatusExpr`, over the `event`, `alert` and `provider`
 * maps). The event's metadata holds the Alert's `eventMetadata` keys as given
 * (notification-controller's combineEventMetadata), so the same expression serves
 * every cluster. An event without the key fails to evaluate, and nothing is posted.
 */
export const FLUX_COMMIT_STATUS_EXPR = `'${STATUS_CONTEXT_PREFIX}/flux/' + event.metadata['${CLUSTER_ID_KEY}']`;

/** The namespace the Flux controllers and their objects live in. */
export const FLUX_NAMESPACE = 'flux-system';

/** The Flux objects bootstrap prints for one cluster, by role. */
export interface FluxNames {
  readonly gitRepository: string;
  readonly kustomization: string;
  /** The git-host Provider that posts commit statuses: the same object on every cluster. */
  readonly commitStatusProvider: string;
  readonly commitStatusAlert: string;
  /** The Secret holding the token allowed only to write commit statuses. */
  readonly commitStatusSecret: string;
  /** The generic-hmac Provider that sends events to `status serve` (with `--status-url`). */
  readonly eventsProvider: string;
  readonly eventsAlert: string;
  /** The Secret holding the HMAC key (`token`), the same value as GITOPS_EVENTS_SECRET. */
  readonly eventsSecret: string;
}

/** The names of the Flux objects for `clusterId`. Per-cluster names let one management cluster follow several paths. */
export function fluxNames(clusterId: string): FluxNames {
  return {
    gitRepository: `gitops-synth-${clusterId}`,
    kustomization: `gitops-synth-${clusterId}`,
    commitStatusProvider: 'gitops-synth-commit-status',
    commitStatusAlert: `gitops-synth-${clusterId}-commit-status`,
    commitStatusSecret: 'gitops-synth-commit-status',
    eventsProvider: 'gitops-synth-events',
    eventsAlert: `gitops-synth-${clusterId}-events`,
    eventsSecret: 'gitops-synth-events',
  };
}

/** Where `status serve` receives notification-controller's generic-hmac events, below `--status-url`. */
export const FLUX_EVENTS_PATH = '/flux/events';

/** The events URL for a `status serve` reachable at `statusUrl`. */
export function fluxEventsUrl(statusUrl: string): string {
  return `${statusUrl.replace(/\/+$/, '')}${FLUX_EVENTS_PATH}`;
}

/** The Argo CD notification service every subscription names, whatever its type (github or webhook). */
export const ARGOCD_SERVICE = 'gitops-synth';
/** The key in argocd-notifications-secret that holds the service's token or private key. */
export const ARGOCD_SECRET_KEY = 'gitops-synth-status-token';

/** An Argo CD outcome and the commit-status state it is posted as. */
export type ArgoCdOutcome = 'running' | 'synced' | 'failed' | 'degraded';

/** Every {@link ArgoCdOutcome}, in the order bootstrap prints them. */
export const ARGOCD_OUTCOMES: readonly ArgoCdOutcome[] = ['running', 'synced', 'failed', 'degraded'];

/** The trigger and template names of one outcome in argocd-notifications-cm. */
export function argoCdTriggerName(outcome: ArgoCdOutcome): string {
  return `gitops-synth-on-${outcome}`;
}

/** The template an outcome's trigger sends. */
export function argoCdTemplateName(outcome: ArgoCdOutcome): string {
  return `gitops-synth-${outcome}`;
}

/** The subscription annotations the cluster's Application carries: one per trigger, all to {@link ARGOCD_SERVICE}. */
export function argoCdSubscriptionAnnotations(): Record<string, string> {
  return Object.fromEntries(
    ARGOCD_OUTCOMES.map((outcome) => [
      `notifications.argoproj.io/subscribe.${argoCdTriggerName(outcome)}.${ARGOCD_SERVICE}`,
      '',
    ]),
  );
}
