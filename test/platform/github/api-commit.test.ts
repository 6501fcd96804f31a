import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chunkChanges, MAX_BYTES_PER_COMMIT } from '../../../src/platform/github/api-commit';
import { GitHubPlatform } from '../../../src/platform/github/github-platform';
import type { ApiFileChange } from '../../../src/platform/types';
import { LoopbackForge, startLoopbackForge } from '../../support/forge';
import { branchSha, createBareRepository, git } from '../../support/git-server';

/** Every branch of the bare repository, for "nothing was left behind". */
function branches(dir: string): string[] {
  return git(['for-each-ref', '--format=%(refname)', 'refs/heads/'], { cwd: dir })
    .split('\n')
    .filter(Boolean);
}

/** The file at `file` in commit `sha`, or undefined. */
function show(dir: string, sha: string, file: string): string | undefined {
  try {
    return git(['show', `${sha}:${file}`], { cwd: dir });
  } catch {
    return undefined;
  }
}

describe('GitHub commits through GraphQL createCommitOnBranch (--sign api)', () => {
  let tmp: string;
  let forge: LoopbackForge;
  let bare: ReturnType<typeof createBareRepository>;
  let platform: GitHubPlatform;

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-api-commit-'));
    bare = createBareRepository({
      root: tmp,
      name: 'fleet.git',
      files: { 'README.md': 'fleet\n', 'clusters/a/old.yaml': 'old: 1\n' },
    });
    forge = await startLoopbackForge({ provider: 'github', project: 'acme/fleet', gitDir: bare.dir });
    platform = new GitHubPlatform({ apiUrl: forge.apiUrl, project: 'acme/fleet', token: forge.token });
  });

  afterEach(async () => {
    await forge.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const changes: ApiFileChange[] = [
    { path: 'clusters/a/new.yaml', contents: Buffer.from('new: 2\n') },
    { path: 'clusters/a/old.yaml', contents: null },
  ];

  it('GIVEN no bot branch WHEN a commit is made through the API THEN the bare repository holds it on the branch, on the base, with the expected tree, and no temporary branch is left', async () => {
    const sha = await platform.createCommitOnBranch({
      branch: 'gitops/a',
      parentSha: bare.seedSha,
      expectedSha: null,
      message: 'gitops: update a\n\nGenerated-By: gitops-synth 0.1.0',
      changes,
    });

    expect(branchSha(bare.dir, 'gitops/a')).toBe(sha);
    expect(git(['rev-parse', `${sha}^`], { cwd: bare.dir })).toBe(bare.seedSha);
    expect(show(bare.dir, sha, 'clusters/a/new.yaml')).toBe('new: 2');
    expect(show(bare.dir, sha, 'clusters/a/old.yaml')).toBeUndefined();
    expect(show(bare.dir, sha, 'README.md')).toBe('fleet');
    expect(git(['log', '-1', '--format=%B', sha], { cwd: bare.dir })).toBe(
      'gitops: update a\n\nGenerated-By: gitops-synth 0.1.0',
    );
    expect(branches(bare.dir).sort()).toEqual(['refs/heads/gitops/a', 'refs/heads/main']);
    expect(forge.state.apiCommits).toEqual([sha]);
    expect(forge.validationFailures).toEqual([]);
  });

  it('GIVEN a bot branch another writer moved WHEN the commit is made with the stale lease THEN it fails, the branch keeps the other commit and no temporary branch is left', async () => {
    const first = await platform.createCommitOnBranch({
      branch: 'gitops/a',
      parentSha: bare.seedSha,
      expectedSha: null,
      message: 'first',
      changes,
    });

    await expect(
      platform.createCommitOnBranch({
        branch: 'gitops/a',
        parentSha: bare.seedSha,
        expectedSha: bare.seedSha, // stale: the branch holds `first`
        message: 'second',
        changes: [{ path: 'clusters/a/new.yaml', contents: Buffer.from('new: 3\n') }],
      }),
    ).rejects.toMatchObject({ code: 'PLATFORM_REQUEST_FAILED' });

    expect(branchSha(bare.dir, 'gitops/a')).toBe(first);
    expect(branches(bare.dir).sort()).toEqual(['refs/heads/gitops/a', 'refs/heads/main']);
    expect(forge.validationFailures).toEqual([]);
  });

  it('GIVEN a stale expectedHeadOid WHEN createCommitOnBranch is sent as GitHub receives it THEN it answers STALE_DATA and the branch does not move', async () => {
    const response = await fetch(`${forge.apiUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `token ${forge.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }',
        variables: {
          input: {
            branch: { repositoryNameWithOwner: 'acme/fleet', branchName: 'main' },
            expectedHeadOid: '1'.repeat(40),
            message: { headline: 'x' },
            fileChanges: { additions: [{ path: 'x.txt', contents: Buffer.from('x').toString('base64') }] },
          },
        },
      }),
    });
    const body = (await response.json()) as { data: unknown; errors: { type: string; message: string }[] };

    expect(response.status).toBe(200);
    expect(body.data).toEqual({ createCommitOnBranch: null });
    expect(body.errors[0]).toMatchObject({ type: 'STALE_DATA' });
    expect(branchSha(bare.dir, 'main')).toBe(bare.seedSha);
  });

  it('GIVEN a field the published schema does not have WHEN it is queried THEN the forge refuses it as a validation failure', async () => {
    const response = await fetch(`${forge.apiUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `token ${forge.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { sha } }',
        variables: { input: {} },
      }),
    });

    expect(response.status).toBe(500);
    expect(forge.validationFailures.join('\n')).toMatch(/Cannot query field "sha"/);
  });

  it('GIVEN 150 files WHEN the commit is made through the API THEN it is sent in two parts and the branch moves once, to a tree with every file', async () => {
    const many: ApiFileChange[] = Array.from({ length: 150 }, (_, i) => ({
      path: `clusters/b/file-${String(i).padStart(3, '0')}.yaml`,
      contents: Buffer.from(`n: ${i}\n`),
    }));

    const sha = await platform.createCommitOnBranch({
      branch: 'gitops/b',
      parentSha: bare.seedSha,
      expectedSha: null,
      message: 'gitops: b\n\nGenerated-By: gitops-synth',
      changes: many,
    });

    expect(forge.state.apiCommits).toHaveLength(2);
    expect(git(['rev-list', '--count', `${bare.seedSha}..${sha}`], { cwd: bare.dir })).toBe('2');
    expect(
      git(['ls-tree', '-r', '--name-only', sha, 'clusters/b'], { cwd: bare.dir }).split('\n'),
    ).toHaveLength(150);
    expect(git(['log', '--format=%s', `${bare.seedSha}..${sha}`], { cwd: bare.dir }).split('\n')).toEqual([
      'gitops: b (part 2/2)',
      'gitops: b (part 1/2)',
    ]);
    expect(branches(bare.dir).sort()).toEqual(['refs/heads/gitops/b', 'refs/heads/main']);
  });

  it('GIVEN one file larger than a request carries WHEN chunked THEN it is refused before any request', () => {
    const huge = Buffer.alloc(MAX_BYTES_PER_COMMIT, 1);

    expect(() => chunkChanges([{ path: 'clusters/a/huge.yaml', contents: huge }])).toThrow(
      expect.objectContaining({ code: 'API_COMMIT_TOO_LARGE' }),
    );
  });
});
