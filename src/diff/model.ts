/**
 * The change set: what differs between two synthesized trees (the base a Git ref
 * holds, and the head the intents produce), grouped per cluster, then per resource,
 * then per field. It is plain data so that every renderer, the commit message and
 * the pull request body read the same facts.
 */
import type { JsonValue } from '../intents/model';

/** What happened to a resource (one file) between base and head. */
export type ResourceChangeKind = 'added' | 'changed' | 'removed';

/** Which resource a change is about. */
export interface ResourceId {
  /** The cluster id (`clusters/<id>/`), or '' for a file outside every cluster's path. */
  readonly cluster: string;
  /** The object's namespace, or '' when it has none (a Namespace, a cluster-scoped object). */
  readonly namespace: string;
  /** The Kubernetes kind (`ApplicationInstance`, `Operation`, `HelmRelease`, `Namespace`). */
  readonly kind: string;
  /** `metadata.name`. */
  readonly name: string;
  /** The POSIX path of the file, relative to the repository root. */
  readonly path: string;
}

/** What happened to one field of a changed resource. */
export type FieldChangeKind = 'added' | 'removed' | 'changed';

/**
 * One field that differs. `path` reads like `spec.values.ingress.host`,
 * `spec.valuesFrom[0].name` or `spec.valuesFrom[name=db].optional`; `before` is absent
 * for an added field and `after` for a removed one. An added or removed key carries
 * its whole value (which may be an object), not one entry per leaf below it.
 */
export interface FieldChange {
  readonly path: string;
  readonly change: FieldChangeKind;
  readonly before?: JsonValue;
  readonly after?: JsonValue;
}

/** What an Operation asks for; the commit subject names operations by it (`backup nextcloud`). */
export interface OperationSummary {
  /** `spec.type` (backup, restore, upgrade, restart). */
  readonly type: string;
  /** `spec.target`: the application it acts on. */
  readonly target: string;
}

/**
 * What an added application runs, as its object says it: the catalogue app and its
 * version, and the Helm chart with its version. Each part is absent when the object
 * does not say it.
 */
export interface ApplicationSummary {
  readonly app?: string;
  readonly version?: string;
  readonly chart?: { readonly name: string; readonly version?: string };
}

/** One resource that was added, changed or removed. */
export interface ResourceChange {
  readonly resource: ResourceId;
  readonly change: ResourceChangeKind;
  /** For a changed resource, every leaf that differs; empty for added and removed ones. */
  readonly fields: readonly FieldChange[];
  /** Set when the change could not be described field by field (a file that does not parse). */
  readonly note?: string;
  /** Set for Operations (from head, or from base for a removed one). */
  readonly operation?: OperationSummary;
  /** Set for an added ApplicationInstance or HelmRelease that says what it runs. */
  readonly application?: ApplicationSummary;
}

/** Everything that changed in one cluster, each list sorted by path. */
export interface ClusterChanges {
  readonly cluster: string;
  readonly added: readonly ResourceChange[];
  readonly changed: readonly ResourceChange[];
  readonly removed: readonly ResourceChange[];
}

/** Every change between two trees; clusters sorted by id, clusters without changes left out. */
export interface ChangeSet {
  readonly clusters: readonly ClusterChanges[];
}

/** Kinds that are applications: the subject line names them by name alone. */
export const APPLICATION_KINDS: readonly string[] = ['ApplicationInstance', 'HelmRelease'];

/** The kind of the resources that are Operations. */
export const OPERATION_KIND = 'Operation';

/** Every resource change of a cluster, in the order added, changed, removed. */
export function clusterResourceChanges(cluster: ClusterChanges): readonly ResourceChange[] {
  return [...cluster.added, ...cluster.changed, ...cluster.removed];
}

/** How a resource is named to a person: `namespace/name`, or `name` when it has no namespace. */
export function displayName(resource: ResourceId): string {
  return resource.namespace === '' ? resource.name : `${resource.namespace}/${resource.name}`;
}
