/**
 * notification-controller's events, as its generic-hmac Provider sends them to
 * `status serve` (pure). The body is the event JSON (fluxcd/pkg apis/event
 * v1beta1 Event: involvedObject, severity, timestamp, message, reason, metadata,
 * reportingController) after notification-controller combined its metadata:
 * the involved object's group prefix is stripped (`revision`, `commit_status`),
 * and the Alert's `eventMetadata` keys are kept as given, among them the cluster
 * id (internal/server/event_handlers.go, combineEventMetadata). It is signed as
 * `X-Signature: sha256=<hex HMAC-SHA256 of the body>` with the Secret's `token`
 * (internal/notifier/forwarder.go).
 */
import { CLUSTER_ID_KEY, fluxNames, FLUX_NAMESPACE } from '../../contract/sync-contract';

/** One event for a cluster's Kustomization, on one commit. */
export interface ControllerEvent {
  readonly cluster: string;
  /** The commit the event is about, from the `revision` metadata. */
  readonly sha: string;
  /** `<branch>@sha1:<sha>` as the controller gave it. */
  readonly revision: string;
  readonly involvedObject: { readonly kind: string; readonly namespace: string; readonly name: string };
  readonly severity: 'info' | 'error';
  /** The controller's reason, e.g. `HealthCheckFailed`. */
  readonly reason: string;
  /** The controller's own words, e.g. `HelmRelease/x dry-run failed: ...`. */
  readonly message: string;
  /** When the controller recorded it, ISO 8601. */
  readonly timestamp: string;
}

/** What a verified event body means. */
export type FluxEventResult =
  | { readonly kind: 'event'; readonly event: ControllerEvent }
  | { readonly kind: 'ignored'; readonly reason: string };

// Flux revisions: `<branch>@sha1:<hex>` (or sha256); the hash is what commit statuses are posted on.
const REVISION = /@(?:sha1:([0-9a-f]{40})|sha256:([0-9a-f]{64}))$/;

/** Reads an event; anything not about a cluster's own Kustomization and commit is ignored, saying why. */
export function parseFluxEvent(body: unknown): FluxEventResult {
  const event = record(body);
  const object = record(event.involvedObject);
  const metadata = record(event.metadata);
  const cluster = text(metadata[CLUSTER_ID_KEY]);
  if (cluster === '') {
    return {
      kind: 'ignored',
      reason: `the event has no ${CLUSTER_ID_KEY} metadata (not from a gitops-synth Alert)`,
    };
  }
  const expected = fluxNames(cluster).kustomization;
  if (
    text(object.kind) !== 'Kustomization' ||
    text(object.name) !== expected ||
    text(object.namespace) !== FLUX_NAMESPACE
  ) {
    return {
      kind: 'ignored',
      reason: `the event is about ${text(object.kind)}/${text(object.namespace)}/${text(object.name)}, not ${cluster}'s Kustomization ${FLUX_NAMESPACE}/${expected}`,
    };
  }
  const revision = text(metadata.revision);
  const hash = REVISION.exec(revision);
  if (hash === null) {
    return { kind: 'ignored', reason: `the event carries no commit revision ('${revision}')` };
  }
  const severity = text(event.severity);
  if (severity !== 'info' && severity !== 'error') {
    return { kind: 'ignored', reason: `unknown severity '${severity}'` };
  }
  if (text(event.reason) === 'Progressing') {
    // As the git notifiers do (internal/notifier/github.go): progress is not an outcome.
    return { kind: 'ignored', reason: 'a Progressing event is not an outcome' };
  }
  return {
    kind: 'event',
    event: {
      cluster,
      sha: hash[1] ?? hash[2],
      revision,
      involvedObject: { kind: 'Kustomization', namespace: FLUX_NAMESPACE, name: expected },
      severity,
      reason: text(event.reason),
      message: text(event.message),
      timestamp: text(event.timestamp),
    },
  };
}

/**
 * A reason as notification-controller's git notifiers write it into a commit
 * status description: split where the character class changes (keeping an
 * acronym's last capital with the word it starts) and lower-cased, so
 * `HealthCheckFailed` reads `health check failed` (internal/notifier/util.go,
 * formatNameAndDescription and splitCamelcase).
 */
export function describeReason(reason: string): string {
  const classOf = (c: string) => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{Nd}/u.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of reason) {
    const current = classOf(c);
    if (current === last) runs[runs.length - 1].push(c);
    else runs.push([c]);
    last = current;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (classOf(runs[i][0]) === 2 && classOf(runs[i + 1][0]) === 1) {
      runs[i + 1].unshift(runs[i].pop()!);
    }
  }
  return runs
    .filter((run) => run.length > 0)
    .map((run) => run.join(''))
    .join(' ')
    .toLowerCase();
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
