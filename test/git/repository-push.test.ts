import { cloneRepository, RemoteBranchMismatchError } from '../../src/git';
import {
  branchContains,
  branchSha,
  git,
  installRejectingHook,
  pushCompetingCommit,
  type BareRepository,
} from '../support/git-server';
import { createWorkspace, writeFiles } from './workspace';

const ws = createWorkspace('git-push');
afterAll(() => ws.cleanup());

/** Clones `bare`, starts branch `gitops/<name>` from origin/main, commits `files` and returns the repository and commit. */
async function commitOnNewBranch(bare: BareRepository, branch: string, files: Record<string, string>) {
  const repo = await cloneRepository(bare.url, ws.cloneDir(), { branch: 'main', env: ws.env });
  await repo.checkoutBranch(branch, 'origin/main');
  writeFiles(repo.dir, files);
  await repo.stageAll();
  const sha = await repo.commit({ message: `Update ${branch}` });
  return { repo, sha };
}

describe('GitRepository.pushWithLease over file://', () => {
  it('GIVEN a clone with a new commit WHEN pushed with a lease expecting no branch THEN the branch is created and verified', async () => {
    const bare = ws.bare();
    const { repo, sha } = await commitOnNewBranch(bare, 'gitops/new', { 'clusters/a/app.yaml': 'a: 1\n' });

    const result = await repo.pushWithLease({ branch: 'gitops/new', expectedSha: null, localSha: sha });

    expect(result).toEqual({ status: 'pushed' });
    expect(branchSha(bare.dir, 'gitops/new')).toBe(sha);
    await expect(repo.verifyRemoteBranch('gitops/new', sha)).resolves.toBeUndefined();
    expect(await repo.findRemoteBranchSha('gitops/new')).toBe(sha);
    expect(await repo.findRemoteBranchSha('gitops/missing')).toBeUndefined();
  });

  it('GIVEN a pushed branch WHEN a rebuilt commit is pushed with a lease on the old SHA THEN the branch is updated', async () => {
    const bare = ws.bare();
    const { repo, sha: first } = await commitOnNewBranch(bare, 'gitops/update', { 'a.yaml': '1\n' });
    await repo.pushWithLease({ branch: 'gitops/update', expectedSha: null, localSha: first });
    // Rebuilt from the base, as publish does on every run: not a descendant of the old commit.
    await repo.checkoutBranch('gitops/update', 'origin/main');
    writeFiles(repo.dir, { 'a.yaml': '2\n' });
    await repo.stageAll(['a.yaml']);
    const second = await repo.commit({ message: 'Second' });

    const result = await repo.pushWithLease({
      branch: 'gitops/update',
      expectedSha: first,
      localSha: second,
    });

    expect(result).toEqual({ status: 'pushed' });
    expect(branchSha(bare.dir, 'gitops/update')).toBe(second);
  });

  it('GIVEN someone else pushed onto the branch WHEN pushing with the old lease THEN the result is stale and their commit is still there', async () => {
    const bare = ws.bare();
    const { repo, sha: first } = await commitOnNewBranch(bare, 'gitops/race', { 'a.yaml': '1\n' });
    await repo.pushWithLease({ branch: 'gitops/race', expectedSha: null, localSha: first });
    const theirs = pushCompetingCommit(bare.dir, { branch: 'gitops/race', message: 'Their change' });
    await repo.checkoutBranch('gitops/race', 'origin/main');
    writeFiles(repo.dir, { 'a.yaml': 'mine\n' });
    await repo.stageAll();
    const mine = await repo.commit({ message: 'Mine' });

    const result = await repo.pushWithLease({ branch: 'gitops/race', expectedSha: first, localSha: mine });

    expect(result.status).toBe('stale');
    expect(result.status === 'stale' && result.detail).toContain('stale info');
    expect(branchSha(bare.dir, 'gitops/race')).toBe(theirs);
    expect(branchContains(bare.dir, 'gitops/race', theirs)).toBe(true);
  });

  it('GIVEN a branch that must not exist WHEN someone created it meanwhile THEN the push is stale and their branch is untouched', async () => {
    const bare = ws.bare();
    const theirs = pushCompetingCommit(bare.dir, { branch: 'gitops/taken' });
    const { repo, sha } = await commitOnNewBranch(bare, 'gitops/taken', { 'b.yaml': 'x\n' });

    const result = await repo.pushWithLease({ branch: 'gitops/taken', expectedSha: null, localSha: sha });

    expect(result.status).toBe('stale');
    expect(branchSha(bare.dir, 'gitops/taken')).toBe(theirs);
  });

  it('GIVEN fastForwardOnly WHEN the local commit does not descend from the expected one THEN the push is stale and nothing is sent', async () => {
    const bare = ws.bare();
    const { repo, sha: first } = await commitOnNewBranch(bare, 'gitops/ff', { 'a.yaml': '1\n' });
    await repo.pushWithLease({ branch: 'gitops/ff', expectedSha: null, localSha: first });
    await repo.checkoutBranch('gitops/ff', 'origin/main');
    writeFiles(repo.dir, { 'a.yaml': '2\n' });
    await repo.stageAll();
    const rebuilt = await repo.commit({ message: 'Rebuilt' });

    const result = await repo.pushWithLease({
      branch: 'gitops/ff',
      expectedSha: first,
      localSha: rebuilt,
      fastForwardOnly: true,
    });

    expect(result.status).toBe('stale');
    expect(result.status === 'stale' && result.detail).toContain('non-fast-forward');
    expect(branchSha(bare.dir, 'gitops/ff')).toBe(first);
  });

  it('GIVEN a server that denies non-fast-forward updates WHEN a rebuilt commit is pushed THEN the result is stale', async () => {
    const bare = ws.bare();
    const { repo, sha: first } = await commitOnNewBranch(bare, 'gitops/deny', { 'a.yaml': '1\n' });
    await repo.pushWithLease({ branch: 'gitops/deny', expectedSha: null, localSha: first });
    git(['config', 'receive.denyNonFastForwards', 'true'], { cwd: bare.dir });
    await repo.checkoutBranch('gitops/deny', 'origin/main');
    writeFiles(repo.dir, { 'a.yaml': '2\n' });
    await repo.stageAll();
    const rebuilt = await repo.commit({ message: 'Rebuilt' });

    const result = await repo.pushWithLease({ branch: 'gitops/deny', expectedSha: first, localSha: rebuilt });

    expect(result.status).toBe('stale');
    expect(result.status === 'stale' && result.detail).toContain('non-fast-forward');
    expect(branchSha(bare.dir, 'gitops/deny')).toBe(first);
  });

  it('GIVEN a pre-receive hook that declines once WHEN pushing THEN the push is rejected/hook-declined, the local commit is kept, and a later push succeeds', async () => {
    const bare = ws.bare();
    const hook = installRejectingHook(bare.dir, {
      rejectFirst: 1,
      message: 'policy: manifests must be signed off',
    });
    const { repo, sha } = await commitOnNewBranch(bare, 'gitops/hooked', { 'a.yaml': '1\n' });

    const result = await repo.pushWithLease({ branch: 'gitops/hooked', expectedSha: null, localSha: sha });

    expect(result).toMatchObject({ status: 'rejected', reason: 'hook-declined' });
    expect(result.status === 'rejected' && result.detail).toContain('policy: manifests must be signed off');
    expect(hook.rejections()).toBe(1);
    expect(await repo.getSha('HEAD')).toBe(sha);
    expect(branchSha(bare.dir, 'gitops/hooked')).toBeUndefined();
    expect(await repo.pushWithLease({ branch: 'gitops/hooked', expectedSha: null, localSha: sha })).toEqual({
      status: 'pushed',
    });
  });

  it('GIVEN a hook reporting a protected branch (as GitHub words it) WHEN pushing THEN the push is rejected/protected-branch', async () => {
    const bare = ws.bare();
    installRejectingHook(bare.dir, { message: 'GH006: Protected branch update failed for refs/heads/main.' });
    const repo = await cloneRepository(bare.url, ws.cloneDir(), { branch: 'main', env: ws.env });
    writeFiles(repo.dir, { 'a.yaml': '1\n' });
    await repo.stageAll();
    const sha = await repo.commit({ message: 'Direct' });

    const result = await repo.pushWithLease({ branch: 'main', expectedSha: bare.seedSha, localSha: sha });

    expect(result).toMatchObject({ status: 'rejected', reason: 'protected-branch' });
    expect(branchSha(bare.dir, 'main')).toBe(bare.seedSha);
  });

  it('GIVEN a pushed commit WHEN someone moves the branch before verification THEN verifyRemoteBranch throws a mismatch naming both commits', async () => {
    const bare = ws.bare();
    const { repo, sha } = await commitOnNewBranch(bare, 'gitops/verify', { 'a.yaml': '1\n' });
    await repo.pushWithLease({ branch: 'gitops/verify', expectedSha: null, localSha: sha });
    const theirs = pushCompetingCommit(bare.dir, { branch: 'gitops/verify' });

    const error = await repo.verifyRemoteBranch('gitops/verify', sha).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RemoteBranchMismatchError);
    expect(error).toMatchObject({ code: 'REMOTE_BRANCH_MISMATCH', expectedSha: sha, actualSha: theirs });
    await expect(repo.verifyRemoteBranch('gitops/none', sha)).rejects.toMatchObject({ actualSha: undefined });
  });
});
