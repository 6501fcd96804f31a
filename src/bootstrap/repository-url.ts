/**
 * The repository URL a cluster pulls from, in the form its GitOps controller accepts.
 * Flux's GitRepository takes only `ssh://`, `http://` and `https://` URLs (its CRD
 * says so), so the scp-like `git@host:owner/name` that people copy from a forge is
 * rewritten to `ssh://git@host/owner/name`, with a note saying so. Pure.
 */
import { GitopsSynthError } from '../errors';
import { carriesCredential, displayRemoteUrl, parseRemoteUrl, RemoteUrl } from '../remote-url';

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

/**
 * The URL Flux (`rewriteScpLike` true) or Argo CD (false: it accepts scp-like URLs
 * as they are) should pull from. The URL is read by {@link parseRemoteUrl}.
 * @throws GitopsSynthError `REPO_URL_UNSUPPORTED` for local paths and other schemes,
 *   `REPO_URL_HAS_SECRET` for a URL that carries a password or token.
 */
export function clusterRepositoryUrl(repo: string, rewriteScpLike: boolean): ClusterRepositoryUrl {
  const remote = readRemote(repo);
  if (remote === undefined || remote.transport === 'file') {
    throw new GitopsSynthError(
      'REPO_URL_UNSUPPORTED',
      `--repo: '${displayRemoteUrl(repo)}' is not a URL a cluster can pull from: use ssh://, https:// (or http://), or git@host:owner/name`,
      {
        hint: 'clusters clone the GitOps repository over the network; a local path or file:// URL only works on this machine',
      },
    );
  }
  if (carriesCredential(remote)) {
    throw new GitopsSynthError(
      'REPO_URL_HAS_SECRET',
      `--repo: the URL for host '${remote.host}' carries a password or token`,
      {
        hint: 'give the URL without credentials; the cluster reads them from the Secret the output references',
      },
    );
  }
  const credential = remote.transport === 'ssh' ? 'deploy-key' : 'read-token';
  if (remote.form !== 'scp' || !rewriteScpLike) return { url: remote.url, credential, host: remote.host };
  const user = remote.user === '' ? '' : `${remote.user}@`;
  const url = `ssh://${user}${remote.host}/${remote.path.replace(/^\/+/, '')}`;
  return {
    url,
    credential,
    host: remote.host,
    note: `--repo: Flux accepts only ssh://, http:// and https:// URLs, so '${repo}' is written as '${url}'`,
  };
}

/** The remote, or undefined when it cannot be read at all (reported as unsupported). */
function readRemote(repo: string): RemoteUrl | undefined {
  try {
    return parseRemoteUrl(repo);
  } catch {
    return undefined;
  }
}
