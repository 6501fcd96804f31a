import { PlatformError } from '../../../src/platform/errors';
import type { HostRequest } from '../../../src/platform/json-client';
import { gitLabRole, readGitLabAccess } from '../../../src/platform/gitlab/access';

const PROJECT = '/projects/platform%2Ffleet%2Fgitops';

/** A host answering each path with a body, or throwing the status GitLab would send. */
function host(answers: Record<string, unknown>): {
  send: (r: HostRequest) => Promise<unknown>;
  seen: string[];
} {
  const seen: string[] = [];
  return {
    seen,
    send: (request) => {
      seen.push(`${request.method} ${request.path}`);
      const answer = answers[request.path];
      if (typeof answer === 'number') {
        return Promise.reject(
          new PlatformError({ method: request.method, path: request.path, status: answer, reason: 'x' }),
        );
      }
      return Promise.resolve(answer);
    },
  };
}

type Permissions = NonNullable<Parameters<typeof gitLabRole>[0]['permissions']>;
const project = (permissions: Permissions, mergeMethod = 'merge') => ({
  merge_method: mergeMethod,
  permissions,
});
const developer = { project_access: { access_level: 30, notification_level: 3 }, group_access: null };

describe('reading access on GitLab', () => {
  it('GIVEN a project access and a group access WHEN taking the role THEN the higher one counts, and none when GitLab names neither', () => {
    expect(
      gitLabRole(project({ project_access: { access_level: 20 }, group_access: { access_level: 40 } })),
    ).toBe(40);
    expect(gitLabRole(project({ project_access: { access_level: 30 }, group_access: null }))).toBe(30);
    expect(gitLabRole(project({ project_access: null, group_access: null }))).toBeUndefined();
  });

  it('GIVEN a Developer, an existing base, no push rule (null) and rebase_merge WHEN reading THEN it may push and open merge requests, and neither signatures nor a linear history are required', async () => {
    const { send, seen } = host({
      [PROJECT]: project(developer, 'rebase_merge'),
      [`${PROJECT}/repository/branches/release%2F1`]: { name: 'release/1' },
      [`${PROJECT}/push_rule`]: null,
    });

    const access = await readGitLabAccess(send, PROJECT, 'release/1');

    expect(access).toEqual({
      credential: 'token',
      canPush: true,
      canOpenPullRequests: true,
      baseExists: true,
      requiresSignatures: false,
      requiresLinearHistory: false,
    });
    expect(seen.every((line) => line.startsWith('GET '))).toBe(true);
  });

  it('GIVEN a Reporter, a missing base, a push rule rejecting unsigned commits and ff WHEN reading THEN it may not push, the base is missing, and signatures and a linear history are required', async () => {
    const { send } = host({
      [PROJECT]: project({ project_access: { access_level: 20 }, group_access: null }, 'ff'),
      [`${PROJECT}/repository/branches/main`]: 404,
      [`${PROJECT}/push_rule`]: { reject_unsigned_commits: true },
    });

    const access = await readGitLabAccess(send, PROJECT, 'main');

    expect(access).toMatchObject({
      canPush: false,
      canOpenPullRequests: false,
      baseExists: false,
      requiresSignatures: true,
      requiresLinearHistory: true,
    });
    expect(access.signaturesUnknown).toBeUndefined();
  });

  it('GIVEN push rules the role may not read (403) WHEN reading THEN signatures count as not required and the reason is kept; on 404 (Free) there is no reason', async () => {
    const forbidden = host({ [PROJECT]: project(developer), [`${PROJECT}/push_rule`]: 403 });
    const free = host({ [PROJECT]: project(developer), [`${PROJECT}/push_rule`]: 404 });

    const unread = await readGitLabAccess(forbidden.send, PROJECT, 'main');
    const none = await readGitLabAccess(free.send, PROJECT, 'main');

    expect(unread.requiresSignatures).toBe(false);
    expect(unread.signaturesUnknown).toContain('Maintainer role');
    expect(none.requiresSignatures).toBe(false);
    expect(none.signaturesUnknown).toBeUndefined();
  });

  it('GIVEN no role named by GitLab WHEN reading THEN the rights are unknown rather than refused', async () => {
    const { send } = host({ [PROJECT]: project({ project_access: null, group_access: null }) });

    const access = await readGitLabAccess(send, PROJECT, 'main');

    expect(access.canPush).toBeUndefined();
    expect(access.canOpenPullRequests).toBeUndefined();
  });

  it('GIVEN the host failing otherwise (500 on the push rule) WHEN reading THEN the failure is not mistaken for an answer', async () => {
    const { send } = host({ [PROJECT]: project(developer), [`${PROJECT}/push_rule`]: 500 });

    await expect(readGitLabAccess(send, PROJECT, 'main')).rejects.toThrow(PlatformError);
  });
});
