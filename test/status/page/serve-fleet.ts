/**
 * `status serve` on a real GitOps repository and the loopback forge, for the
 * page's HTTP and browser tests: two clusters, and helpers that deliver a signed
 * status webhook and a signed Flux event.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLUSTER_ID_KEY, fluxNames, FLUX_EVENTS_PATH } from '../../../src/contract/sync-contract';
import type { StatusMonitor } from '../../../src/status/monitor';
import type { StatusServer } from '../../../src/status/server';
import { signBody } from '../../../src/status/webhooks/verify';
import { LoopbackForge, startLoopbackForge } from '../../support/forge';
import { clusterFile, createFleetRepo, synthMessage } from '../fleet-repo';
import { serveStatus } from '../serve-status';

const SECRET = 'webhook-secret-for-page-tests';
const EVENTS_SECRET = 'flux-events-key-for-page-tests';
/** The page's clock: fixed, so ages and the stale threshold do not depend on when tests run. */
export const SERVE_NOW = new Date('2026-06-01T00:00:00Z');

/** A running fleet server and what its tests drive it with. */
export interface ServedFleet {
  readonly server: StatusServer;
  readonly monitor: StatusMonitor;
  readonly tip: string;
  /** Posts a signed GitHub `status` delivery; resolves with the HTTP status. */
  status(context: string, state: string, description: string, createdAt: string): Promise<number>;
  /** Posts a signed Flux event about `cluster` on the tip. */
  fluxEvent(
    cluster: string,
    severity: 'info' | 'error',
    reason: string,
    message: string,
    timestamp: string,
  ): Promise<number>;
  close(): Promise<void>;
}

/** Starts `status serve` on 127.0.0.1 (with `statusToken` when given) over clusters `cluster-a` and `cluster-b`. */
export async function serveFleet(options: { statusToken?: string } = {}): Promise<ServedFleet> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-page-'));
  const forge: LoopbackForge = await startLoopbackForge({ provider: 'github', project: 'acme/fleet' });
  const repo = createFleetRepo(tmp);
  const tip = repo.commit(
    { ...clusterFile('cluster-a'), ...clusterFile('cluster-b') },
    synthMessage('fleet: add', 'intents@r1'),
    '2026-05-31T23:50:00Z',
  );
  repo.push('main');
  const { server, monitor } = await serveStatus({
    forge,
    repo,
    dir: tmp,
    now: SERVE_NOW,
    secret: SECRET,
    eventsSecret: EVENTS_SECRET,
    statusToken: options.statusToken,
  });
  const post = async (route: string, body: string, headers: Record<string, string>) =>
    (
      await fetch(`${server.url}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      })
    ).status;
  return {
    server,
    monitor,
    tip,
    status: (context, state, description, createdAt) => {
      const body = JSON.stringify({
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
      return post('/webhook', body, {
        'x-github-event': 'status',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': `sha256=${signBody(body, SECRET)}`,
      });
    },
    fluxEvent: (cluster, severity, reason, message, timestamp) => {
      const body = JSON.stringify({
        involvedObject: {
          kind: 'Kustomization',
          namespace: 'flux-system',
          name: fluxNames(cluster).kustomization,
          uid: randomUUID(),
          apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        },
        severity,
        timestamp,
        message,
        reason,
        metadata: { revision: `main@sha1:${tip}`, [CLUSTER_ID_KEY]: cluster },
        reportingController: 'kustomize-controller',
      });
      return post(FLUX_EVENTS_PATH, body, { 'x-signature': `sha256=${signBody(body, EVENTS_SECRET)}` });
    },
    close: async () => {
      await server.close();
      await monitor.idle();
      await forge.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
