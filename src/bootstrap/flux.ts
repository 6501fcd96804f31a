/**
 * The two Flux objects that make a cluster follow its path: a GitRepository (the
 * source, read with a read-only credential) and a Kustomization that applies
 * `clusters/<id>/namespaces` from it, pruning what leaves Git (Namespaces and
 * Operations opt out by annotation). Built from the constructs generated in
 * `imports/`; the operator's Helm bundle installs the controllers that serve them.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { GitRepository } from '../../imports/gitrepository-source.toolkit.fluxcd.io';
import { Kustomization, KustomizationSpecSourceRefKind } from '../../imports/kustomize.toolkit.fluxcd.io';
import { CLUSTER_ID_LABEL } from '../labels';
import { namespacesDirectory } from '../synth/layout';

/** The namespace the Flux controllers (and so their objects) live in. */
export const FLUX_NAMESPACE = 'flux-system';
/** The name of both bootstrap objects: one GitOps repository per cluster. */
export const BOOTSTRAP_NAME = 'gitops-synth';
/** How often Flux looks for new commits: small, since a merged pull request should land soon. */
export const SOURCE_INTERVAL = '1m';
/** How long one fetch may take. */
export const SOURCE_TIMEOUT = '60s';
/** How often the Kustomization re-applies, which also undoes manual drift. */
export const APPLY_INTERVAL = '10m';
/** How soon a failed apply is retried. */
export const APPLY_RETRY_INTERVAL = '2m';
/** How long one apply (and its health checks) may take. */
export const APPLY_TIMEOUT = '5m';

/** What the Flux objects point at. */
export interface FluxBootstrap {
  readonly clusterId: string;
  /** An ssh://, http:// or https:// URL. */
  readonly repoUrl: string;
  readonly branch: string;
  /** The Secret holding the read-only credential. */
  readonly secretName: string;
}

/** Builds the GitRepository and the Kustomization (in that order) in a fresh chart. */
export function buildFluxBootstrap(request: FluxBootstrap): ApiObject[] {
  const chart = new Chart(new App(), `bootstrap-${request.clusterId}`, { namespace: FLUX_NAMESPACE, labels: { [CLUSTER_ID_LABEL]: request.clusterId } });
  const source = new GitRepository(chart, 'git-repository', {
    metadata: { name: BOOTSTRAP_NAME, namespace: FLUX_NAMESPACE },
    spec: {
      url: request.repoUrl,
      ref: { branch: request.branch },
      interval: SOURCE_INTERVAL,
      timeout: SOURCE_TIMEOUT,
      secretRef: { name: request.secretName },
    },
  });
  const apply = new Kustomization(chart, 'kustomization', {
    metadata: { name: BOOTSTRAP_NAME, namespace: FLUX_NAMESPACE },
    spec: {
      sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: BOOTSTRAP_NAME },
      // The same directory Argo CD clusters follow: never flux-system/, which `flux bootstrap` owns.
      path: `./${namespacesDirectory(request.clusterId)}`,
      prune: true,
      interval: APPLY_INTERVAL,
      retryInterval: APPLY_RETRY_INTERVAL,
      timeout: APPLY_TIMEOUT,
    },
  });
  return [source, apply];
}
