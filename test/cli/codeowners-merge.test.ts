/**
 * Per-cluster pull requests merge in any order. Every branch writes the same
 * whole-fleet CODEOWNERS block, so three pull requests opened together merge with a
 * plain `git merge` in every order, with no re-publish in between, and each merge can
 * then be rolled back without a conflict.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BLOCK_BEGIN, BLOCK_END } from '../../src/publish/codeowners';
import { LoopbackForge, startLoopbackForge } from '../support/forge';
import { branchSha, createBareRepository, createTestHome, git, testGitEnv } from '../support/git-server';
import { runCli } from '../support/cli';
import { hostFlags } from '../support/cli-fleet';

const examples = path.resolve(__dirname, '../../examples/intents');
const CLUSTERS = ['cluster-edge-1', 'cluster-lab-1', 'cluster-prod-1'];
const WHOLE_FLEET_BLOCK = [
  BLOCK_BEGIN,
  '/clusters/cluster-edge-1/ @acme/edge-team @acme/prod-approvers',
  '/clusters/cluster-lab-1/ @acme/lab',
  '/clusters/cluster-prod-1/ @acme/prod-approvers',
  BLOCK_END,
  '',
].join('\n');

/** Every order of `items`. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('per-cluster pull requests and CODEOWNERS', () => {
  let tmp: string;
  let forge: LoopbackForge;
  let published: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-codeowners-'));
    forge = await startLoopbackForge({ provider: 'github', project: 'acme/fleet' });
    fs.cpSync(examples, path.join(tmp, 'intents'), { recursive: true });
    env = {
      ...testGitEnv(createTestHome(tmp)),
      XDG_CACHE_HOME: path.join(tmp, 'cache'),
      GITOPS_TOKEN: forge.token,
    };
    published = createBareRepository({ root: tmp, name: 'published.git' }).dir;
    const run = await runCli(['publish', '--intents', 'intents', ...flags(published, 'publish-work')], {
      cwd: tmp,
      env,
    });
    expect(run.code).toBe(0);
  });

  afterAll(async () => {
    await forge.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function flags(bareDir: string, workdir: string): string[] {
    return [
      ...hostFlags({
        repo: `file://${bareDir}`,
        provider: 'github',
        apiUrl: forge.apiUrl,
        project: 'acme/fleet',
      }),
      '--root',
      path.join(tmp, workdir),
    ];
  }

  it('GIVEN three cluster pull requests opened together WHEN published THEN each branch carries the same whole-fleet CODEOWNERS block', () => {
    for (const id of CLUSTERS) {
      expect(git(['show', `gitops/${id}:CODEOWNERS`], { cwd: published })).toBe(WHOLE_FLEET_BLOCK.trimEnd());
    }
  });

  it.each(permutations(CLUSTERS).map((order, i) => [i, order.join(' → ')] as const))(
    'GIVEN order %i (%s) WHEN the pull requests are merged with plain git merge and each merge is rolled back THEN nothing conflicts and CODEOWNERS stays whole',
    async (index, orderText) => {
      const order = orderText.split(' → ');
      const bare = path.join(tmp, `order-${index}.git`);
      fs.cpSync(published, bare, { recursive: true });
      const clone = path.join(tmp, `order-${index}-clone`);
      git(['clone', '--quiet', bare, clone], { cwd: tmp, env });
      const merges = new Map<string, string>();

      for (const id of order) {
        git(['merge', '--no-ff', '--quiet', '-m', `Merge gitops/${id}`, `origin/gitops/${id}`], {
          cwd: clone,
          env,
        });
        merges.set(id, git(['rev-parse', 'HEAD'], { cwd: clone, env }));
      }
      git(['push', '--quiet', 'origin', 'main'], { cwd: clone, env });
      expect(fs.readFileSync(path.join(clone, 'CODEOWNERS'), 'utf8')).toBe(WHOLE_FLEET_BLOCK);

      for (const id of order) {
        const pull = forge.state.pulls.find((p) => p.branch === `gitops/${id}`)!;
        pull.state = 'merged';
        pull.mergeCommitSha = merges.get(id);
        const run = await runCli(
          ['rollback', '--pull-request', String(pull.number), ...flags(bare, `order-${index}-work`)],
          { cwd: tmp, env },
        );
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const branch = `gitops/rollback-${merges.get(id)!.slice(0, 12)}`;
        expect(branchSha(bare, branch)).toBeDefined();
        expect(git(['show', `${branch}:CODEOWNERS`], { cwd: bare })).toBe(WHOLE_FLEET_BLOCK.trimEnd());
        expect(git(['ls-tree', '-r', '--name-only', branch, '--', `clusters/${id}`], { cwd: bare })).toBe('');
      }
    },
  );

  it('GIVEN a repository without CODEOWNERS WHEN publish --dry-run runs THEN CODEOWNERS shows as added, and an unchanged cluster shows nothing', async () => {
    const bare = createBareRepository({ root: tmp, name: 'dry.git' }).dir;

    const first = await runCli(
      [
        'publish',
        '--intents',
        'intents',
        '--dry-run',
        '--clusters',
        'cluster-prod-1',
        ...flags(bare, 'dry-work'),
      ],
      { cwd: tmp, env },
    );

    expect(first.code).toBe(0);
    expect(first.stdout).toContain('\nA CODEOWNERS\n');
    expect(first.stdout).not.toContain('M CODEOWNERS');

    const merged = path.join(tmp, 'dry-clone');
    git(['clone', '--quiet', `file://${published}`, merged], { cwd: tmp, env });
    git(['merge', '--quiet', '--no-ff', '-m', 'merge', 'origin/gitops/cluster-prod-1'], { cwd: merged, env });
    git(['push', '--quiet', '--force', `file://${bare}`, 'HEAD:main'], { cwd: merged, env });

    const again = await runCli(
      [
        'publish',
        '--intents',
        'intents',
        '--dry-run',
        '--clusters',
        'cluster-prod-1',
        ...flags(bare, 'dry-work'),
      ],
      { cwd: tmp, env },
    );

    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('CODEOWNERS');
    expect(again.stdout).toContain('gitops/cluster-prod-1: the base branch already matches the intents');
  });
});
