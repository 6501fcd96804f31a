import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GitopsSynthError } from '../../../src/errors';
import {
  createGitHubAppTokenSource,
  githubAppFromEnv,
  TOKEN_REFRESH_MARGIN_MS,
} from '../../../src/platform/github/app-auth';
import { createPlatform } from '../../../src/platform/registry';
import { generateAppKey } from '../../support/forge/github-app';
import { LoopbackForge, startLoopbackForge } from '../../support/forge';

const APP_ID = 321;
const INSTALLATION_ID = 9876;
const key = generateAppKey();

describe('GitHub App installation tokens against the loopback forge', () => {
  let forge: LoopbackForge;
  let clock: number;

  beforeEach(async () => {
    clock = Date.now();
    forge = await startLoopbackForge({
      provider: 'github',
      project: 'acme/fleet',
      now: () => new Date(clock),
      app: { appId: APP_ID, installationId: INSTALLATION_ID, privateKeyPem: key.privateKeyPem },
    });
  });
  afterEach(() => forge.close());

  const source = (
    credentials: Partial<Parameters<typeof createGitHubAppTokenSource>[0]['credentials']> = {},
  ) =>
    createGitHubAppTokenSource({
      credentials: { appId: APP_ID, privateKey: key.privateKeyPem, ...credentials },
      apiUrl: forge.apiUrl,
      project: 'acme/fleet',
      now: () => clock,
    });

  it('GIVEN an App id and key and no installation id WHEN the source starts THEN it finds the installation from the repository and mints a token, every request valid against the OpenAPI description', async () => {
    const tokens = await source();

    expect(forge.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /repos/acme/fleet/installation 200',
      `POST /app/installations/${INSTALLATION_ID}/access_tokens 201`,
    ]);
    expect(await tokens.token()).toBe(forge.app!.minted[0].token);
    expect(tokens.permissions()).toMatchObject({ contents: 'write', pull_requests: 'write' });
    expect(forge.app!.refusedJwts).toEqual([]);
    expect(forge.validationFailures).toEqual([]);
  });

  it('GIVEN a token minted an hour before expiry WHEN asked again before and then inside the refresh margin THEN the same token, then a new one; the forge refuses the old one once it has expired', async () => {
    const tokens = await source({ installationId: INSTALLATION_ID });
    const first = await tokens.token();
    const platform = createPlatform({
      provider: 'github',
      apiUrl: forge.apiUrl,
      project: 'acme/fleet',
      token: first,
      tokenSource: tokens,
    });

    clock += 3600_000 - TOKEN_REFRESH_MARGIN_MS - 60_000;
    expect(await tokens.token()).toBe(first);
    clock += 120_000;
    const second = await tokens.token();
    expect(second).not.toBe(first);
    expect(tokens.issued()).toEqual([first, second]);

    clock += TOKEN_REFRESH_MARGIN_MS; // the first token has expired now; the second has not
    await expect(platform.findPullRequest('gitops/x')).resolves.toBeUndefined();
    const sent = await fetch(`${forge.apiUrl}/repos/acme/fleet/pulls`, {
      headers: { authorization: `token ${first}` },
    });
    expect(sent.status).toBe(401);
    expect(forge.app!.minted).toHaveLength(2);
    expect(forge.validationFailures).toEqual([]);
  });

  it('GIVEN a long run that outlives a token WHEN the platform calls the API after the refresh point THEN it mints a new token on its own and the call succeeds', async () => {
    const tokens = await source();
    const platform = createPlatform({
      provider: 'github',
      apiUrl: forge.apiUrl,
      project: 'acme/fleet',
      token: await tokens.token(),
      tokenSource: tokens,
    });

    clock += 3 * 3600_000;

    await expect(platform.findPullRequest('gitops/x')).resolves.toBeUndefined();
    expect(forge.app!.minted).toHaveLength(2);
  });

  it('GIVEN a private key that is not the App key WHEN the source starts THEN it stops with a user error that says which key to check and quotes no JWT', async () => {
    const attempt = createGitHubAppTokenSource({
      credentials: { appId: APP_ID, privateKey: generateAppKey().privateKeyPem },
      apiUrl: forge.apiUrl,
      project: 'acme/fleet',
    });

    await expect(attempt).rejects.toMatchObject({
      code: 'GITHUB_APP_AUTH_FAILED',
      message: expect.stringContaining('(HTTP 401)'),
      hint: expect.stringContaining('private key is a current key of that App'),
    });
    await expect(attempt).rejects.not.toThrow(/eyJ/);
    expect(forge.app!.refusedJwts).toEqual(['signature does not verify with the App public key']);
    expect(forge.app!.minted).toEqual([]);
  });

  it('GIVEN an App not installed on the repository WHEN the source starts THEN it says to install the App there', async () => {
    const attempt = createGitHubAppTokenSource({
      credentials: { appId: APP_ID, privateKey: key.privateKeyPem },
      apiUrl: forge.apiUrl,
      project: 'acme/other',
    });

    await expect(attempt).rejects.toMatchObject({
      code: 'GITHUB_APP_AUTH_FAILED',
      hint: expect.stringContaining('install the App on acme/other'),
    });
  });
});

