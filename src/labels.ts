/**
 * The labels and annotations gitops-synth puts on what it writes. They are part of the
 * contract with the operator and with the control plane: do not rename them.
 */

/** Marks every object (and file) that gitops-synth owns. */
export const MANAGED_BY_LABEL = 'app.vworkspace.io/managed-by';
/** The value of {@link MANAGED_BY_LABEL}. */
export const MANAGED_BY_VALUE = 'control-plane';
/** Names the cluster an object belongs to. */
export const CLUSTER_ID_LABEL = 'app.vworkspace.io/cluster-id';
/** Tells Flux never to prune an object (kustomize-controller honours it on any object). */
export const FLUX_PRUNE_ANNOTATION = 'kustomize.toolkit.fluxcd.io/prune';
/** Tells Argo CD never to prune an object. */
export const ARGOCD_SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';
