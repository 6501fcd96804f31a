import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { PlatformError } from '../../src/platform/errors';
import { PlatformClock } from '../../src/platform/http';
import { allPages, createJsonHost, JsonHost } from '../../src/platform/json-client';

const TOKEN = 'glpat-S3cr3tT0ken/+=';

/** One scripted answer: status, headers and body text. */
type Answer = { status: number; headers?: Record<string, string>; body?: string };

/** A real HTTP server on loopback answering from a script, one answer per request (the last repeats). */
async function scriptedServer(
  answers: readonly Answer[],
): Promise<{ url: string; seen: string[]; server: Server }> {
  const seen: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    seen.push(
      `${request.method} ${request.url} ${request.headers['private-token'] === TOKEN ? 'auth' : 'no-auth'}`,
    );
    const answer = answers[Math.min(seen.length, answers.length) - 1];
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    response.end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`, seen, server };
}

/** Retries without waiting: the sleeps are recorded, not slept. */
function recordingClock(sleeps: number[]): PlatformClock {
  return {
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    now: () => Date.parse('2026-01-01T00:00:00Z'),
  };
}

function hostFor(url: string, sleeps: number[]): JsonHost {
  return createJsonHost(
    { apiUrl: `${url}/`, project: 'group/sub/name', token: TOKEN, clock: recordingClock(sleeps) },
    { 'private-token': TOKEN },
  );
}

describe('the JSON client, against a real server that misbehaves', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it.each<
    [string, Answer[], { body?: unknown; status?: number; reason?: RegExp; requests: number; sleeps: number }]
  >([
    [
      'a 502 then an answer',
      [
        { status: 502, body: 'bad gateway' },
        { status: 200, body: '{"ok":true}' },
      ],
      { body: { ok: true }, requests: 2, sleeps: 1 },
    ],
    [
      '502 every time',
      [{ status: 502, body: '<html>bad gateway</html>' }],
      { status: 502, reason: /bad gateway/, requests: 4, sleeps: 3 },
    ],
    [
      'a 429 asking for two minutes (more than the cap)',
      [{ status: 429, headers: { 'retry-after': '120' }, body: '{"message":"slow down"}' }],
      { status: 429, reason: /slow down/, requests: 1, sleeps: 0 },
    ],
    [
      'a 429 asking for 3 s, then an answer',
      [
        { status: 429, headers: { 'retry-after': '3' } },
        { status: 200, body: '[]' },
      ],
      { body: [], requests: 2, sleeps: 1 },
    ],
    [
      'a 404 whose message echoes the token',
      [
        {
          status: 404,
          body: JSON.stringify({ message: `no project for token ${TOKEN} (${encodeURIComponent(TOKEN)})` }),
        },
      ],
      { status: 404, reason: /\[REDACTED\] \(\[REDACTED\]\)/, requests: 1, sleeps: 0 },
    ],
    [
      'a 401 whose error is an object',
      [{ status: 401, body: JSON.stringify({ error: { token: TOKEN } }) }],
      { status: 401, reason: /REDACTED/, requests: 1, sleeps: 0 },
    ],
    [
      'a 200 that is not JSON',
      [{ status: 200, body: '<html>login</html>' }],
      { status: 200, reason: /not JSON/, requests: 1, sleeps: 0 },
    ],
    ['a 204 with no body', [{ status: 204 }], { body: null, requests: 1, sleeps: 0 }],
    [
      'a 422 with a huge body',
      [{ status: 422, body: 'x'.repeat(100_000) }],
      { status: 422, reason: /^x{300}$/, requests: 1, sleeps: 0 },
    ],
  ])(
    'GIVEN %s WHEN a request is sent THEN the result, retries and message are as the one policy says',
    async (_what, answers, expected) => {
      const { url, seen, server } = await scriptedServer(answers);
      servers.push(server);
      const sleeps: number[] = [];
      const send = hostFor(
        url,
        sleeps,
      )({ method: 'GET', path: '/projects/group%2Fsub%2Fname/merge_requests' });
      if (expected.status === undefined || 'body' in expected) {
        expect((await send).body).toEqual(expected.body);
      } else {
        const error = (await send.then(
          () => undefined,
          (caught: unknown) => caught,
        )) as PlatformError;
        expect(error).toBeInstanceOf(PlatformError);
        expect(error.status).toBe(expected.status);
        expect(error.path).toBe('/api/v4/projects/group%2Fsub%2Fname/merge_requests');
        expect(`${error.message}\n${error.hint}`).not.toContain(TOKEN);
        expect(error.message.split(': ').slice(1).join(': ')).toMatch(expected.reason ?? /./);
      }
      expect(seen).toHaveLength(expected.requests);
      expect(seen.every((line) => line.endsWith(' auth'))).toBe(true);
      expect(sleeps).toHaveLength(expected.sleeps);
    },
  );

  it('GIVEN no server at all WHEN a request is sent THEN it is retried, then one PlatformError with no response and no token', async () => {
    const { url, server } = await scriptedServer([{ status: 200 }]);
    await new Promise((resolve) => server.close(resolve));
    const sleeps: number[] = [];
    const error = (await hostFor(
      url,
      sleeps,
    )({ method: 'GET', path: '/x' }).catch((caught: unknown) => caught)) as PlatformError;
    expect(error).toBeInstanceOf(PlatformError);
    expect(error.status).toBeUndefined();
    expect(error.message).not.toContain(TOKEN);
    expect(sleeps).toHaveLength(3);
  });

  it('GIVEN a host that returns full pages forever WHEN every page is read THEN reading stops at the cap', async () => {
    const { url, seen, server } = await scriptedServer([{ status: 200, body: JSON.stringify([1, 2]) }]);
    servers.push(server);
    const items = await allPages<number>(
      hostFor(url, []),
      { method: 'GET', path: '/items', query: { state: 'opened' } },
      {
        sizeParam: 'per_page',
        size: 2,
        maxPages: 3,
      },
    );
    expect(items).toEqual([1, 2, 1, 2, 1, 2]);
    expect(seen.map((line) => line.split(' ')[1])).toEqual([
      '/api/v4/items?state=opened&page=1&per_page=2',
      '/api/v4/items?state=opened&page=2&per_page=2',
      '/api/v4/items?state=opened&page=3&per_page=2',
    ]);
  });
});
