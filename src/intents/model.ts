/**
 * The validated, typed model of the control plane's intents (format v1alpha1).
 * Loading and validation (see `load.ts`, `validate.ts`) turn files into a {@link Fleet};
 * everything after that (charts, synth) trusts it.
 */

/** A JSON value as it appears in `values` and `parameters`. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** The API version and kind every intents document declares. */
export const INTENTS_API_VERSION = 'gitops.vworkspace.io/v1alpha1';
/** The kind every intents document declares. */
export const INTENTS_KIND = 'Intents';

/** How a cluster follows its path in the GitOps repository. */
export type SyncMode = 'flux' | 'argocd';
/** The sync modes, in the order `--help` and errors list them. */
export const SYNC_MODES: readonly SyncMode[] = ['flux', 'argocd'];

/** What an Operation does. */
export type OperationType = 'backup' | 'restore' | 'upgrade' | 'restart';
/** The operation types, in the order `--help` and errors list them. */
export const OPERATION_TYPES: readonly OperationType[] = ['backup', 'restore', 'upgrade', 'restart'];

/** Where an intent came from, so later stages can report problems precisely. */
export interface IntentSource {
  /** The file, as the user named it (relative to the intents argument's directory when it was a directory). */
  readonly file: string;
  /** The path of the entry in that file's document (`applications[3]`). */
  readonly path: string;
}

/** A Kubernetes cluster that follows `clusters/<id>/` in the GitOps repository. */
export interface ClusterIntent {
  /** DNS-1123 label; also the directory name and the `app.vworkspace.io/cluster-id` label. */
  readonly id: string;
  /** Which GitOps controller applies the cluster's path. */
  readonly sync: SyncMode;
  /** When true, write Flux HelmReleases (and their HelmRepositories) instead of ApplicationInstances. */
  readonly helmReleases: boolean;
  /** Who must approve changes to the cluster's path (CODEOWNERS entries and review requests). */
  readonly owners: readonly string[];
  readonly source: IntentSource;
}

/** The Helm chart that packages an application. */
export interface ChartRef {
  /** Repository URL: `http://`, `https://` or `oci://`. */
  readonly repository: string;
  readonly name: string;
  readonly version: string;
}

/** Values taken from a Secret or ConfigMap in the application's namespace (never plain-text secrets in Git). */
export interface ValuesReference {
  readonly kind: 'Secret' | 'ConfigMap';
  readonly name: string;
  readonly valuesKey?: string;
  readonly targetPath?: string;
  readonly optional?: boolean;
}

/** One application instance on one cluster, in one namespace. */
export interface ApplicationIntent {
  readonly cluster: string;
  readonly namespace: string;
  readonly name: string;
  /** The catalogue application (for example `nextcloud`). */
  readonly app: string;
  readonly version: string;
  readonly chart: ChartRef;
  readonly values: JsonObject;
  readonly valuesFrom: readonly ValuesReference[];
  /** When true the operator (or Flux) stops reconciling it, leaving it running. */
  readonly suspend: boolean;
  readonly source: IntentSource;
}

/** A one-off action on an application. */
export interface OperationIntent {
  readonly cluster: string;
  readonly namespace: string;
  readonly name: string;
  readonly type: OperationType;
  /** The name of an application in the same cluster and namespace. */
  readonly target: string;
  /** RFC 3339 timestamp, as given. */
  readonly requestedAt: string;
  readonly requestedBy: string;
  readonly parameters: JsonObject;
  readonly source: IntentSource;
}

/**
 * The whole desired state: every list sorted (clusters by id; applications and
 * operations by cluster, namespace, name), so that input order never shows in output.
 */
export interface Fleet {
  readonly clusters: readonly ClusterIntent[];
  readonly applications: readonly ApplicationIntent[];
  readonly operations: readonly OperationIntent[];
}
