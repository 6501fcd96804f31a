import { checkBranchName, checkIdentity, normalizeRepoPath } from '../../src/git';

describe('git argument checks', () => {
  it.each(['main', 'gitops/cluster-a', 'release-1.2', 'gitops/a_b/c'])(
    'GIVEN the branch %j WHEN checked THEN it is accepted',
    (name) => {
      expect(() => checkBranchName(name)).not.toThrow();
    },
  );

  it.each(['', '-delete', 'a..b', 'a b', 'a:b', 'ends.lock', 'a/.hidden', 'x/', 'a@{1}', 'a~1', 'a\nb'])(
    'GIVEN the branch %j WHEN checked THEN it is refused',
    (name) => {
      expect(() => checkBranchName(name)).toThrow(expect.objectContaining({ code: 'GIT_ARGUMENT_INVALID' }));
    },
  );

  it('GIVEN paths WHEN normalised THEN ./ and trailing slashes go and escapes are refused', () => {
    expect(normalizeRepoPath('./clusters/a/')).toBe('clusters/a');
    for (const bad of ['../x', '/abs', 'a/../../b', '', '.']) {
      expect(() => normalizeRepoPath(bad)).toThrow(expect.objectContaining({ code: 'GIT_ARGUMENT_INVALID' }));
    }
  });

  it('GIVEN an identity with angle brackets WHEN checked THEN it is refused', () => {
    expect(() => checkIdentity({ name: 'Bot <evil>', email: 'b@x' }, 'author')).toThrow(/commit author/);
  });
});
