import { statusContext } from '../../src/contract/sync-contract';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LoopbackForge, startLoopbackForge } from '../support/forge';
import { seedPull } from '../support/forge/state';
import { git } from '../support/git-server';
import { runCli } from '../support/cli';
import { hostFlags } from '../support/cli-fleet';
import { clusterFile, createFleetRepo, FleetRepo, synthMessage } from '../status/fleet-repo';
import type { ClusterStatus, ClusterStatusList } from '../../src/status/model';
import { schemaErrors } from '../support/schemas';

// runCli's clock reads 2026-06-01T00:00:00Z.
const HOURS_AGO = (h: number) => new Date(Date.parse('2026-06-01T00:00:00Z') - h * 3600_000).toISOString();

describe('gitops-synth status', () => {
  let tmp: string;
  let forge: LoopbackForge;
  let repo: FleetRepo;
  let env: NodeJS.ProcessEnv;
  const sha: Record<string, string> = {};
  let list: ClusterStatusList;
  let textRun: { code: number; stdout: string; stderr: string };

  const status = (state: string, context: string, description: string, createdAt: string) => ({
    context,
    state,
    description,
    targetUrl: '',
    createdAt,
  });
  const cluster = (id: string): ClusterStatus => list.clusters.find((c) => c.id === id)!;
  const run = (...extra: string[]) =>
    runCli(
      [
        'status',
        ...hostFlags({ repo: repo.url, provider: 'github', apiUrl: forge.apiUrl, project: 'acme/fleet' }),
        ...extra,
      ],
      { cwd: tmp, env },
    );

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-status-'));
    forge = await startLoopbackForge({ provider: 'github', project: 'acme/fleet' });
    repo = createFleetRepo(tmp);
    env = { ...repo.env, XDG_CACHE_HOME: path.join(tmp, 'cache'), GITOPS_TOKEN: forge.token };
    // X1, four hours ago: six clusters at once.
    const six = [
      'cluster-applied',
      'cluster-stale',
      'cluster-two-a',
      'cluster-two-b',
      'cluster-review',
      'cluster-progress',
    ];
    sha.x1 = repo.commit(
      Object.assign({}, ...six.map((id) => clusterFile(id))),
      synthMessage('fleet: add six clusters', 'intents@r1'),
      HOURS_AGO(4),
    );
    // Y on a branch two hours ago, merged with a merge commit M one hour ago.
    repo.checkout('gitops/cluster-failed', 'HEAD');
    sha.y = repo.commit(
      clusterFile('cluster-failed'),
      synthMessage('cluster-failed: add', 'intents@r2'),
      HOURS_AGO(2),
    );
    repo.checkout('main');
    sha.m = repo.merge('gitops/cluster-failed', HOURS_AGO(1));
    // X2, twenty minutes ago: the tip.
    sha.x2 = repo.commit(
      clusterFile('cluster-waiting'),
      synthMessage('cluster-waiting: add', 'intents@r3'),
      HOURS_AGO(1 / 3),
    );
    repo.push('main');
    // Open pull requests: one for a cluster already on main, one for a cluster main does not have yet.
    repo.checkout('gitops/cluster-review', 'main');
    repo.commit(
      clusterFile('cluster-review', 2),
      synthMessage('cluster-review: update', 'intents@r4'),
      HOURS_AGO(0.1),
    );
    repo.push('gitops/cluster-review');
    repo.checkout('gitops/cluster-new', 'main');
    repo.commit(clusterFile('cluster-new'), synthMessage('cluster-new: add', 'intents@r4'), HOURS_AGO(0.1));
    repo.push('gitops/cluster-new');
    seedPull(forge.state, { branch: 'gitops/cluster-review', title: 'cluster-review: update' });
    seedPull(forge.state, { branch: 'gitops/cluster-new', title: 'cluster-new: add' });
    seedPull(forge.state, { branch: 'gitops/cluster-failed', state: 'merged' });

    forge.state.statuses[sha.x1] = [
      status('failure', statusContext('flux', 'cluster-applied'), 'reconciliation failed', HOURS_AGO(3.9)),
      status('success', statusContext('flux', 'cluster-failed'), 'reconciliation succeeded', HOURS_AGO(3.9)),
    ];
    forge.state.statuses[sha.m] = [
      status('success', statusContext('flux', 'cluster-applied'), 'reconciliation succeeded', HOURS_AGO(0.9)),
    ];
    forge.state.statuses[sha.x2] = [
      status(
        'error',
        statusContext('argocd', 'cluster-failed'),
        'one or more objects failed to apply',
        HOURS_AGO(0.2),
      ),
      status('success', statusContext('flux', 'cluster-two-a'), 'reconciliation succeeded', HOURS_AGO(0.2)),
      status('success', statusContext('argocd', 'cluster-two-a'), 'synced and healthy', HOURS_AGO(0.2)),
      status('failure', statusContext('flux', 'cluster-two-b'), 'health check failed', HOURS_AGO(0.2)),
      status('failure', 'ci/build', 'lint failed', HOURS_AGO(0.2)),
      status('pending', statusContext('flux', 'cluster-progress'), 'progressing', HOURS_AGO(0.2)),
    ];
    const json = await run('--format', 'json');
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    list = JSON.parse(json.stdout) as ClusterStatusList;
    textRun = await run();
  });

  afterAll(async () => {
    await forge.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('GIVEN the loopback forge WHEN status runs THEN every request and answer matches the GitHub API description', () => {
    expect(forge.validationFailures).toEqual([]);
    expect(forge.writes()).toEqual([]);
  });

  it('GIVEN any fleet WHEN status prints JSON THEN it is the versioned ClusterStatusList, clusters sorted by id', () => {
    expect(list.apiVersion).toBe('gitops.vworkspace.io/v1alpha1');
    expect(list.kind).toBe('ClusterStatusList');
    expect(list.generatedAt).toBe('2026-06-01T00:00:00.000Z');
    expect(list.base).toEqual({ branch: 'main', sha: sha.x2 });
    expect(list.staleAfterSeconds).toBe(1800);
    expect(list.clusters.map((c) => c.id)).toEqual([
      'cluster-applied',
      'cluster-failed',
      'cluster-new',
      'cluster-progress',
      'cluster-review',
      'cluster-stale',
      'cluster-two-a',
      'cluster-two-b',
      'cluster-waiting',
    ]);
    expect(Object.keys(cluster('cluster-applied')).sort()).toEqual([
      'commit',
      'delivery',
      'id',
      'message',
      'pullRequest',
      'reports',
      'state',
    ]);
  });

  it('GIVEN an open pull request for a cluster WHEN status runs THEN it is pending-review, on the base or not yet', () => {
    const review = cluster('cluster-review');
    expect(review.state).toBe('pending-review');
    expect(review.pullRequest).toEqual({
      number: 1,
      url: expect.stringContaining('/pull/1'),
      branch: 'gitops/cluster-review',
      title: expect.any(String),
    });
    expect(review.commit?.sha).toBe(sha.x1);
    const fresh = cluster('cluster-new');
    expect(fresh.state).toBe('pending-review');
    expect(fresh.commit).toBeNull();
  });

  it('GIVEN a change merged twenty minutes ago and no report WHEN status runs THEN it is awaiting-sync with its intents revision', () => {
    const waiting = cluster('cluster-waiting');
    expect(waiting.state).toBe('awaiting-sync');
    expect(waiting.reports).toEqual([]);
    expect(waiting.commit).toEqual({
      sha: sha.x2,
      mergeSha: sha.x2,
      mergedAt: HOURS_AGO(1 / 3).replace(/\.\d+Z$/, '.000Z'),
      subject: 'cluster-waiting: add',
      intentsRevision: 'intents@r3',
      intentsDigest: `sha256:${'0'.repeat(64)}`,
    });
  });

  it('GIVEN a pending report from the controller WHEN the change is older than the threshold THEN it is awaiting-sync, not stale', () => {
    expect(cluster('cluster-progress').state).toBe('awaiting-sync');
    expect(cluster('cluster-progress').reports.map((r) => [r.context, r.state])).toEqual([
      [statusContext('flux', 'cluster-progress'), 'pending'],
    ]);
  });

  it('GIVEN a failure on the merge and a success on a later commit WHEN status runs THEN the later report wins: applied', () => {
    const applied = cluster('cluster-applied');
    expect(applied.state).toBe('applied');
    expect(applied.reports).toEqual([
      expect.objectContaining({
        controller: 'flux',
        context: statusContext('flux', 'cluster-applied'),
        state: 'success',
        commit: sha.m,
      }),
    ]);
  });

  it("GIVEN Argo CD reported an error on a later commit WHEN status runs THEN it is failed with the controller's message, and a report older than the merge is ignored", () => {
    const failed = cluster('cluster-failed');
    expect(failed.state).toBe('failed');
    expect(failed.message).toBe(
      `${statusContext('argocd', 'cluster-failed')}: one or more objects failed to apply`,
    );
    expect(failed.reports.map((r) => [r.controller, r.state, r.commit])).toEqual([
      ['argocd', 'failure', sha.x2],
    ]);
  });

  it('GIVEN a change merged with a merge commit WHEN status runs THEN the trailers come from the merged commit and the time from the merge', () => {
    expect(cluster('cluster-failed').commit).toEqual(
      expect.objectContaining({
        sha: sha.y,
        mergeSha: sha.m,
        intentsRevision: 'intents@r2',
        mergedAt: HOURS_AGO(1).replace(/\.\d+Z$/, '.000Z'),
      }),
    );
  });

  it('GIVEN a change merged four hours ago and nothing reported WHEN status runs with the default 30m THEN it is stale', () => {
    expect(cluster('cluster-stale').state).toBe('stale');
    expect(cluster('cluster-stale').message).toBe('nothing reported 4h after the merge (threshold 30m)');
  });

  it('GIVEN statuses of two clusters and two controllers on one commit WHEN status runs THEN none overwrites another and CI statuses are ignored', () => {
    expect(cluster('cluster-two-a').state).toBe('applied');
    expect(cluster('cluster-two-a').reports.map((r) => `${r.controller} ${r.context}`)).toEqual([
      `argocd ${statusContext('argocd', 'cluster-two-a')}`,
      `flux ${statusContext('flux', 'cluster-two-a')}`,
    ]);
    expect(cluster('cluster-two-b').state).toBe('failed');
    expect(cluster('cluster-two-b').message).toBe(
      `${statusContext('flux', 'cluster-two-b')}: health check failed`,
    );
    expect(JSON.stringify(list)).not.toContain('ci/build');
  });

  it('GIVEN every state WHEN status prints JSON THEN it is valid against schemas/cluster-status.v1alpha1.json, and every field is in the schema', () => {
    expect(new Set(list.clusters.map((c) => c.state))).toEqual(
      new Set(['pending-review', 'awaiting-sync', 'applied', 'failed', 'stale']),
    );
    expect(list.clusters.some((c) => c.reports.length > 0)).toBe(true);
    expect(schemaErrors('cluster-status.v1alpha1.json', list)).toEqual([]);
  });

  it('GIVEN a document the schema does not describe WHEN validated THEN it fails (the check has teeth)', () => {
    const drifted = { ...list, clusters: [{ ...list.clusters[0], status: 'renamed-field' }] };
    expect(schemaErrors('cluster-status.v1alpha1.json', drifted)).not.toEqual([]);
    expect(
      schemaErrors('cluster-status.v1alpha1.json', {
        ...list,
        clusters: [{ ...list.clusters[0], state: 'synced' }],
      }),
    ).not.toEqual([]);
  });

  it('GIVEN the text format WHEN status runs THEN each cluster has a line with its state, commit, revision and the failure message', () => {
    expect(textRun.code).toBe(0);
    expect(textRun.stdout).toMatch(
      new RegExp(`^cluster-failed +failed +${sha.y.slice(0, 12)} \\(intents intents@r2\\)$`, 'm'),
    );
    expect(textRun.stdout).toContain(
      `${statusContext('argocd', 'cluster-failed')}: one or more objects failed to apply`,
    );
    expect(textRun.stdout).toMatch(/^cluster-new +pending-review +not on the base branch +pull request #2$/m);
  });

  it('GIVEN --clusters and --stale-after WHEN status runs on an existing clone (--root) THEN only the matches are reported, judged by the new threshold', async () => {
    git(['fetch', '--quiet', 'origin'], { cwd: repo.workDir, env: repo.env });
    const result = await runCli(
      [
        'status',
        '--root',
        repo.workDir,
        '--clusters',
        'cluster-stale,cluster-waiting',
        '--stale-after',
        '10m',
        '--format',
        'json',
        '--provider',
        'github',
        '--api-url',
        forge.apiUrl,
        '--project',
        'acme/fleet',
      ],
      { cwd: tmp, env },
    );
    expect(result.stderr).toBe('');
    const narrowed = JSON.parse(result.stdout) as ClusterStatusList;
    expect(narrowed.clusters.map((c) => [c.id, c.state])).toEqual([
      ['cluster-stale', 'stale'],
      ['cluster-waiting', 'stale'],
    ]);
  });

  it('GIVEN a malformed --stale-after WHEN status runs THEN it fails as a bad flag before any call', async () => {
    const before = forge.requests.length;
    const result = await run('--stale-after', 'soon');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--stale-after: 'soon' is not a duration");
    expect(forge.requests.length).toBe(before);
  });
});

describe('gitops-synth status serve (flags)', () => {
  it('GIVEN no GITOPS_WEBHOOK_SECRET WHEN serve starts THEN it refuses before binding or calling anything', async () => {
    const result = await runCli(
      ['status', 'serve', '--listen', '127.0.0.1:0', '--repo', 'https://github.com/acme/fleet.git'],
      { cwd: os.tmpdir(), env: { GITOPS_TOKEN: 't' } },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[WEBHOOK_SECRET_MISSING]');
  });

  it('GIVEN a --listen without a port WHEN serve starts THEN it fails as a bad flag', async () => {
    const result = await runCli(
      ['status', 'serve', '--listen', 'localhost', '--repo', 'https://github.com/acme/fleet.git'],
      { cwd: os.tmpdir(), env: { GITOPS_WEBHOOK_SECRET: 'x' } },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--listen: 'localhost' is not host:port");
  });
});
