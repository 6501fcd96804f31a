/**
 * The one reader of git remote URLs. The git layer (which transport, where a token may
 * go), the platform layer (which host and project) and bootstrap (what a cluster pulls
 * from) all start from {@link parseRemoteUrl}, so a URL means the same thing to each.
 *
 * Forms, as git reads them:
 * - a URL: `https://`, `http://`, `ssh://` (also `git+ssh://`, `ssh+git://`), `file://`,
 *   with an optional port and user information;
 * - scp-like `[user@]host:path` (SSH), when a `:` comes before any `/`;
 * - anything else is a local path.
 *
 * A credential in a remote URL ends up in `.git/config`, process arguments and logs, so
 * every message here quotes the URL through {@link displayRemoteUrl}. Pure.
 */
import { GitopsSynthError } from './errors';
import { redact } from './git/redact';

/** The transports git tells apart. */
export type RemoteTransport = 'https' | 'http' | 'ssh' | 'file';

/** A remote URL, read. */
export interface RemoteUrl {
  /** As given, trimmed. */
  readonly url: string;
  readonly form: 'url' | 'scp' | 'path';
  readonly transport: RemoteTransport;
  /** Lower case, without port (IPv6 in brackets); '' for local paths and `file://`. */
  readonly host: string;
  /** '' when none is written. */
  readonly port: string;
  /** The user name (decoded); '' when none. */
  readonly user: string;
  /** True when the URL carries a password or token after the user name. */
  readonly hasPassword: boolean;
  /** The repository path as written after the host (decoded); for scp-like, what follows the `:`. */
  readonly path: string;
  /**
   * `owner/name` or `group/sub/name`: the path without slashes at its ends and without
   * `.git`, when it has at least two segments and the URL has a host.
   */
  readonly project?: string;
}

const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const SCHEME_TRANSPORT: Readonly<Record<string, RemoteTransport>> = {
  https: 'https',
  http: 'http',
  ssh: 'ssh',
  'git+ssh': 'ssh',
  'ssh+git': 'ssh',
  file: 'file',
};
/** `[user[:secret]@]host:path`; the host may be `[IPv6]`; no `/` before the `:`. */
const SCP_LIKE = /^(?:([^@/\s]+)@)?(\[[^\]/\s]+\]|[^:/\s@[\]]+):(?!\/\/)(.*)$/s;
const WINDOWS_DRIVE = /^[a-z]:[\\/]/i;

/**
 * Reads a remote URL.
 * @throws GitopsSynthError `REMOTE_URL_INVALID` for an empty value, a URL that does not
 *   parse, a scheme git cannot push to here (`git://`, `ftp://`, ...) or a network URL without a host.
 */
export function parseRemoteUrl(input: string): RemoteUrl {
  const url = input.trim();
  if (url === '') throw invalidRemote(input, 'it is empty');
  const scheme = URL_SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme !== undefined) return parseSchemeUrl(url, scheme);
  const scp = WINDOWS_DRIVE.test(url) ? null : SCP_LIKE.exec(url);
  if (scp !== null) {
    const [, userinfo = '', host, path] = scp;
    const separator = userinfo.indexOf(':');
    const user = separator === -1 ? userinfo : userinfo.slice(0, separator);
    return withProject({
      url,
      form: 'scp',
      transport: 'ssh',
      host: host.toLowerCase(),
      port: '',
      user,
      hasPassword: separator !== -1,
      path,
    });
  }
  return {
    url,
    form: 'path',
    transport: 'file',
    host: '',
    port: '',
    user: '',
    hasPassword: false,
    path: url,
  };
}

function parseSchemeUrl(url: string, scheme: string): RemoteUrl {
  const transport = SCHEME_TRANSPORT[scheme];
  if (transport === undefined) {
    throw invalidRemote(url, `the scheme '${scheme}://' is not supported: use https://, ssh:// or file://`);
  }
  let parsed: URL;
  let path: string;
  let user: string;
  try {
    parsed = new URL(url);
    path = decodeURIComponent(parsed.pathname);
    user = decodeURIComponent(parsed.username);
  } catch {
    throw invalidRemote(url, 'it is not a valid URL');
  }
  const host = parsed.hostname.toLowerCase();
  if (host === '' && transport !== 'file') throw invalidRemote(url, 'it names no host');
  return withProject({
    url,
    form: 'url',
    transport,
    host,
    port: parsed.port,
    user,
    hasPassword: parsed.password !== '',
    path,
  });
}

function withProject(remote: RemoteUrl): RemoteUrl {
  const project = remote.path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  const segments = project.split('/');
  const named = remote.host !== '' && segments.length >= 2 && segments.every((part) => part !== '');
  return named ? { ...remote, project } : remote;
}

/**
 * The URL as it may be shown: the user information of an http(s) URL (a token often
 * stands there) and the password of any URL or scp-like remote replaced by `***`.
 */
export function displayRemoteUrl(url: string): string {
  const shown = redact(url.trim(), []);
  return URL_SCHEME.test(shown) ? shown : shown.replace(/^([^@/:\s]*):[^@/\s]*@/, '$1:***@');
}

/**
 * True when the remote carries a credential: a password on any transport, or any user
 * information on http(s), where a token is often written as the user name. (An SSH user
 * such as `git@` is a login name, not a secret.)
 */
export function carriesCredential(remote: RemoteUrl): boolean {
  const web = remote.transport === 'https' || remote.transport === 'http';
  return remote.hasPassword || (web && remote.user !== '');
}

/** `scheme://host[:port]` of an http(s) remote: the only place git may offer it a token. */
export function remoteOrigin(remote: RemoteUrl): string | undefined {
  if (remote.transport !== 'https' && remote.transport !== 'http') return undefined;
  const host = remote.port === '' ? remote.host : `${remote.host}:${remote.port}`;
  return `${remote.transport}://${host}`;
}

/** A user error about a remote URL, quoting it without its credentials. */
export function invalidRemote(url: string, why: string): GitopsSynthError {
  return new GitopsSynthError(
    'REMOTE_URL_INVALID',
    `the git remote '${displayRemoteUrl(url)}' cannot be read: ${why}`,
    {
      hint: 'use https://host/owner/name.git, ssh://git@host[:port]/owner/name.git, git@host:owner/name.git or a local path',
    },
  );
}
