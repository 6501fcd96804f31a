/**
 * The `kustomization.yaml` of a cluster's `namespaces/` directory. It is what makes
 * the directory one unit: a stock `flux bootstrap --path=clusters/<id>` applies it as
 * such, Argo CD renders it, and `kubectl kustomize` reproduces exactly the cluster's
 * objects. It lists files only; it adds no labels or transformers of its own (the
 * labels under `metadata` describe the file and are not stamped on resources).
 */
import { compareCodeUnits } from '../charts/order';
import { managedLabels, StringMap } from '../charts/labels';

/** The kustomize API version and kind of the file. */
export const KUSTOMIZATION_API_VERSION = 'kustomize.config.k8s.io/v1beta1';
/** The kind of the file. */
export const KUSTOMIZATION_KIND = 'Kustomization';

/** A kustomize Kustomization file, with only the fields gitops-synth writes. */
export interface KustomizationFile {
  readonly apiVersion: typeof KUSTOMIZATION_API_VERSION;
  readonly kind: typeof KUSTOMIZATION_KIND;
  readonly metadata: { readonly labels: StringMap };
  /** Paths relative to the kustomization's directory, sorted. */
  readonly resources: readonly string[];
}

/**
 * The Kustomization of cluster `clusterId` listing `resources` (paths relative to
 * `namespaces/`), sorted; an empty list for a cluster with nothing on it.
 */
export function buildKustomization(clusterId: string, resources: readonly string[]): KustomizationFile {
  return {
    apiVersion: KUSTOMIZATION_API_VERSION,
    kind: KUSTOMIZATION_KIND,
    metadata: { labels: managedLabels(clusterId) },
    resources: [...resources].sort(compareCodeUnits),
  };
}
