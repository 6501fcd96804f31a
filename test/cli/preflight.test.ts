import { branchSha } from '../support/git-server';
import { generateAppKey } from '../support/forge/github-app';
import { useForgeCli } from '../support/forge-cli';
import { createSshSigningKey } from '../support/signing-keys';

describe('the preflight of publish and rollback', () => {
  const f = useForgeCli('github', 'acme/fleet');

  it('GIVEN a read-only token WHEN publishing THEN it stops before cloning or pushing, with one message naming the missing right and how to grant it', async () => {
    await f.start({ access: { permissions: { admin: false, push: false, pull: true } } });

    const run = await f.cli('publish', '--intents', f.intents);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('publish cannot run; nothing was pushed or changed. Missing:');
    expect(run.stderr).toContain('push branches: the token may not');
    expect(run.stderr).toContain('grant it: give the token Contents: Read and write');
    expect(run.stderr).not.toContain('open pull requests');
    f.expectNothingHappened();
  });

  it('GIVEN a GitHub App installed with read-only contents and no pull-request permission WHEN publishing THEN both missing permissions are named in the one message', async () => {
    const key = generateAppKey();
    await f.start({
      app: {
        appId: 8,
        installationId: 9,
        privateKeyPem: key.privateKeyPem,
        permissions: { contents: 'read', metadata: 'read' },
      },
    });
    delete f.env.GITOPS_TOKEN;
    f.env.GITOPS_GITHUB_APP_ID = '8';
    f.env.GITOPS_GITHUB_APP_PRIVATE_KEY = key.privateKeyPem;

    const run = await f.cli('publish', '--intents', f.intents);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('push branches: the GitHub App installation may not');
    expect(run.stderr).toContain('open pull requests: the GitHub App installation may not');
    expect(run.stderr).toContain('Pull requests: Read and write');
    expect(f.forge.writes().map((r) => r.path)).toEqual(['/app/installations/9/access_tokens']);
    expect(branchSha(f.bare.dir, 'gitops/cluster-prod-1')).toBeUndefined();
  });

  it('GIVEN a base branch the repository does not have WHEN publishing THEN it says so and how to fix it', async () => {
    await f.start({});

    const run = await f.cli('publish', '--intents', f.intents, '--base', 'release');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("base branch 'release': does not exist on the host");
    expect(run.stderr).toContain("create 'release'");
    f.expectNothingHappened();
  });

  it('GIVEN a base that requires signed commits WHEN publishing unsigned THEN it stops naming --sign; WHEN signing with ssh THEN it publishes', async () => {
    await f.start({ access: { rules: ['required_signatures', 'required_linear_history'] } });

    const unsigned = await f.cli('publish', '--intents', f.intents);

    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toContain(
      'signed commits: the base branch requires signed commits and --sign is none',
    );
    expect(unsigned.stderr).toContain('pass --sign ssh or --sign gpg with --signing-key');
    f.expectNothingHappened();

    const key = createSshSigningKey(f.tmp, 'bot@example.org');
    const signed = await f.cli(
      'publish',
      '--intents',
      f.intents,
      '--sign',
      'ssh',
      '--signing-key',
      key.privateKey,
    );
    expect(signed.stderr).toBe('');
    expect(signed.code).toBe(0);
    expect(branchSha(f.bare.dir, 'gitops/cluster-prod-1')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('GIVEN a read-only token WHEN rolling back THEN it stops the same way before touching anything', async () => {
    await f.start({ access: { permissions: { admin: false, push: false, pull: true } } });

    const run = await f.cli('rollback', '--commit', 'abcdef1234');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('rollback cannot run; nothing was pushed or changed');
    f.expectNothingHappened();
  });
});
