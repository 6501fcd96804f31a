import * as os from 'os';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { lockPathFor } from '../../src/git/lock';
import { renderFleet } from '../../src/pipeline/render';
import { git } from '../support/git-server';
import {
  commitsAboveMain,
  createGitWrapper,
  createPublishFixture,
  PublishFixture,
  TWO_CLUSTERS,
} from '../publish/harness';

/** Asserts that `branch` holds main plus exactly what the intents render for `cluster`, in one commit: what a clean run produces. */
async function expectConverged(fixture: PublishFixture, branch: string, cluster: string): Promise<void> {
  const rendered = await renderFleet({
    intents: fixture.intents,
    repoUrl: fixture.bare.url,
    branch: 'main',
    selection: { pattern: cluster },
  });
  const run = (args: string[]): string => git(args, { cwd: fixture.bare.dir });
  expect(commitsAboveMain(fixture.bare.dir, branch)).toHaveLength(1);
  const changed = run(['diff', '--name-only', `main...${branch}`])
    .split('\n')
    .sort();
  expect(changed).toEqual([...rendered.tree.keys(), 'CODEOWNERS'].sort());
  for (const [file, content] of rendered.tree) {
    expect(`${run(['show', `${branch}:${file}`])}\n`).toBe(content);
  }
  expect(run(['show', `${branch}:CODEOWNERS`])).toContain(`/clusters/${cluster}/`);
  expect(fixture.forge.state.pulls.filter((p) => p.branch === branch && p.state === 'open')).toHaveLength(1);
}

/** Starts publish in a child process whose git pauses (forever) at `step`; resolves with the child once git reached it. */
async function startPausedAt(
  fixture: PublishFixture,
  step: string,
  extra: readonly string[],
): Promise<{ pid: number; exited: Promise<unknown> }> {
  const marker = path.join(fixture.tmp, `reached-${step}`);
  const wrapper = createGitWrapper(
    fixture.tmp,
    `if [ "$1" = '${step}' ]; then touch '${marker}'; sleep 600; fi`,
  );
  const args = ['publish', '--intents', fixture.intents, ...fixture.hostFlags(), ...extra];
  const child = spawn(process.execPath, [path.join(__dirname, 'publish-child.js'), ...args], {
    cwd: fixture.tmp,
    env: { ...fixture.env, PATH: wrapper.path },
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 45_000;
  while (!fs.existsSync(marker)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the child never reached git ${step} (exit ${child.exitCode}): ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { pid: child.pid!, exited };
}

describe('gitops-synth publish after a killed run', () => {
  let fixture: PublishFixture;

  beforeEach(async () => {
    fixture = await createPublishFixture();
  });
  afterEach(() => fixture.close());

  it("GIVEN a run SIGKILLed while pushing (lock held, commit made) WHEN publishing again THEN the stale lock is taken over and the branch converges to a clean run's result", async () => {
    const root = path.join(fixture.tmp, 'working-copy');
    const child = await startPausedAt(fixture, 'push', ['--clusters', 'alpha', '--root', root]);
    expect(fs.existsSync(lockPathFor(root))).toBe(true);
    process.kill(-child.pid, 'SIGKILL');
    await child.exited;
    expect(fs.existsSync(lockPathFor(root))).toBe(true);

    const run = await fixture.cli(['--clusters', 'alpha', '--root', root]);

    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    await expectConverged(fixture, 'gitops/alpha', 'alpha');
    expect(fs.existsSync(lockPathFor(root))).toBe(false);
  });

  it("GIVEN a stale lock of a dead process, a half-cloned working copy and a leftover tree journal WHEN publishing THEN it converges to a clean run's result", async () => {
    const root = path.join(fixture.tmp, 'working-copy');
    // What `git clone` leaves when killed after creating the repository and before fetching: config, no objects.
    fs.mkdirSync(root);
    git(['init', '--quiet', '--initial-branch=main', root], { cwd: fixture.tmp });
    git(['remote', 'add', 'origin', fixture.bare.url], { cwd: root });
    fs.mkdirSync(path.join(root, '.git', 'objects', 'pack'), { recursive: true });
    fs.writeFileSync(
      path.join(root, '.git', 'objects', 'pack', 'tmp_pack_Xy12ab'),
      'PACK\0\0\0\x02 truncated',
    );
    fs.writeFileSync(path.join(root, '.git', 'index.lock'), '');
    // A tree write killed mid-switch: its journal says "switching" and holds a backup.
    const journal = path.join(root, '.git', 'gitops-synth');
    fs.mkdirSync(path.join(journal, 'run', 'backup'), { recursive: true });
    fs.writeFileSync(path.join(journal, 'run', 'backup', '0'), 'stale: bytes\n');
    fs.writeFileSync(
      path.join(journal, 'journal.json'),
      JSON.stringify({
        version: 1,
        state: 'switching',
        ops: [{ target: 'README.md', kind: 'update' }],
        createDirectories: [],
      }),
    );
    // Its lock names a dead process on this host: provably gone (a lock from another host would be respected until its lease expired).
    fs.writeFileSync(
      path.join(journal, 'lock'),
      JSON.stringify({
        pid: 999_999,
        hostname: os.hostname(),
        startedAt: '2026-01-01T00:00:00.000Z',
        nonce: 'dead-tree',
      }),
    );
    fs.writeFileSync(
      lockPathFor(root),
      `${JSON.stringify({ pid: 999_999, hostname: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z', nonce: 'dead' })}\n`,
    );

    const run = await fixture.cli(['--clusters', 'alpha', '--root', root]);

    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    await expectConverged(fixture, 'gitops/alpha', 'alpha');
    expect(git(['show', 'gitops/alpha:README.md'], { cwd: fixture.bare.dir })).toBe('# GitOps repository');
  });

  // The killed run's untracked files are tracked on main after the merge: a plain
  // `git checkout` of the base would refuse to overwrite them on every later run.
  it('GIVEN a run killed after writing files (before committing) and the pull request merged meanwhile WHEN publishing again THEN the leftover files do not block the run', async () => {
    const root = path.join(fixture.tmp, 'working-copy');
    await fixture.cli(['--root', root]);
    // The next run is killed at `git add`: the tree is written, nothing is staged.
    fixture.writeIntents([{ ...TWO_CLUSTERS[0], replicas: 2 }, TWO_CLUSTERS[1]]);
    const child = await startPausedAt(fixture, 'add', ['--root', root]);
    process.kill(-child.pid, 'SIGKILL');
    await child.exited;
    // Meanwhile a reviewer merges the first pull request: main now tracks the files the killed run left untracked.
    git(['update-ref', 'refs/heads/main', 'refs/heads/gitops/alpha'], { cwd: fixture.bare.dir });
    fixture.forge.state.pulls.find((p) => p.branch === 'gitops/alpha')!.state = 'merged';

    const run = await fixture.cli(['--root', root]);

    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    expect(commitsAboveMain(fixture.bare.dir, 'gitops/alpha')).toHaveLength(1);
    expect(git(['diff', '--name-only', 'main...gitops/alpha'], { cwd: fixture.bare.dir })).toBe(
      'clusters/alpha/namespaces/org-team/applicationinstance-cloud.yaml',
    );
  });
});
