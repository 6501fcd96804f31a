import { buildGitProcessEnvironment, gitRemote, sshCommand } from '../../src/git';
import { CREDENTIAL_HELPER, TOKEN_ENV_VAR } from '../../src/git/environment';

const TOKEN = 'glpat-secret-token-value';
const credentials = { token: TOKEN, tokenUsername: 'oauth2' };
const caller = {
  PATH: '/usr/bin',
  HOME: '/home/ci',
  GITOPS_TOKEN: TOKEN,
  GIT_TRACE_CURL: '1',
  GIT_ASKPASS: '/bin/ask',
  GIT_SSL_CAINFO: '/ca.pem',
  LANG: 'de_DE.UTF-8',
  EDITOR: 'vim',
};

describe('buildGitProcessEnvironment', () => {
  it('GIVEN an https remote and a token WHEN built THEN the token is only in its variable, and the helper is scoped to the origin after a reset', () => {
    const built = buildGitProcessEnvironment(
      caller,
      credentials,
      gitRemote('https://gitlab.example.test:8443/fleet/gitops.git'),
    );

    expect(built.env[TOKEN_ENV_VAR]).toBe(TOKEN);
    const holding = Object.entries(built.env)
      .filter(([, value]) => value.includes(TOKEN))
      .map(([name]) => name);
    expect(holding).toEqual([TOKEN_ENV_VAR]);
    expect(built.env).toMatchObject({
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'credential.helper',
      GIT_CONFIG_VALUE_0: '',
      GIT_CONFIG_KEY_1: 'credential.https://gitlab.example.test:8443.helper',
      GIT_CONFIG_VALUE_1: CREDENTIAL_HELPER,
      GIT_TERMINAL_PROMPT: '0',
      LC_ALL: 'C',
      GIT_SSL_CAINFO: '/ca.pem',
      PATH: '/usr/bin',
      HOME: '/home/ci',
    });
    expect(built.secrets).toContain(TOKEN);
  });

  it('GIVEN ambient git, editor, locale and raw credential variables WHEN built THEN they are dropped', () => {
    const built = buildGitProcessEnvironment(caller, credentials, gitRemote('https://example.test/r.git'));

    for (const name of ['GITOPS_TOKEN', 'GIT_TRACE_CURL', 'GIT_ASKPASS', 'LANG', 'EDITOR']) {
      expect(built.env[name]).toBeUndefined();
    }
    expect(built.allowEnvironment).toEqual(
      expect.arrayContaining(['GIT_CONFIG_COUNT', 'GIT_SSH_COMMAND', 'GIT_TERMINAL_PROMPT']),
    );
  });

  it('GIVEN the commit identity variables git documents WHEN built THEN they are passed on, and other GIT_ variables still are not', () => {
    const identity = {
      GIT_AUTHOR_NAME: 'A',
      GIT_AUTHOR_EMAIL: 'a@example.test',
      GIT_COMMITTER_NAME: 'C',
      GIT_COMMITTER_EMAIL: 'c@example.test',
    };

    const built = buildGitProcessEnvironment(
      { ...caller, ...identity, GIT_AUTHOR_DATE: '@0' },
      credentials,
      undefined,
    );

    expect(built.env).toMatchObject(identity);
    expect(built.allowEnvironment).toEqual(expect.arrayContaining(Object.keys(identity)));
    expect(built.env.GIT_AUTHOR_DATE).toBeUndefined();
  });

  it.each([
    'http://gitea.example.test/r.git',
    'ssh://git@example.test/r.git',
    'git@example.test:r.git',
    'file:///srv/r.git',
  ])('GIVEN the remote %s WHEN built THEN no token is offered to it', (url) => {
    const built = buildGitProcessEnvironment(caller, credentials, gitRemote(url));

    expect(built.env[TOKEN_ENV_VAR]).toBeUndefined();
    expect(built.env.GIT_CONFIG_COUNT).toBe('1');
  });

  it('GIVEN plain http to the loopback address WHEN built THEN the token is offered (local test servers)', () => {
    expect(
      buildGitProcessEnvironment(caller, credentials, gitRemote('http://127.0.0.1:8080/r.git')).env[
        TOKEN_ENV_VAR
      ],
    ).toBe(TOKEN);
  });
});

describe('sshCommand', () => {
  it('GIVEN a deploy key and known_hosts with awkward paths WHEN built THEN they are quoted and only that key is used, strictly', () => {
    expect(
      sshCommand({ tokenUsername: 'x', sshKeyPath: "/keys/it's key", sshKnownHostsPath: '/etc/known hosts' }),
    ).toBe(
      "ssh -o BatchMode=yes -i '/keys/it'\\''s key' -o IdentitiesOnly=yes -o UserKnownHostsFile='/etc/known hosts' -o StrictHostKeyChecking=yes",
    );
  });

  it('GIVEN no key WHEN built THEN ssh still never prompts and checks host keys strictly', () => {
    expect(sshCommand({ tokenUsername: 'x' })).toBe('ssh -o BatchMode=yes -o StrictHostKeyChecking=yes');
  });
});

describe("git's environment and gitops-synth's own variables", () => {
  it('GIVEN a GitHub App private key and a signing key path in the caller environment WHEN building git environment THEN no GITOPS_* variable reaches git, so no hook or helper can read the key', () => {
    const built = buildGitProcessEnvironment(
      {
        PATH: '/usr/bin',
        GITOPS_GITHUB_APP_ID: '1',
        GITOPS_GITHUB_APP_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nsecret\n',
        GITOPS_SIGNING_KEY: '/keys/bot',
      },
      { tokenUsername: 'x-access-token', token: 'ghs_installation0token0value' },
      gitRemote('https://github.com/acme/fleet.git'),
    );

    // Only the two variables the credential helper reads, which the git layer sets itself.
    expect(
      Object.keys(built.env)
        .filter((name) => name.startsWith('GITOPS_'))
        .sort(),
    ).toEqual(['GITOPS_SYNTH_GIT_TOKEN', 'GITOPS_SYNTH_GIT_USERNAME']);
    expect(JSON.stringify(built.env)).not.toContain('BEGIN RSA PRIVATE KEY');
    expect(built.env[TOKEN_ENV_VAR]).toBe('ghs_installation0token0value');
  });
});
