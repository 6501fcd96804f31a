/**
 * The labels and annotations each kind of object gets. Every value here is part of
 * the contract with the operator, Flux and Argo CD, so the keys live in one place.
 */
import {
  ARGOCD_SYNC_OPTIONS_ANNOTATION,
  CLUSTER_ID_LABEL,
  FLUX_PRUNE_ANNOTATION,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
} from '../labels';

/** The well-known label naming the application (app.kubernetes.io recommended labels). */
export const APP_NAME_LABEL = 'app.kubernetes.io/name';
/** The well-known label naming the instance of the application. */
export const APP_INSTANCE_LABEL = 'app.kubernetes.io/instance';
/** Names the ApplicationInstance an Operation acts on, so operators and humans can select by it. */
export const OPERATION_TARGET_LABEL = 'ops.vworkspace.io/target';
/** Names what an Operation does (backup, restore, ...). */
export const OPERATION_TYPE_LABEL = 'ops.vworkspace.io/type';
/** On a HelmRelease: the catalogue application, which HelmRelease has no field for. */
export const APP_ANNOTATION = 'apps.vworkspace.io/app';
/** On a HelmRelease: the application version, which HelmRelease has no field for. */
export const VERSION_ANNOTATION = 'apps.vworkspace.io/version';

/** A label or annotation map. */
export type StringMap = { readonly [key: string]: string };

/** The labels every object gitops-synth writes carries; charts stamp them on each object. */
export function managedLabels(clusterId: string): StringMap {
  return { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [CLUSTER_ID_LABEL]: clusterId };
}

/** The recommended labels of an application's objects (ApplicationInstance or HelmRelease). */
export function applicationLabels(app: string, instance: string): StringMap {
  return { [APP_NAME_LABEL]: app, [APP_INSTANCE_LABEL]: instance };
}

/** The labels that let an Operation be found by what it does and what it acts on. */
export function operationLabels(type: string, target: string): StringMap {
  return { [OPERATION_TARGET_LABEL]: target, [OPERATION_TYPE_LABEL]: type };
}

/**
 * Annotations that stop both Flux and Argo CD from ever deleting the object when it
 * leaves Git. Namespaces carry them because deleting one deletes its volumes;
 * Operations carry them because deleting one that is running would abort it.
 */
export function noPruneAnnotations(): StringMap {
  return { [FLUX_PRUNE_ANNOTATION]: 'disabled', [ARGOCD_SYNC_OPTIONS_ANNOTATION]: 'Prune=false' };
}
