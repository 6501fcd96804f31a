import { GitopsSynthError } from '../errors';
import { loadGitCredentials } from '../git/credentials';
import {
  createPlatform,
  detectProvider,
  parseProjectFromRemote,
  platformOptionsFromRemote,
} from '../platform/registry';
import { FetchLike } from '../platform/http';
import { Platform, PROVIDER_NAMES, ProviderName } from '../platform/types';
import { isLocalPath } from '../workspace/workspace';
import type { TokenSource } from '../contract/token-source';
import { createGitHubAppTokenSource, githubAppFromEnv } from '../platform/github/app-auth';
import { defaultApiUrl } from '../platform/remote';
import { CliIo } from './io';

/** The flags that name a Git host's API (publish, rollback, status). */
export interface PlatformFlags {
  readonly provider?: ProviderName;
  readonly 'api-url'?: string;
  readonly project?: string;
  readonly 'allow-insecure-http'?: boolean;
}

/** localhost, 127.0.0.0/8 and ::1: a token sent there never crosses a network. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127(?:\.\d{1,3}){3}$/.test(host) ||
    host === '::1'
  );
}

/**
 * Refuses an http:// API URL on another host unless `--allow-insecure-http` is given:
 * the token would cross the network in plain text, readable by anyone on the path.
 */
export function checkApiUrlTransport(apiUrl: string | undefined, allowInsecure: boolean): void {
  if (apiUrl === undefined || !/^http:\/\//i.test(apiUrl) || allowInsecure) return;
  let host: string;
  try {
    host = new URL(apiUrl).hostname;
  } catch {
    return; // Not a URL: the API client reports it.
  }
  if (!isLoopbackHost(host)) {
    throw new GitopsSynthError(
      'INVALID_FLAG',
      `--api-url: ${apiUrl} is plain http:// to ${host}; the API token would cross the network unencrypted, so it is not sent`,
      {
        hint: 'use https://, or pass --allow-insecure-http if the network between you and the host is trusted',
      },
    );
  }
}

/** `--provider`, else the host the repository URL names; undefined for a local path without `--provider`. Never throws. */
export function providerFromFlags(
  flags: PlatformFlags,
  remote: string | undefined,
): ProviderName | undefined {
  if (flags.provider !== undefined) return flags.provider;
  if (remote === undefined || isLocalPath(remote) || remote.startsWith('file://')) return undefined;
  try {
    return detectProvider(remote);
  } catch {
    return undefined;
  }
}

/** The host's API client, and the App's token source when a GitHub App authenticates (git needs it too). */
export interface HostAccess {
  readonly platform: Platform;
  readonly tokenSource?: TokenSource;
}

/** {@link hostFromFlags} for the commands that only talk to the API. */
export async function platformFromFlags(
  flags: PlatformFlags,
  remote: string | undefined,
  io: CliIo,
  tokenHint: string,
  fetch?: FetchLike,
): Promise<Platform> {
  return (await hostFromFlags(flags, remote, io, tokenHint, fetch)).platform;
}

/**
 * Builds the host's API client from `--provider`, `--api-url` and `--project`, each
 * derived from the repository URL when not given, and the credential: a GitHub App
 * (GITOPS_GITHUB_APP_*: its first installation token is minted here) or GITOPS_TOKEN
 * (or GITOPS_TOKEN_FILE). Every check happens here, before any side effect; `tokenHint`
 * says why the command needs a token; `fetch` (publish's paced one) carries the API requests.
 */
export async function hostFromFlags(
  flags: PlatformFlags,
  remote: string | undefined,
  io: CliIo,
  tokenHint: string,
  fetch?: FetchLike,
): Promise<HostAccess> {
  const fromUrl = remote !== undefined && !isLocalPath(remote) && !remote.startsWith('file://');
  const where = remote ?? '(no remote)';
  const provider = flags.provider ?? (fromUrl ? detectProvider(remote) : undefined);
  if (provider === undefined) {
    throw new GitopsSynthError(
      'INVALID_FLAG',
      `--provider: cannot tell the Git host from '${where}'; pass --provider ${PROVIDER_NAMES.join('|')}`,
    );
  }
  const project = flags.project ?? (fromUrl ? parseProjectFromRemote(remote).project : undefined);
  if (project === undefined) {
    throw new GitopsSynthError(
      'INVALID_FLAG',
      `--project: cannot derive owner/name from '${where}'; pass --project <owner/name>`,
    );
  }
  const apiUrl =
    flags['api-url'] ?? (fromUrl ? platformOptionsFromRemote(remote, { provider }).apiUrl : undefined);
  checkApiUrlTransport(apiUrl, flags['allow-insecure-http'] === true);
  const app = githubAppFromEnv(io.env);
  if (app !== undefined) {
    if (provider !== 'github') {
      throw new GitopsSynthError(
        'GITHUB_APP_INVALID',
        `GITOPS_GITHUB_APP_* is set but the host is ${provider}; GitHub Apps exist on GitHub only`,
        {
          hint: 'unset them and use GITOPS_TOKEN with a project or group access token (see docs/security.md)',
        },
      );
    }
    const tokenSource = await createGitHubAppTokenSource({
      credentials: app,
      apiUrl: apiUrl ?? defaultApiUrl('github', 'github.com'),
      project,
    });
    const token = await tokenSource.token();
    return {
      platform: createPlatform({ provider, apiUrl, project, token, tokenSource, fetch }),
      tokenSource,
    };
  }
  const { token } = await loadGitCredentials(io.env);
  if (token === undefined) {
    throw new GitopsSynthError(
      'TOKEN_MISSING',
      'no API token in GITOPS_TOKEN (or a file named by GITOPS_TOKEN_FILE), and no GitHub App (GITOPS_GITHUB_APP_ID)',
      {
        hint: `tokens are never taken from flags; ${tokenHint}`,
      },
    );
  }
  return { platform: createPlatform({ provider, apiUrl, project, token, fetch }) };
}