describe('githubAppFromEnv', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-app-env-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('GIVEN no App variable WHEN reading THEN there is no App', () => {
    expect(githubAppFromEnv({ GITOPS_TOKEN: 'x' })).toBeUndefined();
  });

  it('GIVEN an id, a key file and an installation id WHEN reading THEN all three are taken', () => {
    const file = path.join(tmp, 'app.pem');
    fs.writeFileSync(file, key.privateKeyPem);
    expect(
      githubAppFromEnv({
        GITOPS_GITHUB_APP_ID: '321',
        GITOPS_GITHUB_APP_PRIVATE_KEY_FILE: file,
        GITOPS_GITHUB_APP_INSTALLATION_ID: '55',
      }),
    ).toEqual({ appId: 321, privateKey: key.privateKeyPem.trim() + '\n', installationId: 55 });
  });

  it('GIVEN a key on one line with literal \\n (as CI secret stores keep it) WHEN reading THEN it is accepted', () => {
    const oneLine = key.privateKeyPem.trim().replace(/\n/g, '\\n');
    expect(
      githubAppFromEnv({ GITOPS_GITHUB_APP_ID: '1', GITOPS_GITHUB_APP_PRIVATE_KEY: oneLine })?.privateKey,
    ).toBe(key.privateKeyPem.trim() + '\n');
  });

  it.each([
    [
      { GITOPS_GITHUB_APP_ID: 'abc', GITOPS_GITHUB_APP_PRIVATE_KEY: 'k' },
      "GITOPS_GITHUB_APP_ID 'abc' is not an App id",
    ],
    [
      { GITOPS_GITHUB_APP_ID: '1' },
      'without GITOPS_GITHUB_APP_PRIVATE_KEY or GITOPS_GITHUB_APP_PRIVATE_KEY_FILE',
    ],
    [
      {
        GITOPS_GITHUB_APP_ID: '1',
        GITOPS_GITHUB_APP_PRIVATE_KEY: 'k',
        GITOPS_GITHUB_APP_PRIVATE_KEY_FILE: '/k',
      },
      'both GITOPS_GITHUB_APP_PRIVATE_KEY and GITOPS_GITHUB_APP_PRIVATE_KEY_FILE are set',
    ],
    [
      {
        GITOPS_GITHUB_APP_ID: '1',
        GITOPS_GITHUB_APP_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nsecretpart\n',
      },
      'GITOPS_GITHUB_APP_PRIVATE_KEY does not hold a PEM private key',
    ],
    [
      { GITOPS_GITHUB_APP_ID: '1', GITOPS_GITHUB_APP_PRIVATE_KEY_FILE: '/nonexistent/app.pem' },
      "cannot read the file '/nonexistent/app.pem' named by GITOPS_GITHUB_APP_PRIVATE_KEY_FILE: ENOENT",
    ],
    [
      { GITOPS_GITHUB_APP_ID: '1', GITOPS_GITHUB_APP_PRIVATE_KEY: 'k', GITOPS_TOKEN: 'ghp_x' },
      'both a GitHub App (GITOPS_GITHUB_APP_*) and a token (GITOPS_TOKEN or GITOPS_TOKEN_FILE) are set',
    ],
    [
      {
        GITOPS_GITHUB_APP_ID: '1',
        GITOPS_GITHUB_APP_PRIVATE_KEY: 'k',
        GITOPS_GITHUB_APP_INSTALLATION_ID: 'x1',
      },
      "GITOPS_GITHUB_APP_INSTALLATION_ID 'x1' is not an installation id",
    ],
  ])('GIVEN %j WHEN reading THEN it refuses before any network call', (env, message) => {
    let caught: unknown;
    try {
      githubAppFromEnv(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GitopsSynthError);
    expect((caught as GitopsSynthError).message).toContain(message);
    expect((caught as GitopsSynthError).message).not.toContain('secretpart');
  });
});
