/**
 * A three-wave rollout end to end, driven only through the CLI: a bare repository over
 * smart HTTP, the loopback forge (GitHub's API), reviewed merges, and the Flux and Argo
 * CD simulators fed what `bootstrap` printed. The waves come from the config file:
 * canary (cluster-lab-*, soak 30m), prod (cluster-prod-*), rest (everything else).
 * Everything the rollout knows it reads back from Git and the forge on each run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ArgoCdSimulator } from '../support/controllers/argocd';
import { FluxSimulator } from '../support/controllers/flux';
import { createCliFleet, CliFleet } from '../support/cli-fleet';
import { git } from '../support/git-server';
import { schemaErrors } from '../support/schemas';
import type { PublishReport } from '../../src/publish/report';

jest.setTimeout(180_000);

const TOKEN = 'ghs_rollout0Story0Token0Value01234567';
const BROKEN_VERSION = '29.0.0-broken';
const CONFIG = path.resolve(__dirname, '../fixtures/config/three-waves.yaml');

type Status = {
  halted: boolean;
  failures: number;
  waves: Array<{
    name: string;
    status: string;
    wait: { kind: string; message: string; secondsLeft?: number } | null;
    clusters: Array<{ id: string; state: string; action: string }>;
  }>;
  next: string[];
};

describe('a three-wave rollout: canary applied and soaked, the next wave opens, a failure halts and is rolled back', () => {
  let fleet: CliFleet;
  /** The one clock of the story: the CLI's now and the forge's status timestamps. */
  let clock = Date.parse('2026-06-01T00:00:00Z');
  const flux: Record<string, FluxSimulator> = {};
  let argocd: ArgoCdSimulator;

  beforeAll(async () => {
    fleet = await createCliFleet({
      name: 'rollout',
      identity: 'none',
      http: true,
      forge: { token: TOKEN, now: () => new Date(clock) },
    });
    fs.copyFileSync(CONFIG, path.join(fleet.tmp, 'gitops-synth.yaml'));
  });

  afterAll(() => fleet.close());

  const hostFlags = () => fleet.hostFlags();
  const cli = (...args: string[]) => fleet.run(args, { now: () => new Date(clock) });
  const bootstrap = (id: string, ...extra: string[]) =>
    cli('bootstrap', '--intents', fleet.intents, '--cluster', id, ...hostFlags(), ...extra);
  const publish = (revision: string, ...extra: string[]) =>
    cli(
      'publish',
      ...hostFlags(),
      '--intents',
      fleet.intents,
      '--intents-revision',
      revision,
      '--api-write-pause',
      '0',
      ...extra,
    );
  async function rollout(revision: string): Promise<Status> {
    const run = await cli(
      'rollout',
      ...hostFlags(),
      '--intents',
      fleet.intents,
      '--intents-revision',
      revision,
      '--format',
      'json',
    );
    expect([run.code, run.stderr]).toEqual([0, '']);
    const document = JSON.parse(run.stdout) as Status;
    expect(schemaErrors('rollout-status.v1alpha1.json', document)).toEqual([]);
    return document;
  }
  async function publishJson(revision: string, ...extra: string[]): Promise<PublishReport> {
    const run = await publish(revision, '--format', 'json', ...extra);
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout) as PublishReport;
    expect(schemaErrors('publish-report.v1alpha1.json', document)).toEqual([]);
    return document;
  }
  const pullsOf = (branch: string) => fleet.forge.state.pulls.filter((p) => p.branch === branch);
  const openPull = (branch: string) => pullsOf(branch).find((p) => p.state === 'open')!;
  const merge = (branch: string, ...reviewers: string[]) => fleet.merge(openPull(branch), reviewers);
  const trailerOn = (ref: string, key: string) =>
    git(['log', '-1', `--format=%(trailers:key=${key},valueonly)`, ref], { cwd: fleet.bare.dir }).trim();

  const judge = (sha: string, kustomizationPath: string) =>
    fleet.judgeFailing(BROKEN_VERSION, 'dry-run failed')(sha, kustomizationPath);

  it('GIVEN a new revision for the whole fleet WHEN published THEN only the canary gets a pull request and the later waves say they wait', async () => {
    const run = await publish('r1');
    expect([run.code, run.stderr.includes('Error')]).toEqual([0, false]);
    expect(fleet.forge.state.pulls.map((p) => p.branch)).toEqual(['gitops/cluster-lab-1']);
    expect(run.stdout).toContain('rollout: wave prod waiting: wave canary: 1 of 1 clusters not applied yet');
    expect(run.stdout).toContain('rollout: wave rest waiting: wave canary: 1 of 1 clusters not applied yet');
    const status = await rollout('r1');
    expect(status.waves.map((w) => [w.name, w.status, w.wait?.kind ?? null])).toEqual([
      ['canary', 'in-progress', null],
      ['prod', 'waiting', 'earlier-wave'],
      ['rest', 'waiting', 'earlier-wave'],
    ]);
    expect(status.waves[0].clusters).toEqual([
      expect.objectContaining({ id: 'cluster-lab-1', state: 'pending-review', action: 'update' }),
    ]);
    // The same gate, for CI: a rerun with --format json says it per wave, and changes nothing.
    const json = await publishJson('r1');
    expect(json.groups.map((g) => [g.branch, g.status, g.pullRequest?.action])).toEqual([
      ['gitops/cluster-lab-1', 'unchanged', 'unchanged'],
    ]);
    expect(json.rollout!.waves.map((w) => [w.name, w.status, w.wait?.kind ?? null])).toEqual([
      ['canary', 'in-progress', null],
      ['prod', 'waiting', 'earlier-wave'],
      ['rest', 'waiting', 'earlier-wave'],
    ]);
    expect(fleet.forge.state.pulls).toHaveLength(1);
  });

  it('GIVEN the canary merged and applied WHEN published before the soak is over THEN prod waits for the soak; the text says how long', async () => {
    for (const id of ['cluster-prod-1', 'cluster-edge-1']) {
      const run = await bootstrap(id);
      expect([run.code, run.stderr]).toEqual([0, '']);
      flux[id] = new FluxSimulator({
        bootstrapYaml: run.stdout,
        secrets: {
          'gitops-synth-read-token': { username: 'git', password: TOKEN },
          'gitops-synth-commit-status': { token: TOKEN },
        },
        apiUrlFor: () => fleet.forge.apiUrl,
        readToken: TOKEN,
        judge,
      });
    }
    const lab = await bootstrap('cluster-lab-1');
    argocd = new ArgoCdSimulator({
      bootstrapYaml: lab.stdout,
      secrets: { 'gitops-synth-status-token': TOKEN },
      readToken: TOKEN,
      judge,
    });
    merge('gitops/cluster-lab-1', '@acme/lab');
    for (const sent of await argocd.reconcile()) expect(sent.status).toBe(201);
    clock += 10 * 60_000;
    const run = await publish('r1');
    expect(run.code).toBe(0);
    expect(pullsOf('gitops/cluster-prod-1')).toEqual([]);
    expect(run.stdout).toContain('rollout: wave prod waiting: wave canary is soaking: 20m left');
    const text = await cli('rollout', ...hostFlags(), '--intents', fleet.intents, '--intents-revision', 'r1');
    expect(text.stdout).toMatch(/wave canary: in-progress, soak 30m\n {2}cluster-lab-1 +applied +none/);
    expect(text.stdout).toContain(
      'wave prod: waiting, at most 25 in flight — wave canary is soaking: 20m left',
    );
    expect((await rollout('r1')).waves[1].wait).toEqual({
      kind: 'soak',
      message: 'wave canary is soaking: 20m left',
      secondsLeft: 1200,
    });
  });

  it('GIVEN the soak over WHEN published THEN the prod wave opens and the rest still waits for it', async () => {
    clock += 21 * 60_000;
    const run = await publish('r1');
    expect(run.code).toBe(0);
    expect(openPull('gitops/cluster-prod-1')).toBeDefined();
    expect(pullsOf('gitops/cluster-edge-1')).toEqual([]);
    expect(trailerOn('refs/heads/gitops/cluster-prod-1', 'Intents-Revision')).toBe('r1');
    expect((await rollout('r1')).waves.map((w) => w.status)).toEqual(['done', 'in-progress', 'waiting']);
  });

  it('GIVEN a new revision while prod is under review WHEN published THEN the canary gets it, and the prod pull request keeps r1 and says why it waits', async () => {
    const lab = path.join(fleet.intents, 'lab.json');
    fs.writeFileSync(lab, fs.readFileSync(lab, 'utf8').replace('"replicas": 1', '"replicas": 2'));
    const prod = path.join(fleet.intents, 'prod.yaml');
    fs.writeFileSync(
      prod,
      fs.readFileSync(prod, 'utf8').replace(/version: "28\.0\.4"/, `version: "${BROKEN_VERSION}"`),
    );
    const run = await publish('r2');
    expect(run.code).toBe(0);
    expect(trailerOn('refs/heads/gitops/cluster-lab-1', 'Intents-Revision')).toBe('r2');
    // The invariant: prod never receives a tree of r2 before the canary applied r2.
    expect(trailerOn('refs/heads/gitops/cluster-prod-1', 'Intents-Revision')).toBe('r1');
    expect(openPull('gitops/cluster-prod-1').body).toContain(
      '**Rollout: wave `prod` waits.** wave canary: 1 of 1 clusters not applied yet.',
    );
    expect(run.stdout).toContain(
      `rollout: pull request #${openPull('gitops/cluster-prod-1').number} now says why it waits`,
    );
    // Said once: the next run edits nothing.
    const writes = fleet.forge.writes().length;
    expect((await publish('r2')).code).toBe(0);
    expect(fleet.forge.writes().length).toBe(writes);
  });

  it('GIVEN the canary applied r2 and soaked WHEN published THEN the prod pull request gets r2 and loses the note', async () => {
    merge('gitops/cluster-lab-1', '@acme/lab');
    await argocd.reconcile();
    clock += 31 * 60_000;
    expect((await publish('r2')).code).toBe(0);
    expect(trailerOn('refs/heads/gitops/cluster-prod-1', 'Intents-Revision')).toBe('r2');
    expect(openPull('gitops/cluster-prod-1').body).not.toContain('waits.');
  });

  it('GIVEN prod merged and failing WHEN published with --auto-rollback THEN the rollout halts, rest never opens, and the revert pull request opens', async () => {
    const merged = merge('gitops/cluster-prod-1', '@acme/prod-approvers');
    await flux['cluster-prod-1'].reconcile();
    const run = await publish('r2', '--auto-rollback');
    expect([run.code, run.stderr.includes('Error')]).toEqual([0, false]);
    expect(run.stdout).toContain('rollout: halted (1 failed of a budget of 1)');
    expect(run.stdout).toContain(
      `rollout: gitops/rollback-${merged.slice(0, 12)}: reverts ${merged.slice(0, 12)}`,
    );
    expect(openPull(`gitops/rollback-${merged.slice(0, 12)}`)).toBeDefined();
    expect(pullsOf('gitops/cluster-edge-1')).toEqual([]);
    const status = await rollout('r2');
    expect([status.halted, status.failures]).toEqual([true, 1]);
    expect(status.waves.map((w) => [w.name, w.status, w.wait?.kind ?? null])).toEqual([
      ['canary', 'done', null],
      ['prod', 'halted', 'failure'],
      ['rest', 'waiting', 'earlier-wave'],
    ]);
    // A rerun opens no second revert; its JSON report names the one that exists.
    const again = await publishJson('r2', '--auto-rollback');
    expect(again.rollout!.halted).toBe(true);
    expect(again.rollbacks).toEqual([
      expect.objectContaining({
        branch: `gitops/rollback-${merged.slice(0, 12)}`,
        reverted: merged,
        pullRequest: expect.objectContaining({ action: 'unchanged' }),
      }),
    ]);
    expect(pullsOf(`gitops/rollback-${merged.slice(0, 12)}`)).toHaveLength(1);
    expect(fleet.forge.validationFailures).toEqual([]);
  });
});
