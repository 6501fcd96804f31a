/**
 * What the git layer needs to know about a remote URL: its transport, the origin
 * a token may be sent to, and whether it (wrongly) embeds a credential. Pure.
 */
import { GitArgumentError } from './errors';

/** The transports the git layer tells apart. */
export type RemoteTransport = 'https' | 'http' | 'ssh' | 'file';

/** A remote URL, parsed. */
export interface RemoteUrl {
  readonly url: string;
  readonly transport: RemoteTransport;
  /** `scheme://host[:port]` for http(s) remotes: the only place a token is offered. */
  readonly origin?: string;
  /** True when an http(s) remote may be given the token: https, or plain http to this machine's loopback. */
  readonly mayReceiveToken: boolean;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Parses a remote URL (`https://`, `http://`, `ssh://`, scp-like `git@host:path`,
 * `file://` or a local path). Throws {@link GitArgumentError} for a URL that
 * carries user information with a password or an http(s) user name, because a
 * credential in a remote URL ends up in `.git/config` and in process arguments.
 */
export function parseRemoteUrl(url: string): RemoteUrl {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    // scp-like syntax (`user@host:path`) is SSH unless the part before ':' has a slash (a local path).
    const scpLike = /^[^/:]+:/.test(url) && !/^[a-z]:[\\/]/i.test(url);
    return { url, transport: scpLike ? 'ssh' : 'file', mayReceiveToken: false };
  }
  const parsed = parseUrl(url);
  if (scheme === 'http' || scheme === 'https') {
    if (parsed.username !== '' || parsed.password !== '') {
      throw credentialInUrl(url);
    }
    const loopback = LOOPBACK_HOSTS.has(parsed.hostname.toLowerCase());
    return {
      url,
      transport: scheme,
      origin: `${scheme}://${parsed.host}`,
      mayReceiveToken: scheme === 'https' || loopback,
    };
  }
  if (parsed.password !== '') {
    throw credentialInUrl(url);
  }
  if (scheme === 'ssh' || scheme === 'git+ssh' || scheme === 'ssh+git') {
    return { url, transport: 'ssh', mayReceiveToken: false };
  }
  if (scheme === 'file') {
    return { url, transport: 'file', mayReceiveToken: false };
  }
  throw new GitArgumentError(
    `remote URL scheme '${scheme}://' is not supported`,
    'Use an https://, ssh:// or file:// remote URL.',
  );
}

function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch (error) {
    throw new GitArgumentError(
      `remote URL is not a valid URL: ${error instanceof Error ? error.message : String(error)}`,
      'Check the repository URL.',
    );
  }
}

function credentialInUrl(url: string): GitArgumentError {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
  return new GitArgumentError(
    `remote URL '${scheme}***@...' embeds a credential`,
    'Remove the user information from the URL and pass the token through GITOPS_TOKEN or GITOPS_TOKEN_FILE instead.',
  );
}
