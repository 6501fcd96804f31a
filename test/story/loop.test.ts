/**
 * The whole loop, driven only through the CLI, against real counterparts: a bare
 * repository served over smart HTTP, the loopback forge (GitHub's API, checked
 * against its OpenAPI description), `status serve` as a child process, and
 * simulators of Flux and Argo CD fed exactly what `bootstrap` printed. Three
 * clusters share one repository: two follow Flux, one Argo CD. Nothing here
 * writes a context, object name or metadata key by hand: if bootstrap and status
 * ever disagree on one, the reports land nowhere and this test fails.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_COMMIT_IDENTITY } from '../../src/workspace/identity';
import { ArgoCdSimulator } from '../support/controllers/argocd';
import { FluxSimulator } from '../support/controllers/flux';
import { createCliFleet, CliFleet } from '../support/cli-fleet';
import { git } from '../support/git-server';
import { freePort, waitFor } from '../support/process';

jest.setTimeout(120_000);

const bin = path.resolve(__dirname, '../../bin/gitops-synth.js');
const TOKEN = 'ghs_story0Loop0Token0Value0123456789';
const EVENTS_SECRET = 'story-events-hmac-key';
const BROKEN_VERSION = '29.0.0-broken';
const DRY_RUN_FAILURE =
  'HelmRelease/org-myteam/nextcloud-myteam dry-run failed: template: nextcloud/templates/deployment.yaml:12: executing "nextcloud" at <.Values.image.tag>: nil pointer';

type Cluster = {
  id: string;
  state: string;
  message: string;
  reports: Array<{
    controller: string;
    context: string;
    state: string;
    reason: string;
    message: string | null;
    sources: Record<string, string | null>;
  }>;
};

describe('the loop: intent, reviewed PR, merge, apply, status, rollback', () => {
  let fleet: CliFleet;
  let serve: ChildProcess | undefined;

  beforeAll(async () => {
    // A fresh runner: an empty HOME, no Git identity anywhere; publish and rollback commit as the default bot.
    fleet = await createCliFleet({ name: 'story', identity: 'none', http: true, forge: { token: TOKEN } });
  });

  afterAll(async () => {
    serve?.kill('SIGKILL');
    await fleet.close();
  });

  const hostFlags = () => fleet.hostFlags();
  const cli = (...args: string[]) => fleet.run(args);
  const bootstrap = (id: string, ...extra: string[]) =>
    cli('bootstrap', '--intents', fleet.intents, '--cluster', id, ...hostFlags(), ...extra);

  async function status(): Promise<Map<string, Cluster>> {
    const run = await cli('status', ...hostFlags(), '--format', 'json', '--stale-after', '1h');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return new Map((JSON.parse(run.stdout).clusters as Cluster[]).map((c) => [c.id, c]));
  }

  async function served(id: string): Promise<Cluster> {
    const response = await fetch(`${serveUrl}/clusters/${id}`);
    return (await response.json()) as Cluster;
  }

  function openPull(branch: string) {
    const pull = fleet.forge.state.pulls.find((p) => p.branch === branch && p.state === 'open');
    if (pull === undefined)
      throw new Error(
        `no open pull request for ${branch}: ${fleet.forge.state.pulls.map((p) => `${p.branch}:${p.state}`).join(', ')}`,
      );
    return pull;
  }

  const merge = (branch: string, ...reviewers: string[]) => fleet.merge(openPull(branch), reviewers);

  /** What the cluster's files at `sha` amount to when applied: the broken chart version fails its dry run. */
  const judge = (sha: string, kustomizationPath: string) =>
    fleet.judgeFailing(BROKEN_VERSION, DRY_RUN_FAILURE)(sha, kustomizationPath);

  let serveUrl = '';
  const flux: Record<string, FluxSimulator> = {};
  let argocd: ArgoCdSimulator;

  async function reconcileAll(): Promise<void> {
    for (const simulator of Object.values(flux)) {
      for (const reconciliation of await simulator.reconcile()) {
        for (const post of reconciliation.posts) expect([201, 202, 200]).toContain(post.status);
      }
    }
    for (const sent of await argocd.reconcile()) expect(sent.status).toBe(201);
  }

  it('GIVEN the fleet WHEN published as one fleet pull request THEN each cluster is pending-review', async () => {
    const run = await fleet.cli('publish', '--intents', fleet.intents, '--group-by', 'fleet');
    expect(run.code).toBe(0);
    const states = await status();
    expect([...states.values()].map((c) => [c.id, c.state])).toEqual([
      ['cluster-edge-1', 'pending-review'],
      ['cluster-lab-1', 'pending-review'],
      ['cluster-prod-1', 'pending-review'],
    ]);
  });

  it("GIVEN the pull request WHEN only some code owners approve THEN the merge is refused; WHEN every cluster's owners approve THEN it merges and the clusters await sync", async () => {
    expect(() => merge('gitops/fleet', '@acme/lab')).toThrow(
      /review required: no code owner of clusters\/cluster-edge-1\//,
    );
    merge('gitops/fleet', '@acme/lab', '@acme/prod-approvers');
    const states = await status();
    expect([...states.values()].map((c) => c.state)).toEqual([
      'awaiting-sync',
      'awaiting-sync',
      'awaiting-sync',
    ]);
  });

  it("GIVEN bootstrap's own output on each cluster WHEN the controllers reconcile THEN every cluster is applied, each credited only with its own reports", async () => {
    const port = await freePort();
    serveUrl = `http://127.0.0.1:${port}`;
    serve = spawn(
      process.execPath,
      [bin, 'status', 'serve', ...hostFlags(), '--listen', `127.0.0.1:${port}`],
      {
        cwd: fleet.tmp,
        env: {
          ...fleet.env,
          GITOPS_WEBHOOK_SECRET: 'story-webhook-secret',
          GITOPS_EVENTS_SECRET: EVENTS_SECRET,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    await waitFor(serve, 'listening on');
    const secrets = {
      'gitops-synth-read-token': { username: 'git', password: TOKEN },
      'gitops-synth-commit-status': { token: TOKEN },
      'gitops-synth-events': { token: EVENTS_SECRET },
    };
    for (const id of ['cluster-prod-1', 'cluster-edge-1']) {
      const run = await bootstrap(id, '--status-url', serveUrl);
      expect([run.code, run.stderr]).toEqual([0, '']);
      flux[id] = new FluxSimulator({
        bootstrapYaml: run.stdout,
        secrets,
        apiUrlFor: () => fleet.forge.apiUrl,
        readToken: TOKEN,
        judge,
      });
    }
    const lab = await bootstrap('cluster-lab-1');
    expect([lab.code, lab.stderr]).toEqual([0, '']);
    argocd = new ArgoCdSimulator({
      bootstrapYaml: lab.stdout,
      secrets: { 'gitops-synth-status-token': TOKEN },
      readToken: TOKEN,
      judge,
    });

    await reconcileAll();
    const states = await status();
    for (const cluster of states.values()) {
      expect([cluster.id, cluster.state]).toEqual([cluster.id, 'applied']);
      expect(cluster.reports.map((r) => r.context.split('/').pop())).toEqual(
        cluster.reports.map(() => cluster.id),
      );
    }
    expect(states.get('cluster-lab-1')!.reports.map((r) => r.controller)).toEqual(['argocd']);
    expect(states.get('cluster-prod-1')!.reports.map((r) => r.controller)).toEqual(['flux']);
    expect(fleet.forge.validationFailures).toEqual([]);
  });

  it("GIVEN a broken change merged for one Flux cluster WHEN it reconciles THEN it is failed: the reason from Git, the controller's message through status serve; the others stay applied", async () => {
    const prod = path.join(fleet.intents, 'prod.yaml');
    fs.writeFileSync(
      prod,
      fs.readFileSync(prod, 'utf8').replace(/version: "28\.0\.4"/, `version: "${BROKEN_VERSION}"`),
    );
    const run = await fleet.cli('publish', '--intents', fleet.intents, '--clusters', 'cluster-prod-1');
    expect(run.code).toBe(0);
    expect(() => merge('gitops/cluster-prod-1', '@acme/lab')).toThrow(/review required/);
    merge('gitops/cluster-prod-1', '@acme/prod-approvers');
    await reconcileAll();

    const fromGit = (await status()).get('cluster-prod-1')!;
    expect(fromGit.state).toBe('failed');
    expect(fromGit.reports[0]).toEqual(
      expect.objectContaining({
        state: 'failure',
        reason: 'health check failed',
        message: null,
        sources: expect.objectContaining({ reason: 'commit-status', message: null }),
      }),
    );

    const live = await eventually(
      () => served('cluster-prod-1'),
      (c) => c.state === 'failed' && c.reports[0]?.message !== null,
    );
    expect(live.reports[0]).toEqual(
      expect.objectContaining({
        reason: 'health check failed',
        message: DRY_RUN_FAILURE,
        sources: expect.objectContaining({ reason: 'commit-status', message: 'controller-event' }),
      }),
    );
    expect(live.message).toContain(DRY_RUN_FAILURE);
    expect((await status()).get('cluster-edge-1')!.state).toBe('applied');
    expect((await status()).get('cluster-lab-1')!.state).toBe('applied');
  });

  it('GIVEN the failed change WHEN rolled back through a reviewed pull request and reconciled THEN the cluster is applied again', async () => {
    const broken = fleet.forge.state.pulls
      .filter((p) => p.branch === 'gitops/cluster-prod-1' && p.state === 'merged')
      .pop()!;
    const run = await fleet.cli('rollback', '--pull-request', String(broken.number));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const rollback = fleet.forge.state.pulls.find(
      (p) => p.branch.startsWith('gitops/rollback-') && p.state === 'open',
    )!;
    expect(git(['log', '-1', '--format=%an <%ae>|%cn <%ce>', rollback.branch], { cwd: fleet.bare.dir })).toBe(
      `${DEFAULT_COMMIT_IDENTITY.name} <${DEFAULT_COMMIT_IDENTITY.email}>|${DEFAULT_COMMIT_IDENTITY.name} <${DEFAULT_COMMIT_IDENTITY.email}>`,
    );
    merge(rollback.branch, '@acme/prod-approvers');
    expect((await status()).get('cluster-prod-1')!.state).toBe('awaiting-sync');
    await reconcileAll();
    const states = await status();
    expect([...states.values()].map((c) => [c.id, c.state])).toEqual([
      ['cluster-edge-1', 'applied'],
      ['cluster-lab-1', 'applied'],
      ['cluster-prod-1', 'applied'],
    ]);
    const after = await eventually(
      () => served('cluster-prod-1'),
      (c) => c.state === 'applied',
    );
    expect(after.state).toBe('applied');
    expect(fleet.forge.validationFailures).toEqual([]);
  });
});

/** Polls `read` until `done` holds (status serve applies deliveries asynchronously), for at most 10 s. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
