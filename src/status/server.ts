/**
 * `status serve`'s HTTP server: receives the host's webhooks on `POST /webhook`,
 * notification-controller's signed events on `POST /flux/events` (the contract's
 * path, which `bootstrap --status-url` prints), and answers `GET /clusters` and
 * `GET /clusters/<id>` with the same JSON as `status --format json`, and serves
 * the status page (`GET /`, live through `GET /events`) and `GET /metrics`
 * (src/status/page/). Binds only the address it is given; bound to anything but
 * loopback, every read route needs GITOPS_STATUS_TOKEN (page/access.ts).
 *
 * A delivery is read up to a size limit, its signature checked before anything
 * else looks at it, replays dropped by delivery id, and only then handed to the
 * monitor. Answers: 202 accepted, 200 a replay (nothing done), 400 unreadable,
 * 401 unsigned or forged, 413 too large, 503 not ready or the queue is full.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { GitopsSynthError } from '../errors';
import { ProviderName } from '../platform/types';
import { FLUX_EVENTS_PATH } from '../contract/sync-contract';
import { statusRegistry } from './metrics/prometheus';
import { STATUS_API_VERSION, STATUS_ITEM_KIND } from './model';
import { StatusMonitor } from './monitor';
import { AccessGate } from './page/access';
import { LiveFeed } from './page/live';
import { login, metricsReply, pageReply, ReadContext, streamEvents, unauthorized } from './page/routes';
import { methodNotAllowed, Reply, send } from './reply';
import { EventReplayGuard } from './webhooks/event-replay';
import { deliveryId, parseEvent } from './webhooks/events';
import { parseFluxEvent } from './webhooks/flux-events';
import { DeliveryMemory } from './webhooks/replay';
import { header, verifyDelivery, verifyHmac } from './webhooks/verify';

/** What the server needs. */
export interface StatusServerOptions {
  readonly monitor: StatusMonitor;
  readonly provider: ProviderName;
  /** The webhook secret (GITOPS_WEBHOOK_SECRET). */
  readonly secret: string;
  /** The branch clusters follow: pushes to it trigger a refresh. */
  readonly base: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Largest delivery body accepted, in bytes (default 5 MiB). */
  readonly maxBodyBytes?: number;
  /** The HMAC key of controller events (GITOPS_EVENTS_SECRET); undefined: the events route is off. */
  readonly eventsSecret?: string;
  /** The clock events' timestamps are checked against (and the page's ages). */
  readonly now?: () => Date;
  /** GITOPS_STATUS_TOKEN: required for the read routes; refused to start without one on a non-loopback address. */
  readonly statusToken?: string;
  readonly log: (line: string) => void;
}

/** Largest controller event accepted: Flux caps an event's message at 39,000 characters. */
const MAX_EVENT_BYTES = 256 * 1024;

/** A running server. */
export interface StatusServer {
  /** `http://host:port`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts listening on `options.host:options.port`. */
export async function startStatusServer(options: StatusServerOptions): Promise<StatusServer> {
  if (options.secret === '') {
    throw new GitopsSynthError(
      'WEBHOOK_SECRET_MISSING',
      'status serve needs the webhook secret in GITOPS_WEBHOOK_SECRET',
      {
        hint: "set the same secret in the Git host's webhook settings and in GITOPS_WEBHOOK_SECRET; unsigned deliveries are always refused",
      },
    );
  }
  const gate = AccessGate.forHost(options.host, options.statusToken);
  const deliveries = new DeliveryMemory();
  const events = new EventReplayGuard();
  const now = options.now ?? (() => new Date());
  const feed = new LiveFeed(options.monitor, now);
  const read: ReadContext = {
    monitor: options.monitor,
    feed,
    gate,
    metrics: statusRegistry(() => options.monitor.list()),
    now,
  };
  const server = http.createServer((req, res) => {
    route(req, res, options, deliveries, events, read)
      .then((reply) => reply === undefined || send(res, reply))
      .catch((error: unknown) =>
        send(res, { status: 500, body: { error: error instanceof Error ? error.message : String(error) } }),
      );
  });
  // A slow or stalled client must not hold a socket for ever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new GitopsSynthError(
          'LISTEN_FAILED',
          `cannot listen on ${options.host}:${options.port}: ${error.message}`,
          { source: 'external' },
        ),
      ),
    );
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        feed.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The answer to one request; undefined when the live stream took over the response. */
async function route(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  options: StatusServerOptions,
  deliveries: DeliveryMemory,
  events: EventReplayGuard,
  read: ReadContext,
): Promise<Reply | undefined> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/webhook') {
    return req.method === 'POST' ? receive(req, options, deliveries) : methodNotAllowed('POST');
  }
  if (url.pathname === FLUX_EVENTS_PATH) {
    return req.method === 'POST' ? receiveEvent(req, options, events) : methodNotAllowed('POST');
  }
  if (url.pathname === '/login') {
    if (req.method !== 'POST') return methodNotAllowed('POST');
    const body = await readBody(req, 4096);
    return body === undefined
      ? { status: 413, body: { error: 'too large' } }
      : login(body.toString('utf8'), read);
  }
  if (req.method !== 'GET') {
    return methodNotAllowed('GET');
  }
  if (url.pathname === '/healthz') {
    return { status: options.monitor.ready ? 200 : 503, body: { ready: options.monitor.ready } };
  }
  if (!read.gate.allows(req)) {
    return unauthorized(url.pathname);
  }
  if (url.pathname === '/') return pageReply(url, read);
  if (url.pathname === '/metrics') return metricsReply(read);
  if (url.pathname === '/events') {
    streamEvents(req, res, url, read);
    return undefined;
  }
  const list = options.monitor.list();
  const cluster = /^\/clusters\/([^/]+)$/.exec(url.pathname);
  if (url.pathname !== '/clusters' && cluster === null) {
    return { status: 404, body: { error: `no such resource: ${url.pathname}` } };
  }
  if (list === undefined) {
    return {
      status: 503,
      body: { error: 'the first poll has not finished yet' },
      headers: { 'retry-after': '5' },
    };
  }
  if (cluster === null) {
    return { status: 200, body: list };
  }
  const id = decodePathSegment(cluster[1]);
  if (id === undefined) {
    return { status: 400, body: { error: 'the cluster id in the path is not valid percent-encoding' } };
  }
  const item = list.clusters.find((c) => c.id === id);
  return item === undefined
    ? { status: 404, body: { error: `no cluster '${id}' on ${list.base.branch} or in an open pull request` } }
    : {
        status: 200,
        body: {
          apiVersion: STATUS_API_VERSION,
          kind: STATUS_ITEM_KIND,
          generatedAt: list.generatedAt,
          base: list.base,
          ...item,
        },
      };
}

