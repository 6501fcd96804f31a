import { cloneRepository } from '../../src/git';
import { createGitHubAppTokenSource, TOKEN_REFRESH_MARGIN_MS } from '../../src/platform/github/app-auth';
import { LoopbackForge, startLoopbackForge } from '../support/forge';
import { generateAppKey } from '../support/forge/github-app';
import { branchSha, startSmartHttpServer, type SmartHttpServer } from '../support/git-server';
import { createWorkspace, writeFiles } from './workspace';

const ws = createWorkspace('git-app-token');
const key = generateAppKey();
let clock = Date.now();
let forge: LoopbackForge;
let server: SmartHttpServer;

beforeAll(async () => {
  forge = await startLoopbackForge({
    provider: 'github',
    project: 'acme/fleet',
    now: () => new Date(clock),
    app: { appId: 5, installationId: 6, privateKeyPem: key.privateKeyPem },
  });
  // The git server accepts what the forge minted and has not expired, as GitHub's git endpoint does.
  server = await startSmartHttpServer({
    projectRoot: ws.root,
    token: 'no-static-token-is-used-here',
    accepts: (password) => forge.acceptsToken(password),
  });
});
afterAll(async () => {
  await server.close();
  await forge.close();
  ws.cleanup();
});

describe('git over HTTPS with GitHub App installation tokens', () => {
  it('GIVEN a clone made with one installation token WHEN the push comes after that token expired THEN git gets a fresh token and the push lands', async () => {
    const bare = ws.bare({ name: 'app.git' });
    const tokens = await createGitHubAppTokenSource({
      credentials: { appId: 5, privateKey: key.privateKeyPem, installationId: 6 },
      apiUrl: forge.apiUrl,
      project: 'acme/fleet',
      now: () => clock,
    });
    const repo = await cloneRepository(`${server.url}/app.git`, ws.cloneDir(), {
      branch: 'main',
      env: ws.env,
      tokenSource: tokens,
    });
    await repo.checkoutBranch('gitops/app', 'origin/main');
    writeFiles(repo.dir, { 'clusters/a/app.yaml': 'a\n' });
    await repo.stageAll();
    const sha = await repo.commit({ message: 'App push\n' });
    const first = tokens.issued()[0];

    clock += 3600_000 + TOKEN_REFRESH_MARGIN_MS; // the clone's token is dead now
    expect(forge.acceptsToken(first)).toBe(false);
    const pushed = await repo.pushWithLease({ branch: 'gitops/app', expectedSha: null, localSha: sha });

    expect(pushed.status).toBe('pushed');
    expect(branchSha(bare.dir, 'gitops/app')).toBe(sha);
    expect(tokens.issued()).toHaveLength(2);
    expect(server.requests.filter((r) => r.outcome === 'rejected')).toEqual([]);
    expect(server.requests.filter((r) => r.outcome === 'accepted').map((r) => r.username)).toContain(
      'x-access-token',
    );
  });
});
