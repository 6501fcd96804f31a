import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { branchSha, createBareRepository, git, testGitEnv } from '../support/git-server';
import { LoopbackForge, startLoopbackForge } from '../support/forge';
import { runCli } from '../support/cli';

const examples = path.resolve(__dirname, '../../examples/intents');
const APP = 'clusters/cluster-prod-1/namespaces/org-myteam/applicationinstance-nextcloud-myteam.yaml';

describe('gitops-synth rollback', () => {
  let tmp: string;
  let forge: LoopbackForge;
  let bare: ReturnType<typeof createBareRepository>;
  let intents: string;
  let workdir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-rollback-'));
    forge = await startLoopbackForge({ provider: 'github', project: 'acme/fleet' });
    bare = createBareRepository({ root: tmp, name: 'fleet.git' });
    intents = path.join(tmp, 'intents');
    workdir = path.join(tmp, 'work');
    fs.cpSync(examples, intents, { recursive: true });
    env = {
      ...testGitEnv(path.join(tmp, 'home')),
      XDG_CACHE_HOME: path.join(tmp, 'cache'),
      GITOPS_TOKEN: forge.token,
      GITOPS_AUTHOR_NAME: 'gitops-synth bot',
      GITOPS_AUTHOR_EMAIL: 'bot@example.org',
    };
  });

  afterEach(async () => {
    await forge.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const flags = () => [
    '--repo',
    bare.url,
    '--provider',
    'github',
    '--api-url',
    forge.apiUrl,
    '--project',
    'acme/fleet',
    '--root',
    workdir,
  ];
  const cli = (...args: string[]) => runCli([...args, ...flags()], { cwd: tmp, env });
  const setReplicas = (n: number) =>
    fs.writeFileSync(
      path.join(intents, 'prod.yaml'),
      fs.readFileSync(path.join(intents, 'prod.yaml'), 'utf8').replace(/replicas: \d+/, `replicas: ${n}`),
    );

  /** Publishes cluster-prod-1 and merges its pull request into main; `mergeCommit` makes a merge commit as a forge's merge button does. */
  async function publishAndMerge(
    options: { mergeCommit?: boolean } = {},
  ): Promise<{ sha: string; number: number }> {
    const run = await cli('publish', '--intents', intents, '--clusters', 'cluster-prod-1');
    expect(run.code).toBe(0);
    const head = branchSha(bare.dir, 'gitops/cluster-prod-1')!;
    let sha = head;
    if (options.mergeCommit === true) {
      const tree = git(['rev-parse', `${head}^{tree}`], { cwd: bare.dir });
      sha = git(
        [
          'commit-tree',
          tree,
          '-p',
          'refs/heads/main',
          '-p',
          head,
          '-m',
          'Merge pull request from gitops/cluster-prod-1',
        ],
        { cwd: bare.dir },
      );
    }
    git(['update-ref', 'refs/heads/main', sha], { cwd: bare.dir });
    const pull = forge.state.pulls.find((p) => p.branch === 'gitops/cluster-prod-1' && p.state === 'open')!;
    pull.state = 'merged';
    pull.mergeCommitSha = sha;
    return { sha, number: pull.number };
  }

  it('GIVEN a merged change to replicas WHEN rolled back by commit THEN a pull request reverts it on its own branch, lists the intent now out of step, and main is untouched', async () => {
    await publishAndMerge();
    setReplicas(3);
    const change = await publishAndMerge();
    const mainBefore = branchSha(bare.dir, 'main');

    const run = await cli('rollback', '--commit', change.sha.slice(0, 10));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const branch = `gitops/rollback-${change.sha.slice(0, 12)}`;
    expect(branchSha(bare.dir, 'main')).toBe(mainBefore);
    expect(git(['show', `${branch}:${APP}`], { cwd: bare.dir })).toContain('replicas: 2');
    expect(git(['rev-parse', `${branch}~1`], { cwd: bare.dir })).toBe(mainBefore);
    expect(git(['log', '-1', '--format=%an|%s%n%b', branch], { cwd: bare.dir })).toMatch(
      /^gitops-synth bot\|Revert "cluster-prod-1: update nextcloud-myteam"\n[\s\S]*This reverts commit [0-9a-f]{40}/,
    );

    const pull = forge.state.pulls.find((p) => p.branch === branch)!;
    expect(pull).toEqual(
      expect.objectContaining({
        base: 'main',
        state: 'open',
        title: `Roll back ${change.sha.slice(0, 12)}: cluster-prod-1: update nextcloud-myteam`,
      }),
    );
    expect(pull.labels).toEqual(['cluster:cluster-prod-1', 'gitops', 'rollback']);
    expect(pull.body).toContain('## Intents now out of step with the tree');
    expect(pull.body).toContain('**changed** ApplicationInstance `org-myteam/nextcloud-myteam`');
    expect(pull.body).toContain('`spec.values.replicas`: `3` → `2`');
    expect(pull.body).toContain('The control plane must update its intents to match');
    expect(pull.body).toContain('the next `gitops-synth publish` proposes the reverted change again');
    expect(run.stdout).toContain(`${branch}: pushed the revert of ${change.sha.slice(0, 12)}`);
    expect(forge.validationFailures).toEqual([]);

    // The rerun finds the same revert on the branch: nothing pushed, the pull request left as it is.
    const writes = forge.writes().length;
    const again = await cli('rollback', '--commit', change.sha);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`${branch}: already holds the revert`);
    expect(forge.writes().length).toBe(writes);
  });

  it('GIVEN a pull request merged with a merge commit WHEN rolled back by number THEN its merge commit is reverted against main', async () => {
    await publishAndMerge();
    setReplicas(5);
    const change = await publishAndMerge({ mergeCommit: true });
    const run = await cli('rollback', '--pull-request', String(change.number));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const branch = `gitops/rollback-${change.sha.slice(0, 12)}`;
    expect(git(['show', `${branch}:${APP}`], { cwd: bare.dir })).toContain('replicas: 2');
    expect(forge.state.pulls.find((p) => p.branch === branch)!.body).toContain(
      `Reverts pull request #${change.number}`,
    );
    expect(forge.validationFailures).toEqual([]);
  });

  it('GIVEN a later change to the same file WHEN the earlier one is rolled back THEN it stops with REVERT_CONFLICT naming the file, pushes nothing and leaves the working copy clean', async () => {
    await publishAndMerge();
    setReplicas(3);
    const change = await publishAndMerge();
    setReplicas(4);
    await publishAndMerge();
    const pulls = forge.state.pulls.length;

    const run = await cli('rollback', '--commit', change.sha);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[REVERT_CONFLICT]');
    expect(run.stderr).toContain(`  ${APP}`);
    expect(branchSha(bare.dir, `gitops/rollback-${change.sha.slice(0, 12)}`)).toBeUndefined();
    expect(forge.state.pulls).toHaveLength(pulls);
    expect(git(['status', '--porcelain'], { cwd: workdir })).toBe('');
    expect(fs.existsSync(path.join(workdir, '.git', 'REVERT_HEAD'))).toBe(false);
  });

  it('GIVEN a commit that never reached main WHEN rolled back THEN COMMIT_NOT_ON_BASE, and nothing is pushed', async () => {
    await cli('publish', '--intents', intents, '--clusters', 'cluster-prod-1');
    const unmerged = branchSha(bare.dir, 'gitops/cluster-prod-1')!;
    const run = await cli('rollback', '--commit', unmerged);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `[COMMIT_NOT_ON_BASE]: --commit: '${unmerged}' is not on the base branch 'main'`,
    );
    expect(branchSha(bare.dir, `gitops/rollback-${unmerged.slice(0, 12)}`)).toBeUndefined();
  });

  it('GIVEN an open pull request WHEN rolled back by number THEN PULL_REQUEST_NOT_MERGED', async () => {
    await cli('publish', '--intents', intents, '--clusters', 'cluster-prod-1');
    const run = await cli('rollback', '--pull-request', String(forge.state.pulls[0].number));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[PULL_REQUEST_NOT_MERGED]');
    expect(run.stderr).toContain('is open, not merged');
  });

  it('GIVEN both or neither of --commit and --pull-request WHEN run THEN exit 2 before anything is touched', async () => {
    expect((await cli('rollback')).code).toBe(2);
    const both = await cli('rollback', '--commit', 'abcdef1', '--pull-request', '3');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('name exactly one change');
    expect(fs.existsSync(workdir)).toBe(false);
  });
});
