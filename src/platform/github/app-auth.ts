/**
 * GitHub App authentication: installation access tokens minted by @octokit/auth-app
 * (version 6, the last that loads under CommonJS) from the App's id and private key,
 * for the installation on the repository (found from the repository when no id is
 * given), and minted again before the current one expires.
 *
 * Read from the environment the CLI passes in (never `process.env` here):
 * GITOPS_GITHUB_APP_ID, GITOPS_GITHUB_APP_PRIVATE_KEY or GITOPS_GITHUB_APP_PRIVATE_KEY_FILE,
 * GITOPS_GITHUB_APP_INSTALLATION_ID (optional).
 */
import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TokenSource } from '../../contract/token-source';
import { GitopsSynthError } from '../../errors';
import { createHostFetch, FetchLike } from '../http';

/** The variables {@link githubAppFromEnv} reads. */
export const GITHUB_APP_ENV_VARS = [
  'GITOPS_GITHUB_APP_ID',
  'GITOPS_GITHUB_APP_PRIVATE_KEY',
  'GITOPS_GITHUB_APP_PRIVATE_KEY_FILE',
  'GITOPS_GITHUB_APP_INSTALLATION_ID',
] as const;

/** How long before expiry a token is replaced: longer than any single git push or API call takes. */
export const TOKEN_REFRESH_MARGIN_MS = 10 * 60 * 1000;

