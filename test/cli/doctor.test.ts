import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createBareRepository, testGitEnv } from '../support/git-server';
import { LoopbackForge, startLoopbackForge } from '../support/forge';
import { runCli } from '../support/cli';
import { createSshSigningKey } from '../support/signing-keys';

describe('gitops-synth doctor', () => {
  let tmp: string;
  let forge: LoopbackForge;
  let bare: ReturnType<typeof createBareRepository>;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-doctor-'));
    bare = createBareRepository({ root: tmp, name: 'fleet.git' });
    env = { ...testGitEnv(path.join(tmp, 'home')), XDG_CACHE_HOME: path.join(tmp, 'cache') };
  });

  afterEach(async () => {
    await forge.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const doctor = (...extra: string[]) =>
    runCli(
      [
        'doctor',
        '--repo',
        bare.url,
        '--provider',
        'github',
        '--api-url',
        forge.apiUrl,
        '--project',
        'acme/fleet',
        ...extra,
      ],
      { cwd: tmp, env },
    );

  it('GIVEN a healthy setup (token with push rights, existing base, ssh key) WHEN running doctor THEN every check holds, in text and in JSON, and nothing is written', async () => {
    forge = await startLoopbackForge({
      provider: 'github',
      project: 'acme/fleet',
      access: { gitDir: bare.dir },
    });
    env.GITOPS_TOKEN = forge.token;
    const key = createSshSigningKey(tmp, 'bot@example.org');

    const text = await doctor('--sign', 'ssh', '--signing-key', key.privateKey);
    const json = await doctor('--sign', 'ssh', '--signing-key', key.privateKey, '--format', 'json');

    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^\[ok\] {3}node: v\d+/m);
    expect(text.stdout).toMatch(/^\[ok\] {3}git: \d+\.\d+/m);
    expect(text.stdout).toMatch(/^\[ok\] {3}CRD schemas: \d+ served versions loaded/m);
    expect(text.stdout).toContain('[ok]   push branches: the token may');
    expect(text.stdout).toContain("[ok]   base branch 'main': exists");
    expect(text.stdout).toContain('Ready: nothing is missing.');
    expect(text.stdout).not.toContain(forge.token);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      ready: boolean;
      checks: Array<{ id: string; status: string }>;
    };
    expect(report.ready).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual([
      'node',
      'git',
      'crds',
      'credential',
      'signing',
      'host.push',
      'host.pull-requests',
      'host.base',
      'host.signatures',
      'host.linear-history',
    ]);
    expect(forge.writes()).toEqual([]);
    expect(forge.validationFailures).toEqual([]);
  });

  it('GIVEN a broken setup (read-only token, missing base, unreadable signing key, signatures required) WHEN running doctor THEN each problem is marked FAIL with its fix, and it exits 1', async () => {
    forge = await startLoopbackForge({
      provider: 'github',
      project: 'acme/fleet',
      access: {
        gitDir: bare.dir,
        permissions: { admin: false, push: false, pull: true },
        rules: ['required_signatures'],
      },
    });
    env.GITOPS_TOKEN = forge.token;

    const text = await doctor('--base', 'release', '--sign', 'gpg', '--signing-key', 'DEADBEEFDEADBEEF');
    const json = await doctor('--format', 'json'); // base main exists, so its rules are read

    expect(text.code).toBe(1);
    expect(text.stdout).toContain('[FAIL] signing (--sign gpg)');
    expect(text.stdout).toContain('[FAIL] push branches: the token may not');
    expect(text.stdout).toContain('fix: give the token Contents: Read and write');
    expect(text.stdout).toContain("[FAIL] base branch 'release': does not exist on the host");
    expect(text.stdout).toContain('Not ready: fix what is marked FAIL.');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as {
      ready: boolean;
      checks: Array<{ id: string; status: string; fix?: string }>;
    };
    expect(report.ready).toBe(false);
    expect(report.checks.find((c) => c.id === 'host.signatures')).toMatchObject({ status: 'missing' });
    expect(forge.writes()).toEqual([]);
  });

  it('GIVEN no credential at all WHEN running doctor THEN the credential and the host are marked FAIL', async () => {
    forge = await startLoopbackForge({ provider: 'github', project: 'acme/fleet' });

    const run = await doctor();

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '[FAIL] credential: no GITOPS_TOKEN, GITOPS_TOKEN_FILE or GITOPS_GITHUB_APP_ID',
    );
    expect(run.stdout).toContain('[FAIL] Git host:');
    expect(forge.requests).toEqual([]);
  });
});
