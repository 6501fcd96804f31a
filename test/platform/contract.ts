/**
 * The one contract every Platform adapter must keep, run against each adapter on
 * the loopback forge (which checks every request and response against the host's
 * published API description).
 */
import { GitopsSynthError } from '../../src/errors';
import { PlatformError } from '../../src/platform/errors';
import { DEFAULT_HOST_RETRY, PlatformClock } from '../../src/platform/http';
import { createPlatform } from '../../src/platform/registry';
import { EnsurePullRequestInput, Platform, ProviderName } from '../../src/platform/types';
import { ForgeStatus } from '../support/forge/state';
import { LoopbackForge, startLoopbackForge } from '../support/forge';
import { seedPull } from '../support/forge/state';

/** A clock that never waits but remembers every wait it was asked for. */
function fakeClock(): PlatformClock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    now: () => Date.parse('2024-06-01T00:00:00Z'),
  };
}

/** Raw status values as each host spells them, and what they must map to. */
const STATUS_CASES: Record<ProviderName, Array<[string, string]>> = {
  github: [
    ['success', 'success'],
    ['failure', 'failure'],
    ['pending', 'pending'],
    ['error', 'error'],
  ],
  gitlab: [
    ['success', 'success'],
    ['failed', 'failure'],
    ['running', 'pending'],
    ['canceled', 'error'],
  ],
  gitea: [
    ['success', 'success'],
    ['failure', 'failure'],
    ['pending', 'pending'],
    ['warning', 'failure'],
  ],
};