/** The App's credentials, checked. Never print this object. */
export interface GitHubAppCredentials {
  readonly appId: number;
  readonly privateKey: string;
  readonly installationId?: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function set(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function appError(message: string, hint: string): GitopsSynthError {
  return new GitopsSynthError('GITHUB_APP_INVALID', message, { hint });
}

/** True when any App variable is set: the caller then uses the App, not GITOPS_TOKEN. */
export function wantsGitHubApp(env: Env): boolean {
  return GITHUB_APP_ENV_VARS.some((name) => set(env[name]));
}

/**
 * Reads and checks the App's variables (before any network call); undefined when none
 * is set. The key is parsed here, so a truncated or mangled key is named at once,
 * without quoting it.
 */
export function githubAppFromEnv(env: Env): GitHubAppCredentials | undefined {
  if (!wantsGitHubApp(env)) return undefined;
  if (set(env.GITOPS_TOKEN) || set(env.GITOPS_TOKEN_FILE)) {
    throw appError(
      'both a GitHub App (GITOPS_GITHUB_APP_*) and a token (GITOPS_TOKEN or GITOPS_TOKEN_FILE) are set',
      'set only one, so it is clear which credential pushes and opens pull requests',
    );
  }
  const id = env.GITOPS_GITHUB_APP_ID ?? '';
  if (!/^[1-9]\d{0,15}$/.test(id.trim())) {
    throw appError(
      `GITOPS_GITHUB_APP_ID '${id}' is not an App id (a positive number)`,
      "the App id is on the App's settings page (About: App ID)",
    );
  }
  const installation = env.GITOPS_GITHUB_APP_INSTALLATION_ID;
  if (set(installation) && !/^[1-9]\d{0,15}$/.test(installation.trim())) {
    throw appError(
      `GITOPS_GITHUB_APP_INSTALLATION_ID '${installation}' is not an installation id (a positive number)`,
      'leave it unset to find the installation from the repository',
    );
  }
  const privateKey = readPrivateKey(env);
  return {
    appId: Number(id.trim()),
    privateKey,
    installationId: set(installation) ? Number(installation.trim()) : undefined,
  };
}

function readPrivateKey(env: Env): string {
  const inline = env.GITOPS_GITHUB_APP_PRIVATE_KEY;
  const file = env.GITOPS_GITHUB_APP_PRIVATE_KEY_FILE;
  if (set(inline) === set(file)) {
    throw appError(
      set(inline)
        ? 'both GITOPS_GITHUB_APP_PRIVATE_KEY and GITOPS_GITHUB_APP_PRIVATE_KEY_FILE are set'
        : 'GITOPS_GITHUB_APP_ID is set without GITOPS_GITHUB_APP_PRIVATE_KEY or GITOPS_GITHUB_APP_PRIVATE_KEY_FILE',
      "set exactly one: the App's private key (PEM), or a file holding it",
    );
  }
  let pem: string;
  let where: string;
  if (set(file)) {
    where = `the file '${file}' named by GITOPS_GITHUB_APP_PRIVATE_KEY_FILE`;
    try {
      pem = readFileSync(file, 'utf8');
    } catch (error) {
      throw appError(
        `cannot read ${where}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
        'check that the file exists and is readable by this user',
      );
    }
  } else {
    where = 'GITOPS_GITHUB_APP_PRIVATE_KEY';
    // CI secret stores often hold a PEM on one line with literal \n.
    pem = inline!.includes('\n') ? inline! : inline!.replace(/\\n/g, '\n');
  }
  try {
    createPrivateKey(pem);
  } catch {
    throw appError(
      `${where} does not hold a PEM private key`,
      "download a private key from the App's settings page (Private keys) and pass the whole .pem file",
    );
  }
  return pem.trim() + '\n';
}

/** Options of {@link createGitHubAppTokenSource}. */
export interface GitHubAppTokenOptions {
  readonly credentials: GitHubAppCredentials;
  readonly apiUrl: string;
  /** `owner/name`: the repository whose installation is used when no id is given. */
  readonly project: string;
  readonly fetch?: FetchLike;
  /** The clock deciding when a token is close to expiry (tests move it). */
  readonly now?: () => number;
}

/**
 * Finds the installation (when not given) and mints its first token, so a wrong key,
 * a missing installation or an unreachable host stops the run before any side effect.
 */
export async function createGitHubAppTokenSource(options: GitHubAppTokenOptions): Promise<TokenSource> {
  const { credentials } = options;
  const now = options.now ?? Date.now;
  const request = new Octokit({
    baseUrl: options.apiUrl.replace(/\/+$/, ''),
    userAgent: 'gitops-synth',
    request: { fetch: createHostFetch({ fetch: options.fetch }) },
  }).request;
  const auth = createAppAuth({
    appId: credentials.appId,
    privateKey: credentials.privateKey,
    request,
    log: { warn: () => undefined },
  });
  const issued: string[] = [];
  const installationId =
    credentials.installationId ?? (await findInstallation(auth, request, options.project));
  let current: { token: string; expiresAt: number; permissions: Record<string, string> } | undefined;
  const mint = async (): Promise<string> => {
    const minted = await guarded('mint an installation token for', options.project, issued, () =>
      auth({ type: 'installation', installationId, refresh: true }),
    );
    issued.push(minted.token);
    current = {
      token: minted.token,
      expiresAt: Date.parse(minted.expiresAt),
      permissions: { ...(minted.permissions as Record<string, string>) },
    };
    return minted.token;
  };
  await mint();
  return {
    kind: 'github-app',
    token: async () =>
      current !== undefined && current.expiresAt - now() > TOKEN_REFRESH_MARGIN_MS ? current.token : mint(),
    issued: () => [...issued],
    permissions: () => ({ ...(current?.permissions ?? {}) }),
  };
}

type AppAuth = ReturnType<typeof createAppAuth>;

/** The installation of the App on `project` (GET /repos/{owner}/{repo}/installation, as the App). */
async function findInstallation(
  auth: AppAuth,
  request: Octokit['request'],
  project: string,
): Promise<number> {
  const [owner, repo] = project.split('/');
  const { token: jwt } = await guarded('sign the App JWT for', project, [], () => auth({ type: 'app' }));
  const found = await guarded('find its installation on', project, [jwt], () =>
    request('GET /repos/{owner}/{repo}/installation', {
      owner,
      repo,
      headers: { authorization: `bearer ${jwt}` },
    }),
  );
  return found.data.id;
}

/** Runs one App call, turning a failure into a user error that says what to fix (and quotes no secret). */
async function guarded<T>(
  what: string,
  project: string,
  secrets: readonly string[],
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    let text = error instanceof Error ? error.message : String(error);
    for (const secret of secrets) text = text.split(secret).join('***');
    const hint =
      status === 404
        ? `install the App on ${project} (the App's page: Install App), or set GITOPS_GITHUB_APP_INSTALLATION_ID to an installation that includes it`
        : status === 401
          ? 'check GITOPS_GITHUB_APP_ID and that the private key is a current key of that App (keys revoked on the App page stop working)'
          : "check the host's API URL (--api-url) and that the App is allowed there";
    throw new GitopsSynthError(
      'GITHUB_APP_AUTH_FAILED',
      `GitHub App: cannot ${what} ${project}${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${text}`,
      { source: typeof status === 'number' && status < 500 ? 'user' : 'external', hint },
    );
  }
}
