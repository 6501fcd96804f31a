import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { branchSha, createBareRepository, startSmartHttpServer, testGitEnv } from '../support/git-server';
import { LoopbackForge, startLoopbackForge } from '../support/forge';
import { generateAppKey } from '../support/forge/github-app';
import { runCli } from '../support/cli';
import { hostFlags } from '../support/cli-fleet';

const examples = path.resolve(__dirname, '../../examples/intents');
const key = generateAppKey();

describe('gitops-synth publish as a GitHub App', () => {
  let tmp: string;
  let forge: LoopbackForge;
  let server: Awaited<ReturnType<typeof startSmartHttpServer>>;
  let bare: ReturnType<typeof createBareRepository>;
  let env: NodeJS.ProcessEnv;
  let intents: string;

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-app-'));
    forge = await startLoopbackForge({
      provider: 'github',
      project: 'acme/fleet',
      app: { appId: 1234, installationId: 777, privateKeyPem: key.privateKeyPem },
    });
    bare = createBareRepository({ root: tmp, name: 'fleet.git' });
    server = await startSmartHttpServer({
      projectRoot: tmp,
      token: 'static-token-not-given-to-the-cli',
      accepts: (password) => forge.acceptsToken(password),
    });
    intents = path.join(tmp, 'intents');
    fs.cpSync(examples, intents, { recursive: true });
    const keyFile = path.join(tmp, 'app.pem');
    fs.writeFileSync(keyFile, key.privateKeyPem, { mode: 0o600 });
    env = {
      ...testGitEnv(path.join(tmp, 'home')),
      XDG_CACHE_HOME: path.join(tmp, 'cache'),
      GITOPS_GITHUB_APP_ID: '1234',
      GITOPS_GITHUB_APP_PRIVATE_KEY_FILE: keyFile,
      GITOPS_AUTHOR_NAME: 'fleet-bot[bot]',
      GITOPS_AUTHOR_EMAIL: 'bot@example.org',
    };
  });

  afterEach(async () => {
    await server.close();
    await forge.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The host flags: the repository over HTTPS, the forge, and `provider`. */
  const host = (provider = 'github') =>
    hostFlags({ repo: `${server.url}/fleet.git`, provider, apiUrl: forge.apiUrl, project: 'acme/fleet' });

  const publish = () => runCli(['publish', '--intents', intents, ...host()], { cwd: tmp, env });

  it('GIVEN only GITOPS_GITHUB_APP_ID and a key file WHEN publishing over HTTPS THEN the installation is found, one token is minted and used for both the pushes and the pull requests, and neither key nor token is printed', async () => {
    const run = await publish();

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(forge.state.pulls.map((p) => p.branch).sort()).toEqual([
      'gitops/cluster-edge-1',
      'gitops/cluster-lab-1',
      'gitops/cluster-prod-1',
    ]);
    expect(branchSha(bare.dir, 'gitops/cluster-prod-1')).toMatch(/^[0-9a-f]{40}$/);
    expect(forge.app!.minted).toHaveLength(1);
    expect(forge.requests.slice(0, 2).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/acme/fleet/installation',
      'POST /app/installations/777/access_tokens',
    ]);
    expect(server.requests.some((r) => r.outcome === 'accepted' && r.path.endsWith('git-receive-pack'))).toBe(
      true,
    );
    expect(server.requests.filter((r) => r.outcome === 'rejected')).toEqual([]);
    expect(forge.validationFailures).toEqual([]);
    const keyBody = key.privateKeyPem.split('\n')[1];
    for (const text of [run.stdout, run.stderr]) {
      expect(text).not.toContain(forge.app!.minted[0].token);
      expect(text).not.toContain(keyBody);
    }
  });

  it('GIVEN an App key that is not the App key WHEN publishing THEN it stops before anything is pushed, naming the key to check', async () => {
    fs.writeFileSync(env.GITOPS_GITHUB_APP_PRIVATE_KEY_FILE!, generateAppKey().privateKeyPem);

    const run = await publish();

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('GitHub App: cannot find its installation on acme/fleet (HTTP 401)');
    expect(run.stderr).toContain('private key is a current key of that App');
    expect(branchSha(bare.dir, 'gitops/cluster-prod-1')).toBeUndefined();
    expect(server.requests).toEqual([]);
  });

  it('GIVEN App variables and a GitLab remote WHEN publishing THEN it refuses: Apps exist on GitHub only', async () => {
    const run = await runCli(['publish', '--intents', intents, ...host('gitlab')], { cwd: tmp, env });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('GitHub Apps exist on GitHub only');
    expect(forge.requests).toEqual([]);
  });
  it('GIVEN a rollout policy and only the App variables WHEN publish, status and rollout read the repository over HTTPS THEN the installation token fetches it for each', async () => {
    fs.writeFileSync(
      path.join(tmp, 'gitops-synth.yaml'),
      'rollout:\n  waves:\n    - name: all\n      clusters: ["*"]\n',
    );
    // Publish's rollout gate fetches the working copy as status does.
    expect((await publish()).code).toBe(0);

    const status = await runCli(['status', ...host(), '--format', 'json'], { cwd: tmp, env });
    const rollout = await runCli(['rollout', ...host(), '--intents', intents, '--format', 'json'], {
      cwd: tmp,
      env,
    });

    expect([status.code, status.stderr]).toEqual([0, '']);
    expect(
      (JSON.parse(status.stdout) as { clusters: Array<{ id: string }> }).clusters.map((c) => c.id),
    ).toEqual(['cluster-edge-1', 'cluster-lab-1', 'cluster-prod-1']);
    expect([rollout.code, rollout.stderr]).toEqual([0, '']);
    expect(
      (JSON.parse(rollout.stdout) as { waves: Array<{ clusters: unknown[] }> }).waves[0].clusters,
    ).toHaveLength(3);
    // git asks without credentials first (answered 401, "missing"), then with the App's token: none was refused.
    expect(server.requests.filter((r) => r.outcome === 'rejected')).toEqual([]);
    const fetches = server.requests.filter(
      (r) => r.outcome === 'accepted' && r.path.endsWith('git-upload-pack'),
    );
    expect(fetches.length).toBeGreaterThan(2);
    expect(forge.validationFailures).toEqual([]);
  });
});
