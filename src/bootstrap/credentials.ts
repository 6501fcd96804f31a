/**
 * How an administrator creates the read-only credential the bootstrap objects use.
 * The cluster only ever reads the GitOps repository: it gets a deploy key without
 * write access, or a token that can only read. gitops-synth never sees the secret
 * value; these are the commands to run where the key or token is. Pure.
 */
import { ARGOCD_NAMESPACE } from '../charts/argocd-application';
import { ARGOCD_SECRET_KEY, FLUX_NAMESPACE, fluxNames } from '../contract/sync-contract';
import { SyncMode } from '../intents/model';
import { ProviderName } from '../platform/types';
import { ARGOCD_NOTIFICATIONS_SECRET } from './argocd';
import { ArgoCdNotifier, GITHUB_APP_SECRET_KEYS } from './argocd-notifications';
import { ClusterRepositoryUrl } from './repository-url';

/** The Secret the Flux GitRepository references, by credential kind. */
export const FLUX_SECRET_NAMES = {
  'deploy-key': 'gitops-synth-deploy-key',
  'read-token': 'gitops-synth-read-token',
} as const;
/** The Argo CD repository Secret (Argo CD finds it by its label and URL, the Application names no Secret). */
export const ARGOCD_SECRET_NAME = 'gitops-synth-repository';

/** The lines (without `# `) explaining how to create the credential for `sync` and `url`. */
export function credentialInstructions(
  clusterId: string,
  sync: SyncMode,
  url: ClusterRepositoryUrl,
): string[] {
  const key = `./${clusterId}-deploy-key`;
  const intro =
    url.credential === 'deploy-key'
      ? [
          `1. Create an SSH key pair for this cluster alone: ssh-keygen -t ed25519 -N '' -C '${clusterId} (read-only)' -f ${key}`,
          `   Add ${key}.pub to the repository as a deploy key WITHOUT write access, then delete the private key once the Secret exists.`,
          `2. Record the host key and check its fingerprint against the one ${url.host} publishes: ssh-keyscan ${url.host} > ./known_hosts`,
        ]
      : [
          '1. Create a token that can only read this repository (GitHub: fine-grained, Contents: read-only; GitLab: deploy token,',
          '   read_repository; Gitea: read:repository), and write it to ./read-token without a trailing newline.',
        ];
  return [...intro, ...(sync === 'flux' ? fluxSecret(url, key) : argoCdSecret(url, key))];
}

function fluxSecret(url: ClusterRepositoryUrl, key: string): string[] {
  const name = FLUX_SECRET_NAMES[url.credential];
  return url.credential === 'deploy-key'
    ? [
        `3. kubectl -n ${FLUX_NAMESPACE} create secret generic ${name} --from-file=identity=${key} --from-file=known_hosts=./known_hosts`,
      ]
    : [
        `2. kubectl -n ${FLUX_NAMESPACE} create secret generic ${name} --from-literal=username=git --from-file=password=./read-token`,
      ];
}

function argoCdSecret(url: ClusterRepositoryUrl, key: string): string[] {
  const create = `kubectl -n ${ARGOCD_NAMESPACE} create secret generic ${ARGOCD_SECRET_NAME} --from-literal=type=git --from-literal=url=${url.url}`;
  const label = `kubectl -n ${ARGOCD_NAMESPACE} label secret ${ARGOCD_SECRET_NAME} argocd.argoproj.io/secret-type=repository`;
  return url.credential === 'deploy-key'
    ? [
        `3. ${create} --from-file=sshPrivateKey=${key}`,
        `   ${label}`,
        `4. Add the host key to Argo CD's known hosts (the argocd-ssh-known-hosts-cm ConfigMap): argocd cert add-ssh --batch < ./known_hosts`,
      ]
    : [`2. ${create} --from-literal=username=git --from-file=password=./read-token`, `   ${label}`];
}

/** The least right, per host, of the token that writes commit statuses (and nothing else). */
export const STATUS_TOKEN_SCOPES: Record<ProviderName, string> = {
  github:
    'GitHub: a fine-grained token for this repository alone, with "Commit statuses: Read and write" and nothing else',
  gitlab:
    'GitLab: a project access token with the api scope and the Developer role, the least that may post commit statuses',
  gitea:
    'Gitea/Forgejo: an access token with write:repository, from a bot account with write access to this repository alone',
};

/** The lines explaining the Secrets that let the cluster report back: the status token, and the events HMAC key with a status URL. */
export function reportingInstructions(
  clusterId: string,
  sync: SyncMode,
  provider: ProviderName,
  notifier: ArgoCdNotifier,
  withEvents: boolean,
): string[] {
  if (sync === 'argocd') {
    return notifier === 'github-app' ? argoCdAppSecret() : argoCdTokenSecret(provider);
  }
  const names = fluxNames(clusterId);
  const lines = [
    `Reporting back: a token that can only write commit statuses (${STATUS_TOKEN_SCOPES[provider]}), in ./status-token:`,
    `   kubectl -n ${FLUX_NAMESPACE} create secret generic ${names.commitStatusSecret} --from-file=token=./status-token`,
  ];
  if (withEvents) {
    lines.push(
      "Events to status serve: the HMAC key, the same value as status serve's GITOPS_EVENTS_SECRET (not the host's webhook secret), in ./events-secret:",
      `   kubectl -n ${FLUX_NAMESPACE} create secret generic ${names.eventsSecret} --from-file=token=./events-secret`,
    );
  }
  return lines;
}

function argoCdTokenSecret(provider: ProviderName): string[] {
  return [
    `Reporting back: a token that can only write commit statuses (${STATUS_TOKEN_SCOPES[provider]}), in ./status-token,`,
    `added to ${ARGOCD_NOTIFICATIONS_SECRET} under ${ARGOCD_SECRET_KEY} (server-side apply keeps its other keys):`,
    `   kubectl -n ${ARGOCD_NAMESPACE} create secret generic ${ARGOCD_NOTIFICATIONS_SECRET} --from-file=${ARGOCD_SECRET_KEY}=./status-token \\`,
    '     --dry-run=client -o yaml | kubectl apply --server-side --field-manager=gitops-synth -f -',
  ];
}

function argoCdAppSecret(): string[] {
  const keys = GITHUB_APP_SECRET_KEYS;
  return [
    'Reporting back: a GitHub App with the repository permission "Commit statuses: Read and write" alone, installed on this repository.',
    `Its id, installation id and private key go to ${ARGOCD_NOTIFICATIONS_SECRET} (server-side apply keeps its other keys):`,
    `   kubectl -n ${ARGOCD_NAMESPACE} create secret generic ${ARGOCD_NOTIFICATIONS_SECRET} --from-literal=${keys.appId}=<app id> \\`,
    `     --from-literal=${keys.installationId}=<installation id> --from-file=${keys.privateKey}=./app-private-key.pem \\`,
    '     --dry-run=client -o yaml | kubectl apply --server-side --field-manager=gitops-synth -f -',
  ];
}
