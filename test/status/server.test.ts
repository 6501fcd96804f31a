import { CLUSTER_ID_KEY, FLUX_EVENTS_PATH, fluxNames, statusContext } from '../../src/contract/sync-contract';
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { StatusServer } from '../../src/status/server';
import { signBody } from '../../src/status/webhooks/verify';
import type { ClusterStatusList } from '../../src/status/model';
import { LoopbackForge, startLoopbackForge } from '../support/forge';
import { clusterFile, createFleetRepo, FleetRepo, synthMessage } from './fleet-repo';
import { serveStatus, ServedStatus } from './serve-status';

const SECRET = 'webhook-secret-for-tests';
const NOW = new Date('2026-06-01T00:00:00Z');
const EVENTS_SECRET = 'flux-events-hmac-key';

/** A notification-controller event as its generic-hmac Provider sends it (metadata already combined). */
function fluxEvent(cluster: string, sha: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    involvedObject: {
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: fluxNames(cluster).kustomization,
      uid: '7d0c6c1e-0000-4000-8000-000000000001',
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    },
    severity: 'error',
    timestamp: '2026-05-31T23:58:00Z',
    message: 'HelmRelease/org-a/app dry-run failed: <img src=x onerror=alert(1)>',
    reason: 'HealthCheckFailed',
    metadata: { revision: `main@sha1:${sha}`, [CLUSTER_ID_KEY]: cluster },
    reportingController: 'kustomize-controller',
    ...overrides,
  });
}

