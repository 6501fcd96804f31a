import { createCliFleet, CliFleet } from '../support/cli-fleet';
import { createSshSigningKey } from '../support/signing-keys';

describe('gitops-synth doctor', () => {
  let fleet: CliFleet;
  // Each test starts the forge it needs: the token's rights and the host's rules are what doctor reports.
  beforeEach(async () => {
    fleet = await createCliFleet({ name: 'doctor', forge: false });
  });
  afterEach(() => fleet.close());

  // The host flags follow the forge the test started (GitHub, or GitLab in the last test).
  const doctor = (...extra: string[]) => fleet.run(['doctor', ...fleet.hostFlags(), ...extra]);

  it('GIVEN a healthy setup (token with push rights, existing base, ssh key) WHEN running doctor THEN every check holds, in text and in JSON, and nothing is written', async () => {
    await fleet.start({});
    const key = createSshSigningKey(fleet.tmp, 'bot@example.org');

    const text = await doctor('--sign', 'ssh', '--signing-key', key.privateKey);
    const json = await doctor('--sign', 'ssh', '--signing-key', key.privateKey, '--format', 'json');

    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^\[ok\] {3}node: v\d+/m);
    expect(text.stdout).toMatch(/^\[ok\] {3}git: \d+\.\d+/m);
    expect(text.stdout).toMatch(/^\[ok\] {3}CRD schemas: \d+ served versions loaded/m);
    expect(text.stdout).toContain('[ok]   push branches: the token may');
    expect(text.stdout).toContain("[ok]   base branch 'main': exists");
    expect(text.stdout).toContain('Ready: nothing is missing.');
    expect(text.stdout).not.toContain(fleet.forge.token);
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
    expect(fleet.forge.writes()).toEqual([]);
    expect(fleet.forge.validationFailures).toEqual([]);
  });

  it('GIVEN a broken setup (read-only token, missing base, unreadable signing key, signatures required) WHEN running doctor THEN each problem is marked FAIL with its fix, and it exits 1', async () => {
    await fleet.start({
      access: { permissions: { admin: false, push: false, pull: true }, rules: ['required_signatures'] },
    });

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
    expect(fleet.forge.writes()).toEqual([]);
  });

  it('GIVEN no credential at all WHEN running doctor THEN the credential and the host are marked FAIL', async () => {
    await fleet.start({});
    delete fleet.env.GITOPS_TOKEN;

    const run = await doctor();

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '[FAIL] credential: no GITOPS_TOKEN, GITOPS_TOKEN_FILE or GITOPS_GITHUB_APP_ID',
    );
    expect(run.stdout).toContain('[FAIL] Git host:');
    expect(fleet.forge.requests).toEqual([]);
  });
  it('GIVEN GitLab with a Developer token, a push rule it may not read and fast-forward merges WHEN running doctor THEN the host checks hold, the unread push rule and the linear history are warnings, and nothing is written', async () => {
    await fleet.start({
      provider: 'gitlab',
      project: 'platform/fleet/gitops',
      access: { accessLevel: 30, rules: ['required_signatures'], mergeMethod: 'ff' },
    });

    const text = await doctor();
    const missingBase = await doctor('--base', 'release');

    expect(text.code).toBe(0);
    expect(text.stdout).toContain('[ok]   push branches: the token may');
    expect(text.stdout).toContain('[ok]   open pull requests: the token may');
    expect(text.stdout).toContain("[ok]   base branch 'main': exists");
    expect(text.stdout).toContain(
      "[warn] signed commits: not known: GitLab refused to show the project's push rules (reading them needs the Maintainer role); --sign none",
    );
    expect(text.stdout).toContain("[warn] linear history: the project's merge method is fast-forward");
    expect(text.stdout).not.toContain('[skip]');
    expect(text.stdout).toContain('Ready: nothing is missing.');
    expect(missingBase.code).toBe(1);
    expect(missingBase.stdout).toContain("[FAIL] base branch 'release': does not exist on the host");
    expect(fleet.forge.writes()).toEqual([]);
    expect(fleet.forge.validationFailures).toEqual([]);
  });
});
