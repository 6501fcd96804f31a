/**
 * `bootstrap`: what an administrator applies once so that a cluster follows
 * `clusters/<id>/` and reports back. For a Flux cluster a GitRepository, a
 * Kustomization and the notification Providers and Alerts; for an Argo CD cluster
 * the Application and the argocd-notifications-cm entries. Always references to
 * Secrets and the commands to create them, never a secret value. Pure apart from
 * loading the CRDs.
 */
import { ApiObject } from 'cdk8s';
import { ValidationError } from '../errors';
import { ClusterIntent } from '../intents/model';
import { ProviderName } from '../platform/types';
import { loadCrdRegistry } from '../schema/registry';
import { namespacesDirectory } from '../synth/layout';
import { toManifestYaml } from '../synth/yaml';
import { buildArgoCdBootstrap } from './argocd';
import { ArgoCdNotifier } from './argocd-notifications';
import { credentialInstructions, FLUX_SECRET_NAMES, reportingInstructions } from './credentials';
import { buildFluxBootstrap } from './flux';
import { clusterRepositoryUrl } from './repository-url';
import { ManifestObject, validateBootstrapObjects } from './validate';

/** What to bootstrap. */
export interface BootstrapRequest {
  /** The cluster, as the intents declare it (its sync mode decides the objects). */
  readonly cluster: ClusterIntent;
  /** `--repo` as given. */
  readonly repo: string;
  readonly branch: string;
  /** Where statuses are posted, with the host's API, the project and the repository's web URL. */
  readonly host: BootstrapHost;
  /** Argo CD only: which notification service posts the statuses (default webhook). */
  readonly notifier?: ArgoCdNotifier;
  /** Flux only: the URL at which the cluster reaches `status serve`; adds the events Provider. */
  readonly statusUrl?: string;
}

/** The Git host the controllers report to. */
export interface BootstrapHost {
  readonly provider: ProviderName;
  /** The REST API base the Argo CD webhook service posts to (GitLab: ending in /api/v4). */
  readonly apiUrl: string;
  /** `owner/name`, or `group/sub/name` on GitLab. */
  readonly project: string;
  /** `https://host/owner/name`: the Flux Provider's address. */
  readonly webUrl: string;
}

/** The bootstrap output. */
export interface Bootstrap {
  /** The objects to apply, in apply order. */
  readonly objects: readonly ManifestObject[];
  /** Things to tell the user on standard error (a rewritten URL). */
  readonly notes: readonly string[];
  /** The whole output: explanatory comments, then the objects as YAML documents. */
  readonly yaml: string;
}

/**
 * Builds the bootstrap objects for `request.cluster` and checks them against the CRDs.
 * @throws GitopsSynthError `REPO_URL_UNSUPPORTED` / `REPO_URL_HAS_SECRET` for a URL a cluster cannot use.
 * @throws ValidationError `BOOTSTRAP_OUTPUT_INVALID` (internal) when an object breaks its CRD.
 */
export function buildBootstrap(request: BootstrapRequest): Bootstrap {
  const { cluster, host } = request;
  const flux = cluster.sync === 'flux';
  const notifier = request.notifier ?? 'webhook';
  const url = clusterRepositoryUrl(request.repo, flux);
  const constructs: ApiObject[] = flux
    ? buildFluxBootstrap({
        clusterId: cluster.id,
        repoUrl: url.url,
        branch: request.branch,
        secretName: FLUX_SECRET_NAMES[url.credential],
        provider: host.provider,
        repositoryWebUrl: host.webUrl,
        statusUrl: request.statusUrl,
      })
    : buildArgoCdBootstrap({
        clusterId: cluster.id,
        repoUrl: url.url,
        branch: request.branch,
        notifications: { provider: host.provider, notifier, apiUrl: host.apiUrl, project: host.project },
      });
  const objects = constructs.map((construct) => construct.toJson() as ManifestObject);
  const problems = validateBootstrapObjects(objects, loadCrdRegistry());
  if (problems.length > 0) {
    throw new ValidationError(
      'BOOTSTRAP_OUTPUT_INVALID',
      'the bootstrap objects break their CRD schemas',
      problems,
      { source: 'internal' },
    );
  }
  const notes = url.note === undefined ? [] : [url.note];
  const header = [
    `gitops-synth bootstrap for cluster "${cluster.id}" (${cluster.sync}). Apply once: kubectl apply --server-side --field-manager=gitops-synth -f <this file>`,
    `It makes ${flux ? 'Flux' : 'Argo CD'} follow ${namespacesDirectory(cluster.id)} on branch ${request.branch} of ${url.url},`,
    `and post a commit status on each commit it applies, which gitops-synth status reads (${host.provider}, ${host.project}).`,
    ...notes.map((note) => `Note: ${note}.`),
    '',
    'The cluster only ever reads the repository. Before applying, create its read-only credential (never commit it):',
    ...credentialInstructions(cluster.id, cluster.sync, url),
    '',
    ...reportingInstructions(
      cluster.id,
      cluster.sync,
      host.provider,
      notifier,
      request.statusUrl !== undefined,
    ),
  ];
  const comments = header.map((line) => (line === '' ? '#' : `# ${line}`)).join('\n');
  return {
    objects,
    notes,
    yaml: `${comments}\n${objects.map((object) => toManifestYaml(object)).join('---\n')}`,
  };
}
