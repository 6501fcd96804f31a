import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cloneArguments, cloneRepository } from '../../src/git';
import { git } from '../support/git-server';
import { createWorkspace, writeFiles } from './workspace';

const ws = createWorkspace('git-clone');
afterAll(() => ws.cleanup());

describe('cloneArguments', () => {
  it('GIVEN a partial sparse clone WHEN built THEN one branch is fetched with the filter, sparse, and the URL after --', () => {
    expect(
      cloneArguments('https://example.test/r.git', '/w/r', {
        branch: 'main',
        filter: 'blob:none',
        sparsePaths: ['clusters/a'],
      }),
    ).toEqual([
      'clone',
      '--quiet',
      '--no-tags',
      '--single-branch',
      '--branch=main',
      '--filter=blob:none',
      '--sparse',
      '--',
      'https://example.test/r.git',
      '/w/r',
    ]);
  });
});

describe('cloneRepository over file://', () => {
  it('GIVEN a partial clone with sparse paths WHEN cloning THEN only the selected directories are checked out and other blobs are not downloaded', async () => {
    const bare = ws.bare({
      files: {
        'README.md': 'r\n',
        'clusters/a/app.yaml': 'a\n',
        'clusters/b/app.yaml': 'b\n',
        'clusters/c/app.yaml': 'c\n',
      },
    });

    const repo = await cloneRepository(bare.url, ws.cloneDir(), {
      branch: 'main',
      env: ws.env,
      filter: 'blob:none',
      sparsePaths: ['clusters/a', './clusters/c/'],
    });

    expect(existsSync(join(repo.dir, 'clusters/a/app.yaml'))).toBe(true);
    expect(existsSync(join(repo.dir, 'clusters/c/app.yaml'))).toBe(true);
    expect(existsSync(join(repo.dir, 'clusters/b'))).toBe(false);
    expect(existsSync(join(repo.dir, 'README.md'))).toBe(true);
    const blobB = git(['rev-parse', 'HEAD:clusters/b/app.yaml'], { cwd: repo.dir });
    const missing = git(['rev-list', '--objects', '--missing=print', 'HEAD'], { cwd: repo.dir });
    expect(missing).toContain(`?${blobB}`);
    // And the sparse, partial clone can still publish.
    writeFiles(repo.dir, { 'clusters/a/app.yaml': 'a2\n' });
    await repo.stageAll();
    const sha = await repo.commit({ message: 'Sparse update' });
    expect(await repo.pushWithLease({ branch: 'main', expectedSha: bare.seedSha, localSha: sha })).toEqual({
      status: 'pushed',
    });
  });
});
