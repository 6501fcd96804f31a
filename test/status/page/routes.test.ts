import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { statusContext } from '../../../src/contract/sync-contract';
import { AccessGate, isLoopback } from '../../../src/status/page/access';
import { serveFleet, ServedFleet } from './serve-fleet';

describe('status serve: the page, /events, /metrics and the token gate over HTTP', () => {
  const running: ServedFleet[] = [];
  afterEach(async () => {
    for (const fleet of running.splice(0)) await fleet.close();
  });
  const start = async (statusToken?: string) => {
    const fleet = await serveFleet({ statusToken });
    running.push(fleet);
    return fleet;
  };

  it('GIVEN a failed and an applied cluster WHEN /metrics is scraped THEN the Prometheus parser reads the states and the delivery metrics', async () => {
    const fleet = await start();
    expect(
      await fleet.status(
        statusContext('flux', 'cluster-a'),
        'failure',
        'health check failed',
        '2026-05-31T23:52:00Z',
      ),
    ).toBe(202);
    expect(
      await fleet.status(
        statusContext('flux', 'cluster-a'),
        'success',
        'reconciliation succeeded',
        '2026-05-31T23:55:00Z',
      ),
    ).toBe(202);
    expect(
      await fleet.status(
        statusContext('flux', 'cluster-b'),
        'failure',
        'health check failed',
        '2026-05-31T23:56:00Z',
      ),
    ).toBe(202);
    const response = await fetch(`${fleet.server.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const families = parsePrometheusTextFormat(await response.text());
    const family = (name: string) => families.find((f) => f.name === name)!;
    const value = (name: string, labels: Record<string, string> = {}) =>
      Number(
        family(name).metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
          ?.value,
      );
    expect(value('gitops_synth_clusters', { state: 'failed' })).toBe(1);
    expect(value('gitops_synth_clusters', { state: 'applied' })).toBe(1);
    expect(value('gitops_synth_cluster_state', { cluster: 'cluster-b', state: 'failed' })).toBe(1);
    // cluster-a: written 23:50, applied 23:55; failed at 23:52 and restored at 23:55.
    expect(value('gitops_synth_cluster_delivery_lead_time_seconds', { cluster: 'cluster-a' })).toBe(300);
    expect(value('gitops_synth_cluster_delivery_time_to_restore_seconds', { cluster: 'cluster-a' })).toBe(
      180,
    );
    expect(value('gitops_synth_cluster_delivery_change_failure_ratio', { cluster: 'cluster-a' })).toBe(1);
    expect(value('gitops_synth_fleet_delivery_deployments')).toBe(1);
    expect(family('gitops_synth_fleet_delivery_lead_time_seconds').type).toBe('GAUGE');
  });

  it('GIVEN a token WHEN the read routes are asked without it, with a wrong one and with it THEN only the token (header or session cookie) opens them, and webhooks keep their signatures', async () => {
    const fleet = await start('s3cret-token');
    const url = fleet.server.url;
    for (const route of ['/', '/events', '/metrics', '/clusters', '/clusters/cluster-a']) {
      expect([route, (await fetch(`${url}${route}`)).status]).toEqual([route, 401]);
      expect([
        route,
        (await fetch(`${url}${route}`, { headers: { authorization: 'Bearer wrong' } })).status,
      ]).toEqual([route, 401]);
    }
    expect(
      (await fetch(`${url}/clusters`, { headers: { authorization: 'Bearer s3cret-token' } })).status,
    ).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(
      await fleet.status(statusContext('flux', 'cluster-a'), 'success', 'ok', '2026-05-31T23:55:00Z'),
    ).toBe(202);
    const wrong = await fetch(`${url}/login`, {
      method: 'POST',
      body: 'token=nope',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    expect(wrong.status).toBe(401);
    const login = await fetch(`${url}/login`, {
      method: 'POST',
      body: 'token=s3cret-token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect(cookie).not.toContain('s3cret-token');
    const page = await fetch(`${url}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'sha256-/);
  });

  it('GIVEN an address that is not loopback and no token WHEN the gate is made THEN it refuses with STATUS_TOKEN_MISSING', () => {
    expect(() => AccessGate.forHost('0.0.0.0', undefined)).toThrow(
      expect.objectContaining({ code: 'STATUS_TOKEN_MISSING' }),
    );
    expect(() => AccessGate.forHost('10.0.0.5', '')).toThrow(
      expect.objectContaining({ code: 'STATUS_TOKEN_MISSING' }),
    );
    expect(AccessGate.forHost('127.0.0.1', undefined).open).toBe(true);
    expect(AccessGate.forHost('0.0.0.0', 't').open).toBe(false);
    expect(['localhost', '::1', '127.0.0.2', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.1', 'example.org'].some(isLoopback)).toBe(false);
  });

  it('GIVEN an open /events stream WHEN a controller event changes a cluster THEN a fleet message with only that row arrives', async () => {
    const fleet = await start();
    const controller = new AbortController();
    const response = await fetch(`${fleet.server.url}/events?v=unknown`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const messages: string[] = [];
    const next = async () => {
      while (!messages.some((m) => m.includes('"full":false'))) {
        const { value } = await reader.read();
        messages.push(...new TextDecoder().decode(value).split('\n\n'));
      }
    };
    expect(
      await fleet.fluxEvent(
        'cluster-b',
        'error',
        'HealthCheckFailed',
        'dry-run failed',
        '2026-05-31T23:58:00Z',
      ),
    ).toBe(202);
    await next();
    const patch = JSON.parse(messages.find((m) => m.includes('"full":false'))!.split('data: ')[1]) as {
      rows: Array<[string, string]>;
    };
    expect(patch.rows.map(([id]) => id)).toEqual(['cluster-b']);
    expect(patch.rows[0][1]).toContain('data-state="failed"');
    expect(messages.some((m) => m.includes('"full":true'))).toBe(true);
    controller.abort();
  });
});
