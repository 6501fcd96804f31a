/**
 * The read side of `status serve` for people and scrapers: the page (`GET /`),
 * its live stream (`GET /events`), the token form (`POST /login`) and
 * `GET /metrics`, plus the gate every read route passes (access.ts).
 */
import http from 'node:http';
import { Registry } from 'prom-client';
import { StatusMonitor } from '../monitor';
import { Reply } from '../reply';
import { AccessGate } from './access';
import { PAGE_HEADERS, PAGE_STYLE } from './assets';
import { parseFilter } from './filter';
import { LiveFeed } from './live';
import { renderPage } from './page';

/** What the read routes need. */
export interface ReadContext {
  readonly monitor: StatusMonitor;
  readonly feed: LiveFeed;
  readonly gate: AccessGate;
  readonly metrics: Registry;
  readonly now: () => Date;
}

/** A refusal for a reader without the token: the page offers the token form, the API a bearer challenge. */
export function unauthorized(pathname: string, wrong = false): Reply {
  const headers = { 'www-authenticate': 'Bearer realm="gitops-synth status"' };
  if (pathname !== '/' && pathname !== '/login') {
    return {
      status: 401,
      body: { error: 'this status serve needs GITOPS_STATUS_TOKEN: send Authorization: Bearer <token>' },
      headers,
    };
  }
  return { status: 401, text: loginPage(wrong), headers: { ...PAGE_HEADERS, ...headers } };
}

/** `GET /`: the page, filtered as the query string says; 503 until the first poll. */
export function pageReply(url: URL, context: ReadContext): Reply {
  const list = context.monitor.list();
  if (list === undefined) {
    return {
      status: 503,
      text: 'The first poll has not finished yet; this page reloads in 5 seconds.\n',
      headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5', refresh: '5' },
    };
  }
  const html = renderPage(list, {
    filter: parseFilter(url.searchParams),
    version: context.feed.version,
    now: context.now(),
  });
  return { status: 200, text: html, headers: { ...PAGE_HEADERS } };
}

/** `GET /events`: the live stream, starting after version `?v=` (or the `Last-Event-ID` of a reconnect). */
export function streamEvents(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  context: ReadContext,
): void {
  const last = req.headers['last-event-id'];
  context.feed.attach(
    req,
    res,
    (typeof last === 'string' ? last : undefined) ?? url.searchParams.get('v') ?? '',
  );
}

/** `GET /metrics` in the Prometheus text format. */
export async function metricsReply(context: ReadContext): Promise<Reply> {
  return {
    status: 200,
    text: await context.metrics.metrics(),
    headers: { 'content-type': context.metrics.contentType, 'cache-control': 'no-store' },
  };
}

/** `POST /login` with `token=<token>` (the token form): the right token sets the session cookie and goes to the page. */
export function login(body: string, context: ReadContext): Reply {
  const token = new URLSearchParams(body).get('token') ?? '';
  if (!context.gate.accepts(token)) return unauthorized('/login', true);
  return {
    status: 303,
    text: '',
    headers: { location: './', 'set-cookie': context.gate.sessionCookie(), 'cache-control': 'no-store' },
  };
}

function loginPage(wrong: boolean): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fleet status: token needed</title><style>${PAGE_STYLE}</style></head>
<body><h1>Fleet status</h1>
<p>This <code>status serve</code> is bound to a network address, so reading it needs its token (GITOPS_STATUS_TOKEN).${wrong ? ' <b>That token is not the right one.</b>' : ''}</p>
<form method="post" action="login"><label>token <input type="password" name="token" autocomplete="current-password" required></label> <button type="submit">Open</button></form>
</body></html>
`;
}
