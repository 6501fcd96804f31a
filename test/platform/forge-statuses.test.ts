/**
 * The loopback forge accepts commit statuses the way each host does (the
 * simulated notification controllers post them), and lists them back newest first
 * through the platform adapter, every exchange checked against the description.
 */
import { createPlatform } from '../../src/platform/registry';
import { ProviderName } from '../../src/platform/types';
import { LoopbackForge, startLoopbackForge } from '../support/forge';

const SHA = 'c0ffee'.padEnd(40, '0');

/** How a notification controller reaches each host's "create a commit status" operation. */
const HOSTS: Record<
  ProviderName,
  { path: (project: string) => string; auth: (token: string) => Record<string, string>; failed: string }
> = {
  github: {
    path: (p) => `/repos/${p}/statuses/${SHA}`,
    auth: (t) => ({ authorization: `token ${t}` }),
    failed: 'failure',
  },
  gitea: {
    path: (p) => `/repos/${p}/statuses/${SHA}`,
    auth: (t) => ({ authorization: `token ${t}` }),
    failed: 'failure',
  },
  gitlab: {
    path: (p) => `/api/v4/projects/${encodeURIComponent(p)}/statuses/${SHA}`,
    auth: (t) => ({ 'private-token': t }),
    failed: 'failed',
  },
};

/** A clock that moves one minute per reading, from a fixed start. */
function minuteClock(): () => Date {
  let minute = 0;
  return () => new Date(Date.UTC(2026, 0, 2, 3, minute++, 0));
}

async function post(
  forge: LoopbackForge,
  provider: ProviderName,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const host = HOSTS[provider];
  const response = await fetch(forge.apiUrl + host.path(forge.state.project), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...host.auth(forge.token) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe.each(['github', 'gitea', 'gitlab'] as ProviderName[])(
  'the %s loopback forge creating commit statuses',
  (provider) => {
    let forge: LoopbackForge;

    beforeEach(async () => {
      forge = await startLoopbackForge({ provider, now: minuteClock() });
    });

    afterEach(async () => {
      await forge.close();
    });

    test('GIVEN two statuses created in turn WHEN the adapter lists the commit THEN it sees both, newest first, stamped by the forge clock', async () => {
      const first = await post(forge, provider, {
        state: 'pending',
        context: 'argocd/app',
        description: 'syncing',
        target_url: 'https://cd.example/app',
      });
      const second = await post(forge, provider, {
        state: HOSTS[provider].failed,
        context: 'argocd/app',
        description: 'sync failed',
      });

      expect([first.status, second.status]).toEqual([201, 201]);
      expect(forge.validationFailures).toEqual([]);
      const platform = createPlatform({
        provider,
        apiUrl: forge.apiUrl,
        project: forge.state.project,
        token: forge.token,
      });
      const listed = await platform.listCommitStatuses(SHA);
      expect(listed.map((s) => [s.context, s.state, s.description])).toEqual([
        ['argocd/app', 'failure', 'sync failed'],
        ['argocd/app', 'pending', 'syncing'],
      ]);
      expect(Date.parse(listed[0].createdAt)).toBe(Date.UTC(2026, 0, 2, 3, 1, 0));
      expect(listed[1].targetUrl).toBe('https://cd.example/app');
      expect(forge.validationFailures).toEqual([]);
    });

    test('GIVEN a status body without a state WHEN posted THEN it is refused: 500 and a recorded failure where the description requires state', async () => {
      const reply = await post(forge, provider, { context: 'argocd/app', description: 'no state' });

      if (provider === 'gitea') {
        // Gitea's description requires nothing (CreateStatusOption has no `required`),
        // so the body is valid and the handler refuses the empty state with the
        // described 400 instead.
        expect(reply.status).toBe(400);
        expect(forge.validationFailures).toEqual([]);
      } else {
        expect(reply.status).toBe(500);
        expect(forge.validationFailures.join('\n')).toMatch(/state/);
      }
      expect(forge.state.statuses[SHA]).toBeUndefined();
    });

    test("GIVEN a state outside the host's vocabulary WHEN posted THEN it is refused and nothing is stored", async () => {
      const reply = await post(forge, provider, { state: 'exploded', context: 'argocd/app' });

      expect(reply.status).toBe(provider === 'gitea' ? 400 : 500);
      expect(forge.state.statuses[SHA]).toBeUndefined();
    });
  },
);

describe('default status names', () => {
  test.each([
    ['github', 'default'],
    ['gitlab', 'default'],
    ['gitea', ''],
  ] as Array<[ProviderName, string]>)(
    'GIVEN a %s status posted without a context WHEN stored THEN its context is %j',
    async (provider, context) => {
      const forge = await startLoopbackForge({ provider });
      try {
        expect((await post(forge, provider, { state: 'success' })).status).toBe(201);
        expect(forge.state.statuses[SHA].map((s) => s.context)).toEqual([context]);
        expect(forge.validationFailures).toEqual([]);
      } finally {
        await forge.close();
      }
    },
  );
});
