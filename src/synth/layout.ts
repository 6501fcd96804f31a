/**
 * Where each object lives in the GitOps repository. The layout is a contract with
 * Flux (`flux bootstrap --path=clusters/<id>`), Argo CD (`clusters/<id>/namespaces`)
 * and the tree reconciler, so it is decided here and nowhere else:
 *
 * ```
 * clusters/<id>/argocd-application.yaml                  (argocd clusters only)
 * clusters/<id>/namespaces/kustomization.yaml
 * clusters/<id>/namespaces/<ns>/namespace.yaml
 * clusters/<id>/namespaces/<ns>/<kind>-<name>.yaml       (kind in lower case)
 * ```
 */
import { GitopsSynthError } from '../errors';

/** The directory that holds every cluster's directory. */
export const CLUSTERS_DIRECTORY = 'clusters';

/** What the layout needs to know of an object. */
export interface ObjectIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Absent for cluster-scoped objects. */
  readonly namespace?: string;
}

/** `clusters/<id>`: what a cluster's GitOps controller is pointed at. */
export function clusterDirectory(clusterId: string): string {
  return `${CLUSTERS_DIRECTORY}/${clusterId}`;
}

/** `clusters/<id>/namespaces`: the kustomization that holds all of the cluster's objects. */
export function namespacesDirectory(clusterId: string): string {
  return `${clusterDirectory(clusterId)}/namespaces`;
}

/** `clusters/<id>/namespaces/kustomization.yaml`. */
export function kustomizationPath(clusterId: string): string {
  return `${namespacesDirectory(clusterId)}/kustomization.yaml`;
}

/** True for the Argo CD Application that points Argo CD at a cluster's path. */
function isArgoCdApplication(object: ObjectIdentity): boolean {
  return object.kind === 'Application' && object.apiVersion.startsWith('argoproj.io/');
}

/** The path of `object`'s file, relative to the repository root. */
export function manifestPath(clusterId: string, object: ObjectIdentity): string {
  if (isArgoCdApplication(object)) return `${clusterDirectory(clusterId)}/argocd-application.yaml`;
  if (object.kind === 'Namespace' && object.apiVersion === 'v1')
    return `${namespacesDirectory(clusterId)}/${object.name}/namespace.yaml`;
  if (object.namespace === undefined) {
    throw new GitopsSynthError(
      'LAYOUT_NO_PLACE',
      `${object.kind} "${object.name}" is cluster-scoped and has no place in the tree`,
      { source: 'internal' },
    );
  }
  return `${namespacesDirectory(clusterId)}/${object.namespace}/${object.kind.toLowerCase()}-${object.name}.yaml`;
}

/**
 * The cluster a path in the tree belongs to (`clusters/<id>/...` gives `<id>`), or
 * undefined for paths outside any cluster's directory.
 */
export function findClusterOfPath(path: string): string | undefined {
  const match = /^clusters\/([^/]+)\/./.exec(path);
  return match === null ? undefined : match[1];
}

/** Alias of {@link findClusterOfPath}, under the name the rest of the pipeline knows it by. */
export const clusterOfPath = findClusterOfPath;