async function receive(
  req: http.IncomingMessage,
  options: StatusServerOptions,
  deliveries: DeliveryMemory,
): Promise<Reply> {
  const body = await readBody(req, options.maxBodyBytes ?? 5 * 1024 * 1024);
  if (body === undefined) {
    return { status: 413, body: { error: 'delivery too large' } };
  }
  const failure = verifyDelivery(options.provider, req.headers, body, options.secret);
  if (failure !== undefined) {
    options.log(
      `status serve: refused a${failure === 'unsigned' ? 'n unsigned' : ' forged'} delivery from ${req.socket.remoteAddress ?? 'unknown'}`,
    );
    return {
      status: 401,
      body: {
        error:
          failure === 'unsigned' ? 'the delivery is not signed' : "the delivery's signature does not match",
      },
    };
  }
  const id = deliveryId(options.provider, req.headers);
  if (id === undefined && options.provider !== 'gitlab') {
    return { status: 400, body: { error: 'the delivery has no delivery id header' } };
  }
  if (id !== undefined && !deliveries.remember(id)) {
    return { status: 200, body: { result: 'duplicate', delivery: id } };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    return { status: 400, body: { error: 'the delivery body is not JSON' } };
  }
  const event = parseEvent(options.provider, req.headers, payload, options.base);
  if (!options.monitor.accept(event)) {
    return {
      status: 503,
      body: { error: 'too many deliveries queued; redeliver later' },
      headers: { 'retry-after': '10' },
    };
  }
  return { status: 202, body: { result: event.kind, delivery: id ?? null } };
}

/**
 * A notification-controller event: signed with GITOPS_EVENTS_SECRET, fresh, not
 * seen before, and about a cluster's own Kustomization. Answers 202 applied,
 * 200 a duplicate or an event that carries no outcome, 400 stale or unreadable,
 * 401 unsigned or forged, 404 when no events secret is set, 413 too large.
 */
async function receiveEvent(
  req: http.IncomingMessage,
  options: StatusServerOptions,
  events: EventReplayGuard,
): Promise<Reply> {
  if (options.eventsSecret === undefined || options.eventsSecret === '') {
    return {
      status: 404,
      body: {
        error:
          "controller events are off: set GITOPS_EVENTS_SECRET to the key of the Flux generic-hmac Provider's Secret",
      },
    };
  }
  const body = await readBody(req, Math.min(options.maxBodyBytes ?? MAX_EVENT_BYTES, MAX_EVENT_BYTES));
  if (body === undefined) {
    return { status: 413, body: { error: 'event too large' } };
  }
  const failure = verifyHmac(header(req.headers, 'x-signature'), 'sha256=', body, options.eventsSecret);
  if (failure !== undefined) {
    options.log(
      `status serve: refused a${failure === 'unsigned' ? 'n unsigned' : ' forged'} controller event from ${req.socket.remoteAddress ?? 'unknown'}`,
    );
    return {
      status: 401,
      body: {
        error:
          failure === 'unsigned'
            ? 'the event is not signed (X-Signature)'
            : "the event's signature does not match",
      },
    };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    return { status: 400, body: { error: 'the event is not JSON' } };
  }
  // Only a string is a timestamp: a map or a number there is a malformed event, not "[object Object]".
  const stated =
    typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>).timestamp : '';
  const timestamp = typeof stated === 'string' ? stated : '';
  const verdict = events.check(body, timestamp, (options.now ?? (() => new Date()))());
  if (verdict === 'duplicate') {
    return { status: 200, body: { result: 'duplicate' } };
  }
  if (verdict !== undefined) {
    return {
      status: 400,
      body: {
        error: `the event's timestamp '${timestamp}' is ${verdict === 'too-old' ? 'too old (a replay?)' : 'in the future'}`,
      },
    };
  }
  const parsed = parseFluxEvent(payload);
  if (parsed.kind === 'ignored') {
    return { status: 200, body: { result: 'ignored', reason: parsed.reason } };
  }
  options.monitor.accept({ kind: 'controller-event', event: parsed.event });
  return {
    status: 202,
    body: { result: 'applied', cluster: parsed.event.cluster, commit: parsed.event.sha },
  };
}

/** The body, or undefined once it exceeds `limit` (reading stops there). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
/** A percent-encoded path segment, or undefined when it is malformed (`%E0%A4%A`): a client error, never a 500. */
function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