/** Registers the contract tests for one provider. */
export function describePlatformContract(provider: ProviderName): void {
  describe(`${provider} adapter on the loopback forge`, () => {
    let forge: LoopbackForge;
    let clock: ReturnType<typeof fakeClock>;
    let platform: Platform;
    const owner = (): string => forge.state.project.split('/')[0];
    const input = (over: Partial<EnsurePullRequestInput> = {}): EnsurePullRequestInput => ({
      branch: 'gitops-synth/prod',
      base: 'main',
      title: 'Render prod fleet',
      body: 'Changes:\n- cluster prod-1\n',
      labels: [],
      reviewers: [],
      ...over,
    });

    beforeEach(async () => {
      forge = await startLoopbackForge({ provider });
      clock = fakeClock();
      platform = createPlatform({
        provider,
        apiUrl: forge.apiUrl,
        project: forge.state.project,
        token: forge.token,
        clock,
      });
    });

    afterEach(async () => {
      await forge.close();
      // Every request and response the adapter exchanged matched the published description.
      expect(forge.validationFailures).toEqual([]);
      expect(forge.state.closedThroughApi).toBe(0);
    });

    test('GIVEN no pull request WHEN find THEN nothing; WHEN ensure THEN created and find returns it', async () => {
      expect(await platform.findPullRequest('gitops-synth/prod')).toBeUndefined();
      const result = await platform.ensurePullRequest(input());
      expect(result.action).toBe('created');
      const found = await platform.findPullRequest('gitops-synth/prod');
      expect(found).toEqual(result.pullRequest);
      expect(found).toMatchObject({
        branch: 'gitops-synth/prod',
        base: 'main',
        title: 'Render prod fleet',
        body: 'Changes:\n- cluster prod-1\n',
        state: 'open',
      });
      expect(found?.url).toContain(String(found?.number));
      expect(await platform.getPullRequest(result.pullRequest.number)).toEqual(found);
    });

    test('GIVEN ensure ran once WHEN it runs again with the same input THEN unchanged with zero write requests', async () => {
      expect((await platform.ensurePullRequest(input({ labels: ['gitops'] }))).action).toBe('created');
      const writesBefore = forge.writes().length;
      const second = await platform.ensurePullRequest(input({ labels: ['gitops'] }));
      expect(second.action).toBe('unchanged');
      expect(forge.writes().length).toBe(writesBefore);
      expect(forge.state.pulls).toHaveLength(1);
    });

    test('GIVEN an open pull request WHEN the body changes THEN it is updated in place, never a second one', async () => {
      const first = await platform.ensurePullRequest(input());
      const second = await platform.ensurePullRequest(
        input({ body: 'Changes:\n- cluster prod-2\n', title: 'Render prod fleet (2)' }),
      );
      expect(second.action).toBe('updated');
      expect(second.pullRequest.number).toBe(first.pullRequest.number);
      expect(second.pullRequest).toMatchObject({
        body: 'Changes:\n- cluster prod-2\n',
        title: 'Render prod fleet (2)',
      });
      expect(forge.state.pulls).toHaveLength(1);
      expect(forge.state.pulls[0]).toMatchObject({ state: 'open', body: 'Changes:\n- cluster prod-2\n' });
    });

    test('GIVEN labels and CODEOWNERS reviewers WHEN created THEN labels are applied, users and same-org teams requested, emails noted', async () => {
      const result = await platform.ensurePullRequest(
        input({
          labels: ['gitops', 'cluster/prod'],
          reviewers: ['@alice', `@${owner()}/platform`, 'ops@example.com', '@alice'],
        }),
      );
      expect(result.pullRequest.labels).toEqual(['cluster/prod', 'gitops']);
      const stored = forge.state.pulls[0];
      expect(stored.labels).toEqual(['cluster/prod', 'gitops']);
      expect(stored.reviewers).toEqual(['alice']);
      if (provider === 'gitlab') {
        expect(result.notes.join('\n')).toMatch(/platform.*cannot request a group/);
      } else {
        expect(stored.teamReviewers).toEqual(['platform']);
      }
      expect(result.notes.join('\n')).toMatch(/ops@example\.com skipped/);
    });

    test('GIVEN a label a human added WHEN ensure adds a new label THEN both stay and reviewers are not requested again', async () => {
      await platform.ensurePullRequest(input({ labels: ['gitops'], reviewers: ['@alice'] }));
      forge.state.pulls[0].labels.push('do-not-merge');
      forge.state.pulls[0].reviewers = [];
      if (provider === 'gitea') forge.state.labels.push({ id: 999, name: 'do-not-merge', color: 'ff0000' });
      const result = await platform.ensurePullRequest(
        input({ labels: ['gitops', 'cluster/prod'], reviewers: ['@alice'] }),
      );
      expect(result.action).toBe('updated');
      expect(forge.state.pulls[0].labels).toEqual(['cluster/prod', 'do-not-merge', 'gitops']);
      expect(forge.state.pulls[0].reviewers).toEqual([]);
    });

    test('GIVEN a body over the host limit WHEN ensure THEN it throws PLATFORM_BODY_TOO_LONG before any request', async () => {
      const body = 'x'.repeat(platform.maxBodyLength + 1);
      await expect(platform.ensurePullRequest(input({ body }))).rejects.toMatchObject({
        code: 'PLATFORM_BODY_TOO_LONG',
      });
      expect(forge.requests).toHaveLength(0);
      await expect(
        platform.ensurePullRequest(input({ body: 'y'.repeat(platform.maxBodyLength) })),
      ).resolves.toMatchObject({ action: 'created' });
    });

    test('GIVEN the host answers 429 with Retry-After once WHEN ensure THEN it waits that long and succeeds', async () => {
      forge.failNext(1, { status: 429, headers: { 'retry-after': '7' } });
      const result = await platform.ensurePullRequest(input());
      expect(result.action).toBe('created');
      expect(clock.sleeps[0]).toBe(7000);
      expect(forge.requests[0].status).toBe(429);
    });

    test('GIVEN the host answers 429 forever WHEN find THEN it gives up after the bounded number of attempts', async () => {
      forge.failAlways({ status: 429, headers: { 'retry-after': '1' } });
      const error = await platform.findPullRequest('b').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlatformError);
      expect((error as PlatformError).status).toBe(429);
      expect(forge.requests).toHaveLength(DEFAULT_HOST_RETRY.attempts);
      expect(clock.sleeps).toHaveLength(DEFAULT_HOST_RETRY.attempts - 1);
    });

    test('GIVEN Retry-After beyond the cap WHEN find THEN it fails at once instead of hammering early', async () => {
      forge.failAlways({
        status: 429,
        headers: { 'retry-after': String(DEFAULT_HOST_RETRY.maxDelayMs / 1000 + 600) },
      });
      await expect(platform.findPullRequest('b')).rejects.toBeInstanceOf(PlatformError);
      expect(forge.requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    });

    test('GIVEN an open pull request and a host failing with 500 forever WHEN ensure THEN PlatformError after N attempts and the pull request stays open', async () => {
      seedPull(forge.state, { branch: 'gitops-synth/prod', title: 'old' });
      forge.failAlways({ status: 500 });
      const error = await platform.ensurePullRequest(input()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlatformError);
      expect(error).toMatchObject({ code: 'PLATFORM_REQUEST_FAILED', source: 'external', status: 500 });
      expect(forge.requests).toHaveLength(DEFAULT_HOST_RETRY.attempts);
      expect(forge.state.pulls.map((p) => p.state)).toEqual(['open']);
    });

    test('GIVEN a 400-class error other than a rate limit WHEN get THEN it is not retried', async () => {
      const error = await platform.getPullRequest(999).catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 404 });
      expect(forge.requests).toHaveLength(1);
    });

    test('GIVEN a wrong token WHEN find THEN PlatformError 401 whose message never contains the token', async () => {
      const secret = 'ghp_wrongTOKENvalue_abcdefghijklmnop';
      const bad = createPlatform({
        provider,
        apiUrl: forge.apiUrl,
        project: forge.state.project,
        token: secret,
        clock,
      });
      const error = await bad.findPullRequest('b').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlatformError);
      const platformError = error as PlatformError;
      expect(platformError.status).toBe(401);
      expect(platformError.message).toMatch(/GITOPS_TOKEN/);
      for (const text of [
        platformError.message,
        platformError.stack ?? '',
        JSON.stringify(platformError),
        String(platformError.hint),
      ]) {
        expect(text).not.toContain(secret);
      }
      expect(forge.requests).toHaveLength(1);
    });

    test('GIVEN a pull request from a fork on a branch of the same name WHEN find THEN it is not taken as ours', async () => {
      seedPull(forge.state, { branch: 'gitops-synth/prod', headProject: 'mallory/fleet' });
      expect(await platform.findPullRequest('gitops-synth/prod')).toBeUndefined();
    });

    test('GIVEN statuses on a commit WHEN listCommitStatuses THEN each host state maps onto the four shared ones', async () => {
      const sha = 'c'.repeat(40);
      forge.state.statuses[sha] = STATUS_CASES[provider].map(([raw], i): ForgeStatus => ({
        context: `flux/${i}`,
        state: raw,
        description: `d${i}`,
        targetUrl: `https://ci.example/${i}`,
        createdAt: '2024-05-01T10:00:00Z',
      }));
      const statuses = await platform.listCommitStatuses(sha);
      expect(statuses.map((s) => s.state)).toEqual(STATUS_CASES[provider].map(([, mapped]) => mapped));
      expect(statuses[0]).toEqual({
        context: 'flux/0',
        state: 'success',
        description: 'd0',
        targetUrl: 'https://ci.example/0',
        createdAt: '2024-05-01T10:00:00Z',
      });
      expect(await platform.listCommitStatuses('d'.repeat(40))).toEqual([]);
    });

    test('GIVEN a thrown body-length error WHEN inspected THEN it is a GitopsSynthError naming both lengths', async () => {
      const error = await platform
        .ensurePullRequest(input({ body: 'z'.repeat(platform.maxBodyLength + 5) }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GitopsSynthError);
      expect((error as Error).message).toContain(String(platform.maxBodyLength + 5));
      expect((error as Error).message).toContain(String(platform.maxBodyLength));
    });
  });
}
