/** The Argo CD Application factory: how an `argocd` cluster follows its path in the repository. */
import { Construct } from 'constructs';
import { Application } from '../../imports/argoproj.io';
import { argoCdSubscriptionAnnotations } from '../contract/sync-contract';

/** The namespace Argo CD watches for Applications. */
export const ARGOCD_NAMESPACE = 'argocd';
/** The Argo CD project every generated Application belongs to. */
export const ARGOCD_PROJECT = 'default';
/** The API server of the cluster Argo CD itself runs in. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** Where the cluster's Application reads its desired state from. */
export interface ArgoCdSource {
  /** The GitOps repository URL, as Argo CD clones it. */
  readonly repoUrl: string;
  /** The branch (or other revision) to follow. */
  readonly targetRevision: string;
  /** The directory in the repository (`clusters/<id>/namespaces`). */
  readonly path: string;
}

/**
 * Adds the Application (named after the cluster) that makes Argo CD apply the
 * cluster's `namespaces/` directory, pruning what leaves Git (Namespaces and
 * Operations opt out by annotation) and undoing manual drift. It subscribes to
 * the triggers `bootstrap` adds to argocd-notifications-cm, so every sync posts a
 * commit status that `status` reads.
 */
export function addArgoCdApplication(scope: Construct, clusterId: string, source: ArgoCdSource): Application {
  return new Application(scope, `argocd-application-${clusterId}`, {
    metadata: { name: clusterId, namespace: ARGOCD_NAMESPACE, annotations: argoCdSubscriptionAnnotations() },
    spec: {
      project: ARGOCD_PROJECT,
      source: { repoUrl: source.repoUrl, path: source.path, targetRevision: source.targetRevision },
      destination: { server: IN_CLUSTER_SERVER },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  });
}
