/**
 * A loopback Git smart-HTTP server for tests: Node's http server in front of
 * `git http-backend` (run as CGI, as in git's documentation), guarded by HTTP
 * Basic authentication whose password must equal a token.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The CGI program that ships with git. */
export const GIT_HTTP_BACKEND = '/usr/lib/git-core/git-http-backend';

/** What one request's credentials were judged to be. */
export interface AuthRecord {
  readonly method: string;
  /** Path and query of the request. */
  readonly path: string;
  /** `missing`: no Authorization header; `rejected`: wrong password; `accepted`. */
  readonly outcome: 'missing' | 'rejected' | 'accepted';
  readonly username?: string;
}

/** A running server. */
export interface SmartHttpServer {
  /** `http://127.0.0.1:<port>`: append `/<repo>.git` (relative to the project root). */
  readonly url: string;
  /** Every request's authentication outcome, in order. */
  readonly requests: readonly AuthRecord[];
  close(): Promise<void>;
}

/** Options of {@link startSmartHttpServer}. */
export interface SmartHttpServerOptions {
  /** The directory holding the bare repositories (`GIT_PROJECT_ROOT`). */
  readonly projectRoot: string;
  /** The password every request must carry (any user name is accepted). */
  readonly token: string;
  /**
   * Also accepts a password this says is valid when asked (GitHub App installation
   * tokens the loopback forge minted and that have not expired).
   */
  readonly accepts?: (password: string) => boolean;
}

/** Decodes a Basic Authorization header. */
function parseBasic(header: string | undefined): { username: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (match === null) {
    return undefined;
  }
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Starts the server on 127.0.0.1 on a free port. Every repository under
 * `projectRoot` is served (`GIT_HTTP_EXPORT_ALL`) and accepts pushes from
 * authenticated users. Requests without the token get 401 with a
 * `WWW-Authenticate` challenge, which is what makes git ask its credential helper.
 */
export async function startSmartHttpServer(options: SmartHttpServerOptions): Promise<SmartHttpServer> {
  const requests: AuthRecord[] = [];
  const server = createServer((request, response) => {
    const credentials = parseBasic(request.headers.authorization);
    const outcome =
      credentials === undefined
        ? 'missing'
        : credentials.password === options.token || options.accepts?.(credentials.password) === true
          ? 'accepted'
          : 'rejected';
    requests.push({
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      outcome,
      username: credentials?.username,
    });
    if (outcome !== 'accepted') {
      response.writeHead(401, {
        'WWW-Authenticate': 'Basic realm="gitops-synth test"',
        'Content-Type': 'text/plain',
      });
      response.end('authentication required\n');
      return;
    }
    runBackend(options.projectRoot, credentials?.username ?? '', request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs one request through `git http-backend` and relays its CGI response. */
function runBackend(
  projectRoot: string,
  user: string,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    REQUEST_METHOD: request.method ?? 'GET',
    CONTENT_TYPE: request.headers['content-type'] ?? '',
    REMOTE_USER: user,
    REMOTE_ADDR: '127.0.0.1',
    GIT_CONFIG_NOSYSTEM: '1',
    HOME: projectRoot,
  };
  const optional: Record<string, string | undefined> = {
    CONTENT_LENGTH: request.headers['content-length'],
    HTTP_CONTENT_ENCODING: request.headers['content-encoding'],
    GIT_PROTOCOL: request.headers['git-protocol'] as string | undefined,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) {
      env[key] = value;
    }
  }
  const backend = spawn(GIT_HTTP_BACKEND, [], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  request.pipe(backend.stdin);
  backend.stdin.on('error', () => undefined);
  let head = Buffer.alloc(0);
  let headersSent = false;
  backend.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      response.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) {
      return;
    }
    headersSent = true;
    writeCgiHead(response, head.subarray(0, end).toString('latin1'));
    response.write(head.subarray(end + 4));
  });
  backend.on('close', () => {
    if (!headersSent) {
      response.writeHead(500);
    }
    response.end();
  });
  backend.on('error', () => {
    if (!headersSent) {
      response.writeHead(500);
    }
    response.end();
  });
}

/** Turns CGI header lines (with an optional `Status:`) into the HTTP response head. */
function writeCgiHead(response: ServerResponse, head: string): void {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) {
      continue;
    }
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') {
      status = Number.parseInt(value, 10) || 200;
    } else {
      headers[name] = value;
    }
  }
  response.writeHead(status, headers);
}
