import { GitopsSynthError } from '../errors';
import { loadGitCredentials } from '../git/credentials';
import { createPlatform, detectProvider, parseProjectFromRemote, platformOptionsFromRemote } from '../platform/registry';
import { Platform, PROVIDER_NAMES, ProviderName } from '../platform/types';
import { isLocalPath } from '../publish/workspace';
import { CliIo } from './io';

/** The flags that name a Git host's API (publish, rollback, status). */
export interface PlatformFlags {
  readonly provider?: ProviderName;
  readonly 'api-url'?: string;
  readonly project?: string;
}

/**
 * Builds the host's API client from `--provider`, `--api-url` and `--project`, each
 * derived from the repository URL when not given, and the token from GITOPS_TOKEN (or
 * GITOPS_TOKEN_FILE). Every check happens here, before any side effect; `tokenHint`
 * says why the command needs a token.
 */
export async function platformFromFlags(flags: PlatformFlags, remote: string | undefined, io: CliIo, tokenHint: string): Promise<Platform> {
  const fromUrl = remote !== undefined && !isLocalPath(remote) && !remote.startsWith('file://');
  const where = remote ?? '(no remote)';
  const provider = flags.provider ?? (fromUrl ? detectProvider(remote) : undefined);
  if (provider === undefined) {
    throw new GitopsSynthError('INVALID_FLAG', `--provider: cannot tell the Git host from '${where}'; pass --provider ${PROVIDER_NAMES.join('|')}`);
  }
  const project = flags.project ?? (fromUrl ? parseProjectFromRemote(remote).project : undefined);
  if (project === undefined) {
    throw new GitopsSynthError('INVALID_FLAG', `--project: cannot derive owner/name from '${where}'; pass --project <owner/name>`);
  }
  const apiUrl = flags['api-url'] ?? (fromUrl ? platformOptionsFromRemote(remote, { provider }).apiUrl : undefined);
  const { token } = await loadGitCredentials(io.env);
  if (token === undefined) {
    throw new GitopsSynthError('TOKEN_MISSING', 'no API token in GITOPS_TOKEN (or a file named by GITOPS_TOKEN_FILE)', {
      hint: `tokens are never taken from flags; ${tokenHint}`,
    });
  }
  return createPlatform({ provider, apiUrl, project, token });
}
