import {
  cloneRepository,
  PushRejectedError,
  PushStaleError,
  pushUntilAccepted,
  type GitRepository,
} from '../../src/git';
import type { RetryClock } from '../../src/retry';
import { branchSha, installRejectingHook, pushCompetingCommit } from '../support/git-server';
import { createWorkspace, writeFiles } from './workspace';

const ws = createWorkspace('git-push-retry');
afterAll(() => ws.cleanup());
const clock = (): RetryClock & { slept: number[] } => {
  const slept: number[] = [];
  return { slept, random: () => 0.5, sleep: async (ms) => void slept.push(ms) };
};

/** What publish would do each attempt: rebuild the branch from the base, on top of what the remote branch holds now. */
function prepareOn(
  repo: GitRepository,
  branch: string,
  onAttempt: (attempt: number) => void = () => undefined,
) {
  return async (attempt: number) => {
    onAttempt(attempt);
    await repo.fetchBase('main');
    const expectedSha = (await repo.findRemoteBranchSha(branch)) ?? null;
    await repo.checkoutBranch(branch, 'origin/main');
    writeFiles(repo.dir, { 'clusters/a/app.yaml': `attempt: ${attempt}\n` });
    await repo.stageAll();
    return { expectedSha, localSha: await repo.commit({ message: `Attempt ${attempt}` }) };
  };
}

describe('pushUntilAccepted', () => {
  it('GIVEN another writer moves the branch during the first attempt WHEN pushing THEN the first attempt is stale without overwriting them and the second attempt lands', async () => {
    const bare = ws.bare();
    const repo = await cloneRepository(bare.url, ws.cloneDir(), { branch: 'main', env: ws.env });
    let theirs = '';
    const prepare = prepareOn(repo, 'gitops/retry');
    const racing = async (attempt: number) => {
      const push = await prepare(attempt);
      if (attempt === 1) {
        theirs = pushCompetingCommit(bare.dir, { branch: 'gitops/retry' }); // lands after our lease was read
      }
      return push;
    };
    const atRetry: Array<{ attempt: number; stale: boolean; remote: string | undefined }> = [];
    const c = clock();
    const onRetry = (error: unknown, attempt: number) =>
      atRetry.push({
        attempt,
        stale: error instanceof PushStaleError,
        remote: branchSha(bare.dir, 'gitops/retry'),
      });

    const sha = await pushUntilAccepted(repo, 'gitops/retry', racing, { clock: c, onRetry });

    // Attempt 1 was stale and left their commit in place; attempt 2 saw it and replaced it knowingly.
    expect(atRetry).toEqual([{ attempt: 1, stale: true, remote: theirs }]);
    expect(c.slept).toHaveLength(1);
    expect(branchSha(bare.dir, 'gitops/retry')).toBe(sha);
  });

  it('GIVEN a hook that always declines WHEN pushing THEN PushRejectedError is thrown after one attempt, with a hint', async () => {
    const bare = ws.bare();
    installRejectingHook(bare.dir, { message: 'no pushes today' });
    const repo = await cloneRepository(bare.url, ws.cloneDir(), { branch: 'main', env: ws.env });
    const attempts: number[] = [];

    const error = await pushUntilAccepted(
      repo,
      'gitops/hook',
      prepareOn(repo, 'gitops/hook', (a) => attempts.push(a)),
      { clock: clock() },
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PushRejectedError);
    expect(error).toMatchObject({ code: 'PUSH_REJECTED', reason: 'hook-declined', branch: 'gitops/hook' });
    expect((error as PushRejectedError).hint).toContain('local commit is kept');
    expect(attempts).toEqual([1]);
  });
});
