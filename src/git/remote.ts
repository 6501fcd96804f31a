/**
 * The git layer's rule for remotes: which transport git will use, and whether the
 * token may be offered to the remote. Reading the URL is {@link parseRemoteUrl}'s job
 * (src/remote-url.ts); this adds only the policy. Pure.
 */
import { carriesCredential, displayRemoteUrl, parseRemoteUrl, remoteOrigin, RemoteUrl } from '../remote-url';
import { GitopsSynthError } from '../errors';
import { GitArgumentError } from './errors';

export type { RemoteTransport } from '../remote-url';

/** A remote as the git layer uses it. */
export interface GitRemote extends RemoteUrl {
  /** `scheme://host[:port]` for http(s) remotes: the only place a token is offered. */
  readonly origin?: string;
  /** True when an http(s) remote may be given the token: https, or plain http to this machine's loopback. */
  readonly mayReceiveToken: boolean;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Reads a remote for git. Throws {@link GitArgumentError} for a URL git cannot use, and
 * for one that carries a password, or a user name on http(s): a credential in a remote
 * URL ends up in `.git/config` and in process arguments.
 */
export function gitRemote(url: string): GitRemote {
  let remote: RemoteUrl;
  try {
    remote = parseRemoteUrl(url);
  } catch (error) {
    if (!(error instanceof GitopsSynthError)) throw error;
    throw new GitArgumentError(error.message, 'Check the repository URL.');
  }
  const web = remote.transport === 'https' || remote.transport === 'http';
  if (carriesCredential(remote)) {
    throw new GitArgumentError(
      `remote URL '${displayRemoteUrl(url)}' embeds a credential`,
      'Remove the user information from the URL and pass the token through GITOPS_TOKEN or GITOPS_TOKEN_FILE instead.',
    );
  }
  const origin = remoteOrigin(remote);
  const mayReceiveToken = remote.transport === 'https' || (web && LOOPBACK_HOSTS.has(remote.host));
  return { ...remote, mayReceiveToken, ...(origin === undefined ? {} : { origin }) };
}
