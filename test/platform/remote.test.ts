import { GitopsSynthError } from '../../src/errors';
import {
  createPlatform,
  defaultApiUrl,
  detectProvider,
  parseProjectFromRemote,
  platformOptionsFromRemote,
} from '../../src/platform/registry';

describe('parseProjectFromRemote', () => {
  test.each([
    ['https://github.com/acme/fleet.git', 'github.com', 'acme/fleet'],
    ['https://github.com/acme/fleet', 'github.com', 'acme/fleet'],
    [
      'https://oauth2@gitlab.example.com/platform/fleet/gitops.git',
      'gitlab.example.com',
      'platform/fleet/gitops',
    ],
    ['ssh://git@git.example.com:2222/acme/fleet.git', 'git.example.com', 'acme/fleet'],
    ['ssh://git@gitlab.com/group/sub/name.git', 'gitlab.com', 'group/sub/name'],
    ['git@github.com:acme/fleet.git', 'github.com', 'acme/fleet'],
    ['git@gitlab.com:group/sub/name.git', 'gitlab.com', 'group/sub/name'],
    ['git@Codeberg.org:me/repo', 'codeberg.org', 'me/repo'],
  ])('GIVEN %s WHEN parsed THEN host %s and project %s', (url, host, project) => {
    expect(parseProjectFromRemote(url)).toEqual({ host, project });
  });

  test.each(['', 'not a url', 'https://github.com/', 'https://github.com/onlyowner', 'git@github.com:'])(
    'GIVEN %p WHEN parsed THEN a REMOTE_URL_INVALID user error',
    (url) => {
      expect(() => parseProjectFromRemote(url)).toThrow(
        expect.objectContaining({ code: 'REMOTE_URL_INVALID', source: 'user' }),
      );
    },
  );
});

describe('detectProvider', () => {
  test.each([
    ['https://github.com/acme/fleet.git', 'github'],
    ['git@github.com:acme/fleet.git', 'github'],
    ['https://gitlab.com/g/s/n.git', 'gitlab'],
    ['git@gitlab.internal.example:g/n.git', 'gitlab'],
    ['https://mygitlab.example.com/g/n', 'gitlab'],
    ['https://codeberg.org/me/repo.git', 'gitea'],
    ['https://gitea.example.com/acme/fleet.git', 'gitea'],
    ['ssh://git@forgejo.example.org:2222/acme/fleet.git', 'gitea'],
    ['https://git.example.com/acme/fleet.git', undefined],
    ['garbage', undefined],
  ])('GIVEN %s WHEN detected THEN %s', (url, provider) => {
    expect(detectProvider(url)).toBe(provider);
  });
});

describe('platformOptionsFromRemote', () => {
  test('GIVEN a GitHub Enterprise host and --provider github WHEN derived THEN the API is https://host/api/v3', () => {
    expect(platformOptionsFromRemote('git@git.example.com:acme/fleet.git', { provider: 'github' })).toEqual({
      provider: 'github',
      project: 'acme/fleet',
      apiUrl: 'https://git.example.com/api/v3',
    });
  });

  test('GIVEN an unrecognised host and no --provider WHEN derived THEN the error lists valid providers', () => {
    expect(() => platformOptionsFromRemote('https://git.example.com/acme/fleet.git')).toThrow(
      /--provider.*github, gitlab, gitea/,
    );
  });

  test('GIVEN an unknown --provider WHEN derived THEN the error names it and lists valid providers', () => {
    expect(() => platformOptionsFromRemote('https://github.com/a/b', { provider: 'bitbucket' })).toThrow(
      /unknown provider "bitbucket".*github, gitlab, gitea/,
    );
  });

  test('GIVEN each provider WHEN its default API URL is derived THEN it is what its client expects', () => {
    expect(defaultApiUrl('github', 'github.com')).toBe('https://api.github.com');
    expect(defaultApiUrl('gitlab', 'gitlab.example.com')).toBe('https://gitlab.example.com');
    expect(defaultApiUrl('gitea', 'codeberg.org')).toBe('https://codeberg.org/api/v1');
  });
});

describe('createPlatform', () => {
  test('GIVEN an empty token WHEN created THEN TOKEN_MISSING naming GITOPS_TOKEN', () => {
    const error = (() => {
      try {
        createPlatform({ provider: 'github', project: 'a/b', token: ' ' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(GitopsSynthError);
    expect(error).toMatchObject({ code: 'TOKEN_MISSING' });
    expect((error as GitopsSynthError).hint).toMatch(/GITOPS_TOKEN/);
  });

  test('GIVEN a GitHub project that is not owner/name WHEN created THEN PROJECT_INVALID', () => {
    expect(() => createPlatform({ provider: 'github', project: 'a/b/c', token: 't0ken' })).toThrow(
      expect.objectContaining({ code: 'PROJECT_INVALID' }),
    );
  });
});
