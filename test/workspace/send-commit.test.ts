import { cloneRepository } from '../../src/git';
import { GitHubPlatform } from '../../src/platform/github/github-platform';
import { createPlatform } from '../../src/platform/registry';
import { sendCommit } from '../../src/workspace/send-commit';
import { LoopbackForge, startLoopbackForge } from '../support/forge';
import { branchSha, git, pushCompetingCommit } from '../support/git-server';
import { createWorkspace, writeFiles } from '../git/workspace';

const ws = createWorkspace('send-commit');
afterAll(() => ws.cleanup());

describe('sendCommit through the host API (--sign api)', () => {
  let forge: LoopbackForge | undefined;
  afterEach(async () => {
    await forge?.close();
    forge = undefined;
  });

  /** A clone with one local commit on gitops/a, and the platform for its bare repository. */
  async function setUp() {
    const bare = ws.bare();
    forge = await startLoopbackForge({ provider: 'github', project: 'acme/fleet', gitDir: bare.dir });
    const platform = new GitHubPlatform({ apiUrl: forge.apiUrl, project: 'acme/fleet', token: forge.token });
    const repo = await cloneRepository(bare.url, ws.cloneDir(), { branch: 'main', env: ws.env });
    const base = await repo.fetchBase('main');
    await repo.checkoutBranch('gitops/a', base);
    writeFiles(repo.dir, { 'clusters/a/app.yaml': 'replicas: 2\n' });
    await repo.stageAll();
    const local = await repo.commit({
      message: 'gitops: a\n\nGenerated-By: gitops-synth',
      author: { name: 'Bot', email: 'bot@example.org' },
      committer: { name: 'Bot', email: 'bot@example.org' },
    });
    return { bare, platform, repo, base, local, forge };
  }

  it('GIVEN a local commit WHEN sent through the API THEN the branch holds the host commit with the same tree and the working copy is moved to it', async () => {
    const { bare, platform, repo, base, local } = await setUp();

    const sent = await sendCommit(repo, 'api', platform, {
      branch: 'gitops/a',
      expectedSha: null,
      localSha: local,
      parentSha: base,
    });

    expect(sent.status).toBe('pushed');
    const remote = branchSha(bare.dir, 'gitops/a')!;
    expect(sent).toEqual({ status: 'pushed', sha: remote });
    expect(remote).not.toBe(local);
    expect(await repo.getTreeSha(remote)).toBe(await repo.getTreeSha(local));
    expect(await repo.getSha('HEAD')).toBe(remote);
  });

  it('GIVEN another writer moved the bot branch after the run read it WHEN sent with the stale lease THEN it is stale, the other commit stays and nothing is left half-done', async () => {
    const { bare, platform, repo, base, local, forge: started } = await setUp();
    const other = pushCompetingCommit(bare.dir, { branch: 'gitops/a', files: { 'human.txt': 'h\n' } });

    const sent = await sendCommit(repo, 'api', platform, {
      branch: 'gitops/a',
      expectedSha: null, // the run saw no branch
      localSha: local,
      parentSha: base,
    });

    expect(sent.status).toBe('stale');
    expect(branchSha(bare.dir, 'gitops/a')).toBe(other);
    expect(
      git(['for-each-ref', '--format=%(refname)', 'refs/heads/'], { cwd: bare.dir }).split('\n').sort(),
    ).toEqual(['refs/heads/gitops/a', 'refs/heads/main']);
    expect(await repo.getSha('HEAD')).toBe(local);
    expect(started.validationFailures).toEqual([]);
  });

  it('GIVEN GitLab, which has no commit API, WHEN sent through the API THEN it is refused before anything is sent', async () => {
    const { repo, base, local } = await setUp();
    const gitlab = createPlatform({
      provider: 'gitlab',
      apiUrl: 'http://127.0.0.1:9/api/v4',
      project: 'platform/fleet',
      token: 'unused',
    });

    await expect(
      sendCommit(repo, 'api', gitlab, {
        branch: 'gitops/a',
        expectedSha: null,
        localSha: local,
        parentSha: base,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_FLAG' });
    expect(forge!.requests).toEqual([]);
  });
});
