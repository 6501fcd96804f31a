import { clusterRepositoryUrl } from '../src/bootstrap/repository-url';
import { bootstrapHost } from '../src/bootstrap/host';
import { gitRemote } from '../src/git/remote';
import { parseProjectFromRemote, requireProvider } from '../src/platform/remote';
import { displayRemoteUrl, parseRemoteUrl, remoteOrigin } from '../src/remote-url';

const SECRET = 's3cr3t-T0KEN';

describe('reading a remote URL (one parser for git, platform and bootstrap)', () => {
  it.each([
    // url, form, transport, host, port, user, project
    ['https://github.com/acme/fleet.git', 'url', 'https', 'github.com', '', '', 'acme/fleet'],
    ['https://github.com/acme/fleet', 'url', 'https', 'github.com', '', '', 'acme/fleet'],
    ['https://github.com/acme/fleet.git/', 'url', 'https', 'github.com', '', '', 'acme/fleet'],
    ['HTTPS://GitHub.COM/acme/fleet.git', 'url', 'https', 'github.com', '', '', 'acme/fleet'],
    [
      'https://gitlab.example.com:8443/group/sub/name.git',
      'url',
      'https',
      'gitlab.example.com',
      '8443',
      '',
      'group/sub/name',
    ],
    ['https://gitlab.example.com:443/group/name', 'url', 'https', 'gitlab.example.com', '', '', 'group/name'],
    ['http://127.0.0.1:8080/acme/fleet.git', 'url', 'http', '127.0.0.1', '8080', '', 'acme/fleet'],
    ['http://[::1]:8080/acme/fleet.git', 'url', 'http', '[::1]', '8080', '', 'acme/fleet'],
    [
      'ssh://git@git.example.com:2222/acme/fleet.git',
      'url',
      'ssh',
      'git.example.com',
      '2222',
      'git',
      'acme/fleet',
    ],
    [
      'ssh://git@Gitlab.COM/group/sub/sub2/name.git',
      'url',
      'ssh',
      'gitlab.com',
      '',
      'git',
      'group/sub/sub2/name',
    ],
    ['git+ssh://git@host.example/acme/fleet', 'url', 'ssh', 'host.example', '', 'git', 'acme/fleet'],
    ['git@github.com:acme/fleet.git', 'scp', 'ssh', 'github.com', '', 'git', 'acme/fleet'],
    ['git@gitlab.com:group/sub/name.git', 'scp', 'ssh', 'gitlab.com', '', 'git', 'group/sub/name'],
    ['git@Codeberg.org:me/repo', 'scp', 'ssh', 'codeberg.org', '', 'git', 'me/repo'],
    ['gitlab.internal:group/name.git', 'scp', 'ssh', 'gitlab.internal', '', '', 'group/name'],
    ['git@[::1]:acme/fleet.git', 'scp', 'ssh', '[::1]', '', 'git', 'acme/fleet'],
    ['  git@github.com:acme/fleet.git\n', 'scp', 'ssh', 'github.com', '', 'git', 'acme/fleet'],
    ['https://github.com/acme/my%20fleet.git', 'url', 'https', 'github.com', '', '', 'acme/my fleet'],
    ['https://github.com/onlyowner', 'url', 'https', 'github.com', '', '', undefined],
    ['https://github.com/', 'url', 'https', 'github.com', '', '', undefined],
    ['https://github.com/acme//fleet', 'url', 'https', 'github.com', '', '', undefined],
    ['git@github.com:', 'scp', 'ssh', 'github.com', '', 'git', undefined],
    ['file:///srv/git/acme/fleet.git', 'url', 'file', '', '', '', undefined],
    ['/srv/git/acme/fleet.git', 'path', 'file', '', '', '', undefined],
    ['./acme/fleet.git', 'path', 'file', '', '', '', undefined],
    ['dir/with:colon', 'path', 'file', '', '', '', undefined],
    ['C:\\repos\\fleet', 'path', 'file', '', '', '', undefined],
  ])(
    'GIVEN %p THEN it is a %s remote over %s, host %p, port %p, user %p, project %p',
    (url, form, transport, host, port, user, project) => {
      const remote = parseRemoteUrl(url);
      expect({
        form: remote.form,
        transport: remote.transport,
        host: remote.host,
        port: remote.port,
        user: remote.user,
      }).toEqual({ form, transport, host, port, user });
      expect(remote.project).toBe(project);
    },
  );

  it.each([
    ['', 'it is empty'],
    ['   ', 'it is empty'],
    ['git://github.com/acme/fleet.git', "'git://' is not supported"],
    ['ftp://host/acme/fleet.git', "'ftp://' is not supported"],
    ['https://', 'it is not a valid URL'],
    ['https://host:99999/acme/fleet', 'it is not a valid URL'],
    ['https://host/acme/%E0%A4%A', 'it is not a valid URL'],
    ['ssh:///acme/fleet.git', 'names no host'],
  ])('GIVEN %p WHEN read THEN REMOTE_URL_INVALID says %p', (url, why) => {
    expect(() => parseRemoteUrl(url)).toThrow(
      expect.objectContaining({ code: 'REMOTE_URL_INVALID', source: 'user' }),
    );
    expect(() => parseRemoteUrl(url)).toThrow(why);
  });

  it.each([
    [`https://bot:${SECRET}@github.com/acme/fleet.git`, 'https://***@github.com/acme/fleet.git'],
    [`https://${SECRET}@github.com/acme/fleet.git`, 'https://***@github.com/acme/fleet.git'],
    [
      `ssh://git:${SECRET}@host.example:2222/acme/fleet.git`,
      'ssh://git:***@host.example:2222/acme/fleet.git',
    ],
    [`git:${SECRET}@github.com:acme/fleet.git`, 'git:***@github.com:acme/fleet.git'],
    ['git@github.com:acme/fleet.git', 'git@github.com:acme/fleet.git'],
  ])('GIVEN %p WHEN shown THEN it reads %p', (url, shown) => {
    expect(displayRemoteUrl(url)).toBe(shown);
  });

  it.each([
    [`https://bot:${SECRET}@github.com/acme/fleet.git`],
    [`https://${SECRET}@github.com/onlyowner`],
    [`ssh://git:${SECRET}@git.example.com/acme`],
    [`git:${SECRET}@github.com:acme`],
    [`ftp://bot:${SECRET}@github.com/acme/fleet.git`],
    [`https://bot:${SECRET}@unknown-host.example/acme/fleet.git`],
  ])(
    'GIVEN a credential in %p WHEN git, platform and bootstrap read it THEN every one refuses or reads it, and no message carries the secret',
    (url) => {
      const messages: string[] = [];
      const attempts: Array<() => unknown> = [
        () => gitRemote(url),
        () => parseProjectFromRemote(url),
        () => requireProvider(url, undefined),
        () => clusterRepositoryUrl(url, true),
        () => clusterRepositoryUrl(url, false),
        () => bootstrapHost(url, {}),
      ];
      for (const attempt of attempts) {
        try {
          messages.push(JSON.stringify(attempt()));
        } catch (error) {
          const { message, hint } = error as { message: string; hint?: string };
          messages.push(message, hint ?? '');
        }
      }
      expect(messages.join('\n')).not.toContain(SECRET);
      expect(() => gitRemote(url)).toThrow(expect.objectContaining({ code: 'GIT_ARGUMENT_INVALID' }));
    },
  );

  it('GIVEN a token written as the user name of an https URL WHEN bootstrap reads it THEN it is refused, not written into a manifest', () => {
    expect(() => clusterRepositoryUrl(`https://${SECRET}@github.com/acme/fleet.git`, true)).toThrow(
      expect.objectContaining({ code: 'REPO_URL_HAS_SECRET' }),
    );
    expect(clusterRepositoryUrl('ssh://git@github.com/acme/fleet.git', true).url).toBe(
      'ssh://git@github.com/acme/fleet.git',
    );
  });

  it('GIVEN http(s) remotes WHEN their origin is asked THEN it is scheme, host and a non-default port; other transports have none', () => {
    expect(remoteOrigin(parseRemoteUrl('https://GitHub.com:443/a/b'))).toBe('https://github.com');
    expect(remoteOrigin(parseRemoteUrl('http://127.0.0.1:8080/a/b'))).toBe('http://127.0.0.1:8080');
    expect(remoteOrigin(parseRemoteUrl('git@github.com:a/b'))).toBeUndefined();
    expect(remoteOrigin(parseRemoteUrl('/srv/a/b'))).toBeUndefined();
  });
});
