import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitCredentialsError, loadGitCredentials, gitRemote } from '../../src/git';

const dir = mkdtempSync(join(tmpdir(), 'git-credentials-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadGitCredentials', () => {
  it('GIVEN GITOPS_TOKEN_FILE with a trailing newline WHEN loaded THEN the token is read and trimmed', async () => {
    const file = join(dir, 'token');
    writeFileSync(file, 'tok-123456\n');

    await expect(loadGitCredentials({ GITOPS_TOKEN_FILE: file })).resolves.toEqual({
      token: 'tok-123456',
      tokenUsername: 'x-access-token',
    });
  });

  it('GIVEN both GITOPS_TOKEN and GITOPS_TOKEN_FILE WHEN loaded THEN it refuses to guess', async () => {
    await expect(
      loadGitCredentials({ GITOPS_TOKEN: 'a-token', GITOPS_TOKEN_FILE: '/x' }),
    ).rejects.toMatchObject({ code: 'GIT_CREDENTIALS_INVALID' });
  });

  it('GIVEN a token with an embedded newline WHEN loaded THEN it is refused without quoting the token', async () => {
    const error = await loadGitCredentials({ GITOPS_TOKEN: 'first-part\nsecond-part' }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(GitCredentialsError);
    expect((error as Error).message).not.toContain('first-part');
  });

  it('GIVEN a GITOPS_SSH_KEY that does not exist WHEN loaded THEN the error names the variable and the path', async () => {
    await expect(loadGitCredentials({ GITOPS_SSH_KEY: join(dir, 'missing') })).rejects.toThrow(
      /GITOPS_SSH_KEY names '.*missing'/,
    );
  });

  it('GIVEN a GITOPS_TOKEN_FILE that does not exist WHEN loaded THEN the error names the variable and the file', async () => {
    await expect(loadGitCredentials({ GITOPS_TOKEN_FILE: join(dir, 'absent') })).rejects.toThrow(
      /GITOPS_TOKEN_FILE \('.*absent'\): ENOENT/,
    );
  });
});

describe('gitRemote', () => {
  it.each([
    ['https://github.com/o/r.git', 'https', true],
    ['http://127.0.0.1:9/r.git', 'http', true],
    ['http://gitea.internal/r.git', 'http', false],
    ['ssh://git@github.com/o/r.git', 'ssh', false],
    ['git@github.com:o/r.git', 'ssh', false],
    ['file:///srv/r.git', 'file', false],
    ['/srv/r.git', 'file', false],
  ])(
    'GIVEN %s WHEN parsed THEN the transport is %s and a token may be sent: %s',
    (url, transport, mayReceiveToken) => {
      expect(gitRemote(url)).toMatchObject({ transport, mayReceiveToken });
    },
  );

  it.each([
    'https://user:pw@github.com/o/r.git',
    'https://ghp_token@github.com/o/r.git',
    'ssh://git:pw@host/r.git',
  ])('GIVEN %s WHEN parsed THEN the credential in it is refused', (url) => {
    expect(() => gitRemote(url)).toThrow(expect.objectContaining({ code: 'GIT_ARGUMENT_INVALID' }));
  });
});
