import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  branchSha,
  createBareRepository,
  pushCompetingCommit,
  installRejectingHook,
  testGitEnv,
  git,
} from '../support/git-server';
import { LoopbackForge, startLoopbackForge } from '../support/forge';
import { runCli } from '../support/cli';

const examples = path.resolve(__dirname, '../../examples/intents');

describe('gitops-synth publish', () => {
  let tmp: string;
  let forge: LoopbackForge;
  let bare: ReturnType<typeof createBareRepository>;
  let intents: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-publish-'));
    forge = await startLoopbackForge({ provider: 'github', project: 'acme/fleet' });
    bare = createBareRepository({ root: tmp, name: 'fleet.git' });
    intents = path.join(tmp, 'intents');
    fs.cpSync(examples, intents, { recursive: true });
    env = {
      ...testGitEnv(path.join(tmp, 'home')),
      XDG_CACHE_HOME: path.join(tmp, 'cache'),
      GITOPS_TOKEN: forge.token,
      GITOPS_AUTHOR_NAME: 'gitops-synth bot',
      GITOPS_AUTHOR_EMAIL: 'bot@example.org',
      GITOPS_INTENTS_REVISION: 'intents@abc123',
    };
  });

  afterEach(async () => {
    await forge.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const publish = (...extra: string[]) =>
    runCli(
      [
        'publish',
        '--intents',
        intents,
        '--repo',
        bare.url,
        '--provider',
        'github',
        '--api-url',
        forge.apiUrl,
        '--project',
        'acme/fleet',
        ...extra,
      ],
      { cwd: tmp, env },
    );

  it('GIVEN a fresh repository WHEN published twice THEN one pull request per cluster is opened, and the rerun pushes and writes nothing', async () => {
    const first = await publish();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(forge.state.pulls.map((p) => [p.branch, p.base, p.state]).sort()).toEqual([
      ['gitops/cluster-edge-1', 'main', 'open'],
      ['gitops/cluster-lab-1', 'main', 'open'],
      ['gitops/cluster-prod-1', 'main', 'open'],
    ]);
    const prod = forge.state.pulls.find((p) => p.branch === 'gitops/cluster-prod-1')!;
    expect(prod.title).toBe('cluster-prod-1: add 7 resources (upgrade odoo-finance and 1 more)');
    expect(prod.labels).toEqual(['cluster:cluster-prod-1', 'gitops']);
    expect(prod.teamReviewers).toEqual(['prod-approvers']);
    const message = git(['log', '-1', '--format=%an <%ae>%n%B', 'gitops/cluster-prod-1'], { cwd: bare.dir });
    expect(message).toContain('gitops-synth bot <bot@example.org>');
    expect(message).toContain('Intents-Revision: intents@abc123');
    expect(
      git(['ls-tree', '-r', '--name-only', 'gitops/cluster-prod-1'], { cwd: bare.dir }).split('\n'),
    ).toEqual(
      expect.arrayContaining([
        'CODEOWNERS',
        'README.md',
        'clusters/cluster-prod-1/namespaces/kustomization.yaml',
      ]),
    );
    expect(
      git(['ls-tree', '-r', '--name-only', 'gitops/cluster-prod-1', '--', 'clusters'], { cwd: bare.dir }),
    ).not.toContain('cluster-edge-1');

    const writesBefore = forge.writes().length;
    const shas = ['cluster-prod-1', 'cluster-edge-1', 'cluster-lab-1'].map((id) =>
      branchSha(bare.dir, `gitops/${id}`),
    );
    const second = await publish();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Nothing changed: no commit, no push, no pull request edited.');
    expect(forge.writes().length).toBe(writesBefore);
    expect(
      ['cluster-prod-1', 'cluster-edge-1', 'cluster-lab-1'].map((id) => branchSha(bare.dir, `gitops/${id}`)),
    ).toEqual(shas);
    expect(forge.validationFailures).toEqual([]);
  });

  it("GIVEN an open pull request WHEN one intent changes THEN only that cluster's branch and pull request are updated in place", async () => {
    await publish();
    const edge = branchSha(bare.dir, 'gitops/cluster-edge-1');
    const prodBefore = branchSha(bare.dir, 'gitops/cluster-prod-1');
    const prodNumber = forge.state.pulls.find((p) => p.branch === 'gitops/cluster-prod-1')!.number;
    fs.writeFileSync(
      path.join(intents, 'prod.yaml'),
      fs.readFileSync(path.join(intents, 'prod.yaml'), 'utf8').replace('replicas: 2', 'replicas: 3'),
    );
    const edgePull = forge.state.pulls.find((p) => p.branch === 'gitops/cluster-edge-1')!;
    const writesBefore = forge.writes().length;
    const run = await publish();
    expect(run.code).toBe(0);
    expect(forge.state.pulls).toHaveLength(3);
    expect(forge.state.pulls.find((p) => p.branch === 'gitops/cluster-prod-1')!.number).toBe(prodNumber);
    // Only the changed cluster's pull request is written to; the others are not edited.
    expect(
      forge
        .writes()
        .slice(writesBefore)
        .map((w) => `${w.method} ${w.path}`),
    ).toEqual([`PATCH /repos/acme/fleet/pulls/${prodNumber}`]);
    expect(run.stdout).toContain(
      `gitops/cluster-edge-1: already holds this change (pull request #${edgePull.number}, unchanged)`,
    );
    expect(branchSha(bare.dir, 'gitops/cluster-prod-1')).not.toBe(prodBefore);
    expect(
      git(
        [
          'show',
          'gitops/cluster-prod-1:clusters/cluster-prod-1/namespaces/org-myteam/applicationinstance-nextcloud-myteam.yaml',
        ],
        { cwd: bare.dir },
      ),
    ).toContain('replicas: 3');
    expect(branchSha(bare.dir, 'gitops/cluster-edge-1')).toBe(edge);
    expect(run.stdout).toMatch(/gitops\/cluster-prod-1: pushed [0-9a-f]{12}; pull request #\d+ updated/);
    expect(forge.validationFailures).toEqual([]);
  });

  it('GIVEN a merged pull request WHEN an intent changes THEN a new pull request shows the field-level change', async () => {
    await publish('--clusters', 'cluster-prod-1');
    git(['update-ref', 'refs/heads/main', 'refs/heads/gitops/cluster-prod-1'], { cwd: bare.dir });
    forge.state.pulls[0].state = 'merged';
    fs.writeFileSync(
      path.join(intents, 'prod.yaml'),
      fs.readFileSync(path.join(intents, 'prod.yaml'), 'utf8').replace('replicas: 2', 'replicas: 3'),
    );
    const run = await publish('--clusters', 'cluster-prod-1');
    expect(run.code).toBe(0);
    const open = forge.state.pulls.filter((p) => p.state === 'open');
    expect(open).toHaveLength(1);
    expect(open[0].title).toBe('cluster-prod-1: update nextcloud-myteam');
    expect(open[0].body).toContain('spec.values.replicas');
    expect(git(['log', '-1', '--format=%s', 'gitops/cluster-prod-1'], { cwd: bare.dir })).toBe(
      'cluster-prod-1: update nextcloud-myteam',
    );
  });

  it('GIVEN someone else pushed a commit onto the bot branch WHEN publishing a change THEN it stops and that commit survives', async () => {
    await publish();
    const foreign = pushCompetingCommit(bare.dir, {
      branch: 'gitops/cluster-lab-1',
      message: 'Hand edit',
      files: { 'notes.txt': 'mine\n' },
    });
    fs.writeFileSync(
      path.join(intents, 'lab.json'),
      fs.readFileSync(path.join(intents, 'lab.json'), 'utf8').replace('"4G"', '"8G"'),
    );
    const run = await publish('--clusters', 'cluster-lab-1');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[FOREIGN_COMMIT_ON_BRANCH]');
    expect(run.stderr).toContain('Hand edit');
    expect(branchSha(bare.dir, 'gitops/cluster-lab-1')).toBe(foreign);
  });

  it('GIVEN a hook that declines pushes WHEN publishing THEN it stops without retrying and says what to do', async () => {
    const hook = installRejectingHook(bare.dir, { message: 'pushes are frozen' });
    const run = await publish('--clusters', 'cluster-prod-1');
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('[PUSH_REJECTED]');
    expect(run.stderr).toContain('hook-declined');
    expect(hook.rejections()).toBe(1);
    expect(forge.state.pulls).toEqual([]);
  });

  it('GIVEN operations older than --operation-retention WHEN publishing THEN they leave the branch without tripping the deletion guard', async () => {
    await publish('--clusters', 'cluster-prod-1');
    git(['update-ref', 'refs/heads/main', 'refs/heads/gitops/cluster-prod-1'], { cwd: bare.dir });
    forge.state.pulls[0].state = 'merged';
    // The CLI's clock is 2026-06-01; both prod operations were requested in May.
    const run = await publish(
      '--clusters',
      'cluster-prod-1',
      '--operation-retention',
      '1d',
      '--max-deletion-share',
      '0.1',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const files = git(['ls-tree', '-r', '--name-only', 'gitops/cluster-prod-1', '--', 'clusters'], {
      cwd: bare.dir,
    });
    expect(files).not.toContain('operation-');
    expect(files).toContain('applicationinstance-nextcloud-myteam.yaml');
  });

  it('GIVEN no token, or a local path without --provider WHEN publishing THEN it fails before cloning, naming what is missing', async () => {
    const noToken = await runCli(
      [
        'publish',
        '--intents',
        intents,
        '--repo',
        bare.url,
        '--provider',
        'github',
        '--project',
        'acme/fleet',
      ],
      { cwd: tmp, env: { ...env, GITOPS_TOKEN: '', XDG_CACHE_HOME: path.join(tmp, 'other-cache') } },
    );
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('[TOKEN_MISSING]');
    expect(fs.existsSync(path.join(tmp, 'other-cache'))).toBe(false);
    const noProvider = await runCli(['publish', '--intents', intents, '--repo', bare.dir], { cwd: tmp, env });
    expect(noProvider.code).toBe(2);
    expect(noProvider.stderr).toContain('--provider: cannot tell the Git host');
  });

  it('GIVEN --dry-run WHEN publishing THEN it prints the commit, files and pull request and touches nothing remote', async () => {
    const run = await runCli(
      ['publish', '--dry-run', '--intents', intents, '--repo', bare.url, '--clusters', 'cluster-prod-1'],
      { cwd: tmp, env: { ...env, GITOPS_TOKEN: '' } },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '--- commit message ---\ncluster-prod-1: add 7 resources (upgrade odoo-finance and 1 more)',
    );
    expect(run.stdout).toContain(
      'A clusters/cluster-prod-1/namespaces/org-myteam/applicationinstance-nextcloud-myteam.yaml',
    );
    expect(run.stdout).toContain('\nA CODEOWNERS\n'); // the seed has none: added, not modified
    expect(run.stdout).toContain('--- pull request body ---');
    expect(forge.requests).toEqual([]);
    expect(branchSha(bare.dir, 'gitops/cluster-prod-1')).toBeUndefined();
  });
});
