/**
 * `bootstrap`: what an administrator applies once so that a cluster follows
 * `clusters/<id>/`. For a Flux cluster a GitRepository and a Kustomization, for an
 * Argo CD cluster the Application; always a reference to a read-only credential and
 * the commands to create it, never a secret value. Pure apart from loading the CRDs.
 */
import { ValidationError } from '../errors';
import { ClusterIntent } from '../intents/model';
import { loadCrdRegistry } from '../schema/registry';
import { namespacesDirectory } from '../synth/layout';
import { toManifestYaml } from '../synth/yaml';
import { buildArgoCdBootstrap } from './argocd';
import { credentialInstructions, FLUX_SECRET_NAMES } from './credentials';
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
  const { cluster } = request;
  const url = clusterRepositoryUrl(request.repo, cluster.sync === 'flux');
  const constructs = cluster.sync === 'flux'
    ? buildFluxBootstrap({ clusterId: cluster.id, repoUrl: url.url, branch: request.branch, secretName: FLUX_SECRET_NAMES[url.credential] })
    : buildArgoCdBootstrap({ clusterId: cluster.id, repoUrl: url.url, branch: request.branch });
  const objects = constructs.map((construct) => construct.toJson() as ManifestObject);
  const problems = validateBootstrapObjects(objects, loadCrdRegistry());
  if (problems.length > 0) {
    throw new ValidationError('BOOTSTRAP_OUTPUT_INVALID', 'the bootstrap objects break their CRD schemas', problems, { source: 'internal' });
  }
  const notes = url.note === undefined ? [] : [url.note];
  const header = [
    `gitops-synth bootstrap for cluster "${cluster.id}" (${cluster.sync}). Apply once: kubectl apply -f <this file>`,
    `It makes ${cluster.sync === 'flux' ? 'Flux' : 'Argo CD'} follow ${namespacesDirectory(cluster.id)} on branch ${request.branch} of ${url.url}.`,
    ...notes.map((note) => `Note: ${note}.`),
    '',
    'The cluster only ever reads the repository. Before applying, create its read-only credential (never commit it):',
    ...credentialInstructions(cluster.id, cluster.sync, url),
  ];
  const comments = header.map((line) => (line === '' ? '#' : `# ${line}`)).join('\n');
  return { objects, notes, yaml: `${comments}\n${objects.map((object) => toManifestYaml(object)).join('---\n')}` };
}
