import { execFileSync } from 'node:child_process';
import { cloneRepository, GitCommandError } from '../../src/git';
import { resolveSigning, signingConfigArgs } from '../../src/git/signing';
import { GitopsSynthError } from '../../src/errors';
import {
  createGpgSigningKey,
  createSshSigningKey,
  stopGpgAgent,
  verifyCommit,
} from '../support/signing-keys';
import { TEST_IDENTITY } from '../support/git-server';
import { createWorkspace, writeFiles } from './workspace';

const ws = createWorkspace('git-signing');
const gpgHomes: string[] = [];
afterAll(() => {
  gpgHomes.forEach(stopGpgAgent);
  ws.cleanup();
});

async function commitIn(signing: Parameters<typeof signingConfigArgs>[0], env = ws.env) {
  const bare = ws.bare();
  const repo = await cloneRepository(bare.url, ws.cloneDir(), { branch: 'main', env, signing });
  writeFiles(repo.dir, { 'x.yaml': `x: ${Math.random()}\n` });
  await repo.stageAll();
  return { repo, sha: await repo.commit({ message: 'Signed change\n' }) };
}

describe('signed commits made by the git layer', () => {
  it('GIVEN --sign ssh with an SSH key WHEN committing THEN git verify-commit accepts the signature against an allowed-signers file', async () => {
    const key = createSshSigningKey(ws.root, TEST_IDENTITY.email);

    const { repo, sha } = await commitIn({ format: 'ssh', key: key.privateKey });

    const verified = verifyCommit(repo.dir, sha, { allowedSigners: key.allowedSigners });
    expect(verified.output).toContain('Good "git" signature');
    expect(verified.ok).toBe(true);
  });

  it('GIVEN an SSH-signed commit WHEN the allowed-signers file trusts another key THEN git verify-commit refuses it (the check can fail)', async () => {
    const key = createSshSigningKey(ws.root, TEST_IDENTITY.email);
    const stranger = createSshSigningKey(ws.root, TEST_IDENTITY.email);

    const { repo, sha } = await commitIn({ format: 'ssh', key: key.privateKey });

    expect(verifyCommit(repo.dir, sha, { allowedSigners: stranger.allowedSigners }).ok).toBe(false);
  });

  it('GIVEN no signing WHEN committing THEN the commit carries no signature and verify-commit refuses it', async () => {
    const key = createSshSigningKey(ws.root, TEST_IDENTITY.email);

    const { repo, sha } = await commitIn(undefined);

    expect(verifyCommit(repo.dir, sha, { allowedSigners: key.allowedSigners }).ok).toBe(false);
  });

  it('GIVEN --sign gpg with a key in a temporary GNUPGHOME WHEN committing THEN git verify-commit reports a good signature by that key', async () => {
    const key = createGpgSigningKey(ws.root, `${TEST_IDENTITY.name} <${TEST_IDENTITY.email}>`);
    gpgHomes.push(key.home);

    const { repo, sha } = await commitIn(
      { format: 'gpg', key: key.fingerprint },
      { ...ws.env, GNUPGHOME: key.home },
    );

    const verified = verifyCommit(repo.dir, sha, { gnupgHome: key.home });
    expect(verified.ok).toBe(true);
    expect(verified.output).toContain(`VALIDSIG ${key.fingerprint}`);
  });

  it('GIVEN --sign gpg with a key id the keyring lacks WHEN committing THEN the commit fails and nothing is committed', async () => {
    const key = createGpgSigningKey(ws.root, 'Other <other@example.test>');
    gpgHomes.push(key.home);
    const bare = ws.bare();
    const env = { ...ws.env, GNUPGHOME: key.home };
    const repo = await cloneRepository(bare.url, ws.cloneDir(), {
      branch: 'main',
      env,
      signing: { format: 'gpg', key: '0123456789ABCDEF0123456789ABCDEF01234567' },
    });
    const before = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo.dir, encoding: 'utf8' }).trim();
    writeFiles(repo.dir, { 'y.yaml': 'y\n' });
    await repo.stageAll();

    const attempt = repo.commit({ message: 'Must be signed\n' });

    await expect(attempt).rejects.toThrow(GitCommandError);
    await expect(attempt).rejects.toThrow(/git commit failed/);
    expect(execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo.dir, encoding: 'utf8' }).trim()).toBe(
      before,
    );
  });
});

describe('resolveSigning (--sign, --signing-key, GITOPS_SIGNING_KEY)', () => {
  it('GIVEN --sign ssh without a key WHEN resolving THEN it refuses, naming both ways to give one', async () => {
    await expect(resolveSigning('ssh', undefined, {})).rejects.toThrow(/--sign ssh: no signing key given/);
    await expect(resolveSigning('ssh', undefined, {})).rejects.toMatchObject({
      hint: expect.stringContaining('GITOPS_SIGNING_KEY'),
    });
  });

  it('GIVEN --sign ssh with GITOPS_SIGNING_KEY naming a missing file WHEN resolving THEN it refuses naming the variable', async () => {
    await expect(
      resolveSigning('ssh', undefined, { GITOPS_SIGNING_KEY: '/nonexistent/key' }),
    ).rejects.toThrow("GITOPS_SIGNING_KEY: '/nonexistent/key' is not a readable SSH private key file");
  });

  it('GIVEN --signing-key with --sign none WHEN resolving THEN it refuses, so a typo never publishes unsigned commits', async () => {
    await expect(resolveSigning('none', 'ABCDEF01', {})).rejects.toThrow(GitopsSynthError);
  });

  it('GIVEN a key starting with a dash WHEN resolving THEN it refuses it as an option in disguise', async () => {
    await expect(resolveSigning('gpg', '--output=/tmp/x', {})).rejects.toThrow(/starts with '-'/);
  });

  it('GIVEN --sign gpg with a fingerprint in GITOPS_SIGNING_KEY WHEN resolving THEN it is used; the flag wins over the variable', async () => {
    expect(await resolveSigning('gpg', undefined, { GITOPS_SIGNING_KEY: 'ABCD1234' })).toEqual({
      format: 'gpg',
      key: 'ABCD1234',
    });
    expect(await resolveSigning('gpg', 'FFFF0000', { GITOPS_SIGNING_KEY: 'ABCD1234' })).toEqual({
      format: 'gpg',
      key: 'FFFF0000',
    });
    expect(await resolveSigning('none', undefined, { GITOPS_SIGNING_KEY: 'ABCD1234' })).toBeUndefined();
  });
});
