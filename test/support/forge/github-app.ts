/**
 * GitHub App authentication on the loopback forge, as GitHub documents it: the App
 * signs a JWT (RS256, `iss` = the App's id, at most 10 minutes between `iat` and
 * `exp`) with its private key; with that JWT it may ask for the installation on a
 * repository and mint an installation access token, which then authenticates API
 * calls and git over HTTPS until `expires_at`. The forge verifies each JWT's signature
 * with the App's public key, so only a JWT made from the real key is accepted.
 */
import { createPublicKey, generateKeyPairSync, KeyObject, randomBytes, verify } from 'node:crypto';
import description from './openapi/github.json';
import { ForgeReply, ForgeRequest, isoSeconds } from './handlers';
import { build } from './sample';

const doc = description as unknown as Record<string, unknown>;

/** How the forge's App is set up. */
export interface ForgeAppOptions {
  readonly appId: number;
  readonly installationId: number;
  /** The App's private key (PEM); its public key verifies every JWT. */
  readonly privateKeyPem: string;
  /** The permissions installation tokens carry (GitHub's names: contents, pull_requests, ...). */
  readonly permissions?: Record<string, 'read' | 'write'>;
  /** How long a minted token lives (GitHub: one hour). */
  readonly tokenTtlMs?: number;
}

/** The App's side of the forge's state. */
export interface ForgeApp {
  readonly options: ForgeAppOptions;
  readonly publicKey: KeyObject;
  /** Every token minted, oldest first, with when it expires. */
  readonly minted: Array<{ token: string; expiresAt: Date }>;
  /** JWTs refused, with the reason (tests assert it stays empty on the happy path). */
  readonly refusedJwts: string[];
}

/** A fresh RSA key pair for an App, as GitHub hands out (PEM, PKCS#1). */
export function generateAppKey(): { privateKeyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() };
}

export function createForgeApp(options: ForgeAppOptions): ForgeApp {
  return { options, publicKey: createPublicKey(options.privateKeyPem), minted: [], refusedJwts: [] };
}

/** The paths only an App's JWT may call. */
export function needsAppJwt(path: string): boolean {
  return path.startsWith('/app/') || /^\/repos\/[^/]+\/[^/]+\/installation$/.test(path);
}

/** Checks `Authorization: Bearer <jwt>`; returns why it is refused, or undefined. */
export function jwtProblem(app: ForgeApp, authorization: string, now: Date): string | undefined {
  const match = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/i.exec(authorization);
  if (match === null) return 'not a Bearer JWT';
  const [, header, payload, signature] = match;
  const decode = (part: string): Record<string, unknown> =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (decode(header).alg !== 'RS256') return 'alg is not RS256';
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${header}.${payload}`),
    app.publicKey,
    Buffer.from(signature, 'base64url'),
  );
  if (!signed) return 'signature does not verify with the App public key';
  const claims = decode(payload);
  const seconds = Math.floor(now.getTime() / 1000);
  if (String(claims.iss) !== String(app.options.appId)) return `iss ${String(claims.iss)} is not the App id`;
  if (typeof claims.exp !== 'number' || claims.exp <= seconds) return 'expired';
  if (typeof claims.iat !== 'number' || claims.iat > seconds + 60) return 'iat is in the future';
  if (claims.exp - claims.iat > 600) return 'exp is more than 10 minutes after iat';
  return undefined;
}

/** True when `token` is an installation token the forge minted that has not expired. */
export function isLiveInstallationToken(app: ForgeApp | undefined, token: string, now: Date): boolean {
  return app?.minted.some((m) => m.token === token && m.expiresAt.getTime() > now.getTime()) === true;
}

/** The two App operations, keyed like every other handler. */
export function appHandlers(app: ForgeApp): Record<string, (request: ForgeRequest) => ForgeReply> {
  const { options } = app;
  const permissions = options.permissions ?? { contents: 'write', pull_requests: 'write', metadata: 'read' };
  const installation = (request: ForgeRequest): unknown => {
    const owner = request.state.project.split('/')[0];
    return build(doc, '#/components/schemas/installation', {
      id: options.installationId,
      app_id: options.appId,
      app_slug: 'gitops-synth-test',
      target_id: 1,
      target_type: 'Organization',
      account: build(doc, '#/components/schemas/simple-user', { login: owner, id: 1, type: 'Organization' }),
      permissions,
      repository_selection: 'selected',
      access_tokens_url: `${request.origin}/app/installations/${options.installationId}/access_tokens`,
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2024-01-01T00:00:00Z',
    });
  };
  return {
    'GET /repos/{owner}/{repo}/installation': (request) => {
      const project = `${request.params.owner}/${request.params.repo}`;
      if (project.toLowerCase() !== request.state.project.toLowerCase()) {
        return {
          status: 404,
          body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
        };
      }
      return { status: 200, body: installation(request) };
    },
    'POST /app/installations/{installation_id}/access_tokens': (request) => {
      if (Number(request.params.installation_id) !== options.installationId) {
        return {
          status: 404,
          body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
        };
      }
      const token = `ghs_${randomBytes(18).toString('hex')}`;
      const expiresAt = new Date(request.now().getTime() + (options.tokenTtlMs ?? 3600_000));
      app.minted.push({ token, expiresAt });
      return {
        status: 201,
        body: build(doc, '#/components/schemas/installation-token', {
          token,
          expires_at: isoSeconds(expiresAt),
          permissions,
          repository_selection: 'selected',
        }),
      };
    },
  };
}
