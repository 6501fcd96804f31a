import { classifyPush, parsePorcelain } from '../../src/git';

const REF = 'refs/heads/gitops/cluster-a';
const SHA = '0123456789abcdef0123456789abcdef01234567';
const line = (flag: string, summary: string, to = REF) =>
  `To https://example.test/r.git\n${flag}\t${SHA}:${to}\t${summary}\nDone\n`;
const out = (stdout: string, stderr = '', exitCode = 1) => ({ stdout, stderr, exitCode });

describe('classifyPush', () => {
  it.each([
    ['*', '[new branch]'],
    ['+', `${SHA.slice(0, 7)}...${SHA.slice(0, 7)} (forced update)`],
    [' ', `${SHA.slice(0, 7)}..${SHA.slice(0, 7)}`],
    ['=', '[up to date]'],
  ])('GIVEN the ref line flag %j WHEN classified THEN it is pushed', (flag, summary) => {
    expect(classifyPush(out(line(flag, summary), '', 0), REF)).toEqual({ status: 'pushed' });
  });

  it.each([
    '[rejected] (stale info)',
    '[rejected] (non-fast-forward)',
    '[rejected] (fetch first)',
    '[remote rejected] (non-fast-forward)',
    '[remote rejected] (failed to lock)',
  ])('GIVEN %j WHEN classified THEN it is stale', (summary) => {
    expect(classifyPush(out(line('!', summary)), REF)).toMatchObject({ status: 'stale' });
  });

  it.each([
    [
      'GitHub',
      '[remote rejected] (protected branch hook declined)',
      'remote: error: GH006: Protected branch update failed for refs/heads/main.',
      'protected-branch',
    ],
    [
      'GitLab',
      '[remote rejected] (pre-receive hook declined)',
      'remote: GitLab: You are not allowed to push code to protected branches on this project.',
      'protected-branch',
    ],
    [
      'GitHub deploy key',
      '[remote rejected] (pre-receive hook declined)',
      'remote: ERROR: The key you are authenticating with has been marked as read only.',
      'auth-failed',
    ],
    [
      'a custom hook',
      '[remote rejected] (pre-receive hook declined)',
      'remote: policy says no',
      'hook-declined',
    ],
    ['an update hook', '[remote rejected] (hook declined)', '', 'hook-declined'],
    ['a server failure', '[remote failure] (remote failed to report status)', '', 'other'],
  ])('GIVEN a rejection by %s WHEN classified THEN the reason is %s', (_who, summary, stderr, reason) => {
    const result = classifyPush(out(line('!', summary), stderr), REF);

    expect(result).toMatchObject({ status: 'rejected', reason });
    expect(result?.status === 'rejected' && result.detail).toContain(summary);
  });

  it.each([
    "fatal: Authentication failed for 'https://example.test/r.git/'",
    "remote: Permission to o/r.git denied to bot.\nfatal: unable to access 'https://github.com/o/r.git/': The requested URL returned error: 403",
    'remote: HTTP Basic: Access denied',
    'git@127.0.0.1: Permission denied (publickey).\nfatal: Could not read from remote repository.',
    "fatal: could not read Username for 'https://example.test': terminal prompts disabled",
  ])('GIVEN no ref line and %j WHEN classified THEN it is rejected/auth-failed', (stderr) => {
    expect(classifyPush(out('', stderr, 128), REF)).toMatchObject({
      status: 'rejected',
      reason: 'auth-failed',
    });
  });

  it('GIVEN no ref line and a network error WHEN classified THEN it is not classified (the caller reports a command failure)', () => {
    expect(
      classifyPush(
        out(
          '',
          "fatal: unable to access 'https://example.test/r.git/': Could not resolve host: example.test",
          128,
        ),
        REF,
      ),
    ).toBeUndefined();
  });

  it('GIVEN a ref line for another ref only WHEN classified THEN it is not taken for ours', () => {
    expect(classifyPush(out(line('*', '[new branch]', 'refs/heads/other')), REF)).toBeUndefined();
  });

  it('GIVEN porcelain output WHEN parsed THEN each ref line gives flag, target ref and summary', () => {
    expect(parsePorcelain(line('!', '[rejected] (stale info)'))).toEqual([
      { flag: '!', to: REF, summary: '[rejected] (stale info)' },
    ]);
  });
});
