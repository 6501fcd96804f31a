/**
 * The repository URL a cluster pulls from, in the form its GitOps controller accepts.
 * Flux's GitRepository takes only `ssh://`, `http://` and `https://` URLs (its CRD
 * says so), so the scp-like `git@host:owner/name` that people copy from a forge is
 * rewritten to `ssh://git@host/owner/name`, with a note saying so. Pure.
 */
import { GitopsSynthError } from '../errors';

/** How the cluster authenticates to the repository: an SSH deploy key or an HTTPS read token. */
export type CredentialKind = 'deploy-key' | 'read-token';

/** A repository URL made fit for a cluster. */
export interface ClusterRepositoryUrl {
  /** The URL to put in the manifest. */
  readonly url: string;
  /** The credential the URL's scheme calls for. */
  readonly credential: CredentialKind;
  /** Set when the URL was rewritten: what was done, for the user. */
  readonly note?: string;
  /** The host, for `ssh-keyscan` instructions. */
  readonly host: string;
}

const SCP_LIKE = /^([A-Za-z0-9._-]+)@([A-Za-z0-9.-]+):(?!\/\/)(.+)$/;

/**
 * The URL Flux (`rewriteScpLike` true) or Argo CD (false: it accepts scp-like URLs
 * as they are) should pull from.
 * @throws GitopsSynthError `REPO_URL_UNSUPPORTED` for local paths and other schemes.
 */
export function clusterRepositoryUrl(repo: string, rewriteScpLike: boolean): ClusterRepositoryUrl {
  const scp = SCP_LIKE.exec(repo);
  if (scp !== null) {
    const [, user, host, rest] = scp;
    if (!rewriteScpLike) return { url: repo, credential: 'deploy-key', host };
    const url = `ssh://${user}@${host}/${rest.replace(/^\/+/, '')}`;
    return {
      url,
      credential: 'deploy-key',
      host,
      note: `--repo: Flux accepts only ssh://, http:// and https:// URLs, so '${repo}' is written as '${url}'`,
    };
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(repo);
  } catch {
    parsed = undefined;
  }
  if (
    parsed === undefined ||
    !['ssh:', 'http:', 'https:'].includes(parsed.protocol) ||
    parsed.hostname === ''
  ) {
    throw new GitopsSynthError(
      'REPO_URL_UNSUPPORTED',
      `--repo: '${repo}' is not a URL a cluster can pull from: use ssh://, https:// (or http://), or git@host:owner/name`,
      {
        hint: 'clusters clone the GitOps repository over the network; a local path or file:// URL only works on this machine',
      },
    );
  }
  if (parsed.password !== '') {
    throw new GitopsSynthError(
      'REPO_URL_HAS_SECRET',
      `--repo: the URL for host '${parsed.hostname}' carries a password or token`,
      {
        hint: 'give the URL without credentials; the cluster reads them from the Secret the output references',
      },
    );
  }
  return {
    url: repo,
    credential: parsed.protocol === 'ssh:' ? 'deploy-key' : 'read-token',
    host: parsed.hostname,
  };
}
