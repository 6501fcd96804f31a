/**
 * The Flux objects that make a cluster follow its path and report back:
 * - a GitRepository (the source, read with a read-only credential) and a
 *   Kustomization that applies `clusters/<id>/namespaces` from it, pruning what
 *   leaves Git (Namespaces and Operations opt out by annotation);
 * - a git-host Provider and an Alert on that Kustomization, so that
 *   notification-controller posts a commit status on every commit it applies;
 * - with a status URL, a generic-hmac Provider and Alert that send the same
 *   events, message included, straight to `status serve`.
 * Built from the constructs generated in `imports/`; every name comes from the
 * sync contract, which `status` reads with.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import {
  Alert,
  AlertSpecEventSeverity,
  AlertSpecEventSourcesKind,
} from '../../imports/alert-notification.toolkit.fluxcd.io';
import { GitRepository } from '../../imports/gitrepository-source.toolkit.fluxcd.io';
import { Kustomization, KustomizationSpecSourceRefKind } from '../../imports/kustomize.toolkit.fluxcd.io';
import { Provider, ProviderSpecType } from '../../imports/provider-notification.toolkit.fluxcd.io';
import {
  CLUSTER_ID_KEY,
  FLUX_COMMIT_STATUS_EXPR,
  FLUX_NAMESPACE,
  fluxEventsUrl,
  fluxNames,
} from '../contract/sync-contract';
import { CLUSTER_ID_LABEL } from '../labels';
import { ProviderName } from '../platform/types';
import { namespacesDirectory } from '../synth/layout';

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
  /** The Git host, which is the Provider's type. */
  readonly provider: ProviderName;
  /** The repository's web URL (`https://github.com/acme/fleet`), the Provider's address. */
  readonly repositoryWebUrl: string;
  /** Where `status serve` is reachable from the cluster; undefined: no events Provider. */
  readonly statusUrl?: string;
}

const PROVIDER_TYPES: Record<ProviderName, ProviderSpecType> = {
  github: ProviderSpecType.GITHUB,
  gitlab: ProviderSpecType.GITLAB,
  gitea: ProviderSpecType.GITEA,
};

/** Builds the objects in apply order: source, Kustomization, then each Provider before its Alert. */
export function buildFluxBootstrap(request: FluxBootstrap): ApiObject[] {
  const names = fluxNames(request.clusterId);
  const chart = new Chart(new App(), `bootstrap-${request.clusterId}`, {
    namespace: FLUX_NAMESPACE,
    labels: { [CLUSTER_ID_LABEL]: request.clusterId },
  });
  const objects: ApiObject[] = [
    new GitRepository(chart, 'git-repository', {
      metadata: { name: names.gitRepository, namespace: FLUX_NAMESPACE },
      spec: {
        url: request.repoUrl,
        ref: { branch: request.branch },
        interval: SOURCE_INTERVAL,
        timeout: SOURCE_TIMEOUT,
        secretRef: { name: request.secretName },
      },
    }),
    new Kustomization(chart, 'kustomization', {
      metadata: { name: names.kustomization, namespace: FLUX_NAMESPACE },
      spec: {
        sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: names.gitRepository },
        // The same directory Argo CD clusters follow: never flux-system/, which `flux bootstrap` owns.
        path: `./${namespacesDirectory(request.clusterId)}`,
        prune: true,
        interval: APPLY_INTERVAL,
        retryInterval: APPLY_RETRY_INTERVAL,
        timeout: APPLY_TIMEOUT,
      },
    }),
    // The Provider is the same object for every cluster (the Alert names the cluster), so it carries no cluster label.
    new Provider(new Chart(new App(), 'providers'), 'commit-status-provider', {
      metadata: { name: names.commitStatusProvider, namespace: FLUX_NAMESPACE },
      spec: {
        type: PROVIDER_TYPES[request.provider],
        address: request.repositoryWebUrl,
        secretRef: { name: names.commitStatusSecret },
        commitStatusExpr: FLUX_COMMIT_STATUS_EXPR,
      },
    }),
    alert(
      chart,
      'commit-status-alert',
      names.commitStatusAlert,
      names.commitStatusProvider,
      request.clusterId,
    ),
  ];
  if (request.statusUrl !== undefined) {
    objects.push(
      new Provider(new Chart(new App(), 'providers'), 'events-provider', {
        metadata: { name: names.eventsProvider, namespace: FLUX_NAMESPACE },
        spec: {
          type: ProviderSpecType.GENERIC_HYPHEN_HMAC,
          address: fluxEventsUrl(request.statusUrl),
          secretRef: { name: names.eventsSecret },
        },
      }),
      alert(chart, 'events-alert', names.eventsAlert, names.eventsProvider, request.clusterId),
    );
  }
  return objects;
}

/**
 * An Alert for the cluster's Kustomization alone. `eventSeverity: info` forwards
 * every event (info and error); `eventMetadata` adds the cluster id to each, which
 * the commit-status expression and `status serve` read.
 */
function alert(chart: Chart, id: string, name: string, providerName: string, clusterId: string): Alert {
  return new Alert(chart, id, {
    metadata: { name, namespace: FLUX_NAMESPACE },
    spec: {
      providerRef: { name: providerName },
      eventSeverity: AlertSpecEventSeverity.INFO,
      eventSources: [
        {
          kind: AlertSpecEventSourcesKind.KUSTOMIZATION,
          name: fluxNames(clusterId).kustomization,
          namespace: FLUX_NAMESPACE,
        },
      ],
      eventMetadata: { [CLUSTER_ID_KEY]: clusterId },
    },
  });
}