describe('status serve', () => {
  let tmp: string;
  let forge: LoopbackForge;
  let repo: FleetRepo;
  let tip: string;
  const running: ServedStatus[] = [];

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-serve-'));
    forge = await startLoopbackForge({ provider: 'github', project: 'acme/fleet' });
    repo = createFleetRepo(tmp);
    tip = repo.commit(
      { ...clusterFile('cluster-a'), ...clusterFile('cluster-b') },
      synthMessage('fleet: add', 'intents@r1'),
      '2026-05-31T23:50:00Z',
    );
    repo.push('main');
  });

  afterEach(async () => {
    for (const { server, monitor } of running.splice(0)) {
      await server.close();
      await monitor.idle();
    }
    await forge.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function serve(): Promise<ServedStatus> {
    const served = await serveStatus({
      forge,
      repo,
      dir: tmp,
      now: NOW,
      secret: SECRET,
      eventsSecret: EVENTS_SECRET,
    });
    running.push(served);
    return served;
  }

  function statusPayload(
    context: string,
    state: string,
    description: string,
    createdAt = '2026-05-31T23:55:00Z',
  ): string {
    return JSON.stringify({
      id: 1,
      sha: tip,
      name: 'acme/fleet',
      context,
      state,
      description,
      target_url: null,
      created_at: createdAt,
      updated_at: createdAt,
    });
  }

  async function deliver(
    server: StatusServer,
    body: string,
    headers: Record<string, string> = {},
    event = 'status',
  ) {
    const response = await fetch(`${server.url}/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': `sha256=${signBody(body, SECRET)}`,
        ...headers,
      },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const get = async (server: StatusServer, url: string) => {
    const response = await fetch(`${server.url}${url}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('GIVEN a signed status delivery WHEN it arrives THEN GET /clusters/<id> reflects it and GET /clusters is the status JSON', async () => {
    const { server } = await serve();
    expect((await get(server, '/clusters/cluster-a')).body.state).toBe('awaiting-sync');
    const reply = await deliver(
      server,
      statusPayload(statusContext('flux', 'cluster-a'), 'failure', 'health check failed'),
    );
    expect(reply.status).toBe(202);
    const one = await get(server, '/clusters/cluster-a');
    expect(one.status).toBe(200);
    expect(one.body).toEqual(
      expect.objectContaining({
        apiVersion: 'gitops.vworkspace.io/v1alpha1',
        kind: 'ClusterStatus',
        id: 'cluster-a',
        state: 'failed',
        message: `${statusContext('flux', 'cluster-a')}: health check failed`,
      }),
    );
    const all = (await get(server, '/clusters')).body as unknown as ClusterStatusList;
    expect(all.kind).toBe('ClusterStatusList');
    expect(all.clusters.map((c) => [c.id, c.state])).toEqual([
      ['cluster-a', 'failed'],
      ['cluster-b', 'awaiting-sync'],
    ]);
    expect((await get(server, '/clusters/cluster-zz')).status).toBe(404);
    expect(forge.validationFailures).toEqual([]);
  });

  it.each(['/clusters/%E0%A4%A', '/clusters/%', '/clusters/a%ZZ'])(
    'GIVEN a malformed percent-encoding (%s) WHEN asked THEN 400, never 500',
    async (url) => {
      const { server } = await serve();
      const reply = await get(server, url);
      expect(reply).toEqual({
        status: 400,
        body: { error: 'the cluster id in the path is not valid percent-encoding' },
      });
    },
  );

  it('GIVEN unsigned and forged deliveries WHEN they arrive THEN both are refused with 401 and change nothing', async () => {
    const { server, monitor } = await serve();
    const body = statusPayload(statusContext('flux', 'cluster-a'), 'success', 'reconciliation succeeded');
    const unsigned = await deliver(server, body, { 'x-hub-signature-256': '' });
    expect(unsigned.status).toBe(401);
    const forged = await deliver(server, body, {
      'x-hub-signature-256': `sha256=${signBody(body, 'not-the-secret')}`,
    });
    expect(forged.status).toBe(401);
    const tampered = await deliver(server, body.replace('success', 'failure'), {
      'x-hub-signature-256': `sha256=${signBody(body, SECRET)}`,
    });
    expect(tampered.status).toBe(401);
    expect(monitor.applied).toBe(0);
    expect((await get(server, '/clusters/cluster-a')).body.state).toBe('awaiting-sync');
  });

  it('GIVEN a delivery already received WHEN it is replayed (same id, or a new id with an older status) THEN nothing changes', async () => {
    const { server, monitor } = await serve();
    const success = statusPayload(
      statusContext('flux', 'cluster-a'),
      'success',
      'reconciliation succeeded',
      '2026-05-31T23:58:00Z',
    );
    const id = randomUUID();
    expect((await deliver(server, success, { 'x-github-delivery': id })).status).toBe(202);
    const replay = await deliver(server, success, { 'x-github-delivery': id });
    expect(replay).toEqual({ status: 200, body: { result: 'duplicate', delivery: id } });
    expect(monitor.applied).toBe(1);
    // An older failure, re-sent under a fresh delivery id, does not overwrite the newer success.
    const older = statusPayload(
      statusContext('flux', 'cluster-a'),
      'failure',
      'health check failed',
      '2026-05-31T23:55:00Z',
    );
    expect((await deliver(server, older)).status).toBe(202);
    expect((await get(server, '/clusters/cluster-a')).body.state).toBe('applied');
  });

  it('GIVEN a burst of 200 concurrent signed deliveries for four contexts WHEN they arrive THEN every one is accepted, the newest wins per context and no context overwrites another', async () => {
    const { server } = await serve();
    const contexts = [
      statusContext('flux', 'cluster-a'),
      statusContext('argocd', 'cluster-a'),
      statusContext('flux', 'cluster-b'),
      statusContext('argocd', 'cluster-b'),
    ];
    const at = (i: number) => new Date(Date.parse('2026-05-31T23:00:00Z') + i * 1000).toISOString();
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        deliver(server, statusPayload(contexts[i % 4], 'success', `report ${i}`, at(i))),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(200).fill(202));
    const all = (await get(server, '/clusters')).body as unknown as ClusterStatusList;
    expect(all.clusters.map((c) => [c.id, c.state, c.reports.map((r) => r.description)])).toEqual([
      ['cluster-a', 'applied', ['report 197', 'report 196']],
      ['cluster-b', 'applied', ['report 199', 'report 198']],
    ]);
  });

  it('GIVEN statuses posted while the server was down WHEN it restarts THEN the first poll recovers them without any delivery', async () => {
    const first = await serve();
    await deliver(first.server, statusPayload(statusContext('argocd', 'cluster-b'), 'success', 'synced'));
    await first.server.close();
    forge.state.statuses[tip] = [
      {
        context: statusContext('argocd', 'cluster-b'),
        state: 'error',
        description: 'sync failed: quota exceeded',
        targetUrl: '',
        createdAt: '2026-05-31T23:59:00Z',
      },
    ];
    const second = await serve();
    expect(second.monitor.applied).toBe(0);
    const b = (await get(second.server, '/clusters/cluster-b')).body;
    expect(b).toEqual(
      expect.objectContaining({
        state: 'failed',
        message: `${statusContext('argocd', 'cluster-b')}: sync failed: quota exceeded`,
      }),
    );
  });

  it('GIVEN a push to the base branch WHEN its delivery arrives THEN the server re-reads Git and reports the new commit', async () => {
    const { server, monitor } = await serve();
    const next = repo.commit(
      clusterFile('cluster-c'),
      synthMessage('cluster-c: add', 'intents@r2'),
      '2026-05-31T23:59:00Z',
    );
    repo.push('main');
    const reply = await deliver(server, JSON.stringify({ ref: 'refs/heads/main', after: next }), {}, 'push');
    expect(reply).toEqual({ status: 202, body: expect.objectContaining({ result: 'refresh' }) });
    await monitor.idle();
    const c = (await get(server, '/clusters/cluster-c')).body;
    expect(c).toEqual(
      expect.objectContaining({
        state: 'awaiting-sync',
        commit: expect.objectContaining({ sha: next, intentsRevision: 'intents@r2' }),
      }),
    );
  });

  it('GIVEN a delivery larger than the limit or a GET on the webhook WHEN they arrive THEN 413 and 405', async () => {
    const { server } = await serve();
    const huge = await fetch(`${server.url}/webhook`, { method: 'POST', body: 'x'.repeat(6 * 1024 * 1024) })
      .then((r) => r.status)
      .catch(() => 413);
    expect(huge).toBe(413);
    expect((await get(server, '/webhook')).status).toBe(405);
  });
  async function sendEvent(
    server: StatusServer,
    body: string,
    signature: string | null = `sha256=${signBody(body, EVENTS_SECRET)}`,
  ) {
    const response = await fetch(`${server.url}${FLUX_EVENTS_PATH}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature === null ? {} : { 'x-signature': signature }),
      },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it("GIVEN a signed Flux failure event WHEN it arrives THEN the cluster is failed with the controller's message, from the event path", async () => {
    const { server } = await serve();
    expect(await sendEvent(server, fluxEvent('cluster-a', tip))).toEqual({
      status: 202,
      body: { result: 'applied', cluster: 'cluster-a', commit: tip },
    });
    const a = (await get(server, '/clusters/cluster-a')).body as unknown as {
      state: string;
      reports: unknown[];
    };
    expect(a.state).toBe('failed');
    expect(a.reports).toEqual([
      expect.objectContaining({
        context: statusContext('flux', 'cluster-a'),
        state: 'failure',
        reason: 'health check failed',
        message: 'HelmRelease/org-a/app dry-run failed: <img src=x onerror=alert(1)>',
        sources: { state: 'controller-event', reason: 'controller-event', message: 'controller-event' },
      }),
    ]);
    expect((await get(server, '/clusters/cluster-b')).body.state).toBe('awaiting-sync');
  });

  it('GIVEN a commit status and a later event on the same commit WHEN both arrived THEN the reason comes from Git and the message from the event', async () => {
    const { server } = await serve();
    await deliver(
      server,
      statusPayload(
        statusContext('flux', 'cluster-a'),
        'failure',
        'health check failed',
        '2026-05-31T23:57:00Z',
      ),
    );
    await sendEvent(server, fluxEvent('cluster-a', tip));
    const report = (
      (await get(server, '/clusters/cluster-a')).body as unknown as {
        reports: Array<Record<string, unknown>>;
      }
    ).reports[0];
    expect(report).toEqual(
      expect.objectContaining({
        reason: 'health check failed',
        description: 'health check failed',
        message: expect.stringContaining('dry-run failed'),
        sources: { state: 'controller-event', reason: 'commit-status', message: 'controller-event' },
      }),
    );
  });

  it.each([
    ['unsigned', null, 401],
    ['signed with another key', `sha256=${signBody('x', 'another-key')}`, 401],
    ['signed with the webhook secret', 'webhook', 401],
    ['malformed signature', 'sha256=zz', 401],
  ])(
    'GIVEN an event %s WHEN it arrives THEN it is refused and nothing changes',
    async (_what, signature, status) => {
      const { server } = await serve();
      const body = fluxEvent('cluster-a', tip);
      const sent = signature === 'webhook' ? `sha256=${signBody(body, SECRET)}` : signature;
      expect((await sendEvent(server, body, sent)).status).toBe(status);
      expect((await get(server, '/clusters/cluster-a')).body.state).toBe('awaiting-sync');
    },
  );

  it('GIVEN an event WHEN it is delivered again, or an old one is replayed THEN the repeat is acknowledged as a duplicate and the stale one refused, changing nothing', async () => {
    const { server } = await serve();
    const body = fluxEvent('cluster-a', tip, {
      severity: 'info',
      reason: 'ReconciliationSucceeded',
      message: 'Reconciliation finished',
    });
    expect((await sendEvent(server, body)).status).toBe(202);
    expect(await sendEvent(server, body)).toEqual({ status: 200, body: { result: 'duplicate' } });
    const old = fluxEvent('cluster-a', tip, { timestamp: '2026-05-31T22:00:00Z' });
    expect((await sendEvent(server, old)).status).toBe(400);
    const future = fluxEvent('cluster-a', tip, { timestamp: '2026-06-01T01:00:00Z' });
    expect((await sendEvent(server, future)).status).toBe(400);
    expect((await get(server, '/clusters/cluster-a')).body.state).toBe('applied');
  });

  it("GIVEN an event too large, or one for a renamed Kustomization, another cluster's name, or without a revision WHEN it arrives THEN 413, or it is ignored", async () => {
    const { server } = await serve();
    expect(
      (await sendEvent(server, fluxEvent('cluster-a', tip, { message: 'x'.repeat(300 * 1024) }))).status,
    ).toBe(413);
    const renamed = fluxEvent('cluster-a', tip, {
      involvedObject: { kind: 'Kustomization', namespace: 'flux-system', name: 'flux-system' },
    });
    expect(await sendEvent(server, renamed)).toEqual({
      status: 200,
      body: expect.objectContaining({ result: 'ignored' }),
    });
    const crossed = fluxEvent('cluster-a', tip, {
      involvedObject: {
        kind: 'Kustomization',
        namespace: 'flux-system',
        name: fluxNames('cluster-b').kustomization,
      },
    });
    expect(await sendEvent(server, crossed)).toEqual({
      status: 200,
      body: expect.objectContaining({ result: 'ignored' }),
    });
    const noRevision = fluxEvent('cluster-a', tip, { metadata: { [CLUSTER_ID_KEY]: 'cluster-a' } });
    expect(await sendEvent(server, noRevision)).toEqual({
      status: 200,
      body: expect.objectContaining({ result: 'ignored' }),
    });
    expect((await get(server, '/clusters/cluster-a')).body.state).toBe('awaiting-sync');
  });
});
