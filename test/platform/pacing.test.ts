/**
 * Pacing against the loopback forge's emulated limits: each limit the hosts document
 * either waits (when the host asks for a short wait) or ends the run with RUN_DEFERRED
 * before another request is sent; nothing is retried into a refusal.
 */
import { ApiPacer, RunDeferred, withPullRequestCap } from '../../src/platform/pacing';
import { PlatformClock } from '../../src/platform/http';
import { createPlatform } from '../../src/platform/registry';
import { Platform, ProviderName } from '../../src/platform/types';
import { ForgeLimits, LoopbackForge, startLoopbackForge } from '../support/forge';

/** The time every fake clock starts at. */
const START = Date.parse('2026-06-01T00:00:00Z');

/**
 * A fake clock: time stands still except when the code under test sleeps, which
 * advances it by exactly the wait asked (recorded in `sleeps`). Pauses can then be
 * asserted exactly, whatever the machine's speed.
 */
function fakeClock(): PlatformClock & { sleeps: number[]; time: number } {
  const clock = {
    sleeps: [] as number[],
    time: START,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
    random: () => 0.5,
    now: () => clock.time,
  };
  return clock;
}

let forge: LoopbackForge | undefined;
afterEach(async () => {
  await forge?.close();
  forge = undefined;
});

async function setUp(
  provider: ProviderName,
  limits: ForgeLimits,
  pacing: ConstructorParameters<typeof ApiPacer>[0] = {},
): Promise<{ platform: Platform; pacer: ApiPacer; clock: ReturnType<typeof fakeClock> }> {
  const clock = fakeClock();
  forge = await startLoopbackForge({ provider, limits, now: () => new Date(clock.now()) });
  const pacer = new ApiPacer({ clock, ...pacing });
  const platform = createPlatform({
    provider,
    apiUrl: forge.apiUrl,
    project: forge.state.project,
    token: forge.token,
    clock,
    fetch: pacer.wrap((url, init) => fetch(url, init)),
  });
  return { platform, pacer, clock };
}

const pull = (n: number) => ({
  branch: `gitops/c${n}`,
  base: 'main',
  title: `c${n}`,
  body: 'b',
  labels: ['gitops'],
  reviewers: [],
});

describe('ApiPacer against the loopback forge', () => {
  it('GIVEN a write budget of 3 WHEN a fourth write is due THEN the run is deferred before it is sent', async () => {
    const { platform, pacer } = await setUp('github', {}, { maxApiWrites: 3, writePauseMs: 0 });
    await platform.ensurePullRequest(pull(1)); // create + labels: 2 writes
    // Octokit wraps what fetch throws; the pacer keeps the deferral for the caller to tell it apart.
    await expect(platform.ensurePullRequest(pull(2))).rejects.toThrow();
    expect(pacer.deferral).toBeInstanceOf(RunDeferred);
    expect(forge!.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      'POST /repos/acme/fleet/pulls',
      'POST /repos/acme/fleet/issues/1/labels',
      'POST /repos/acme/fleet/pulls',
    ]);
    expect(pacer.writesSent).toBe(3);
    expect(pacer.deferral?.message).toBe("the run's API write budget of 3 is spent (--max-api-writes)");
  });

  it('GIVEN a pause of 750 ms WHEN writes follow one another THEN each waits for the pause; reads do not', async () => {
    const { platform, clock } = await setUp('github', {}, { writePauseMs: 750 });
    await platform.ensurePullRequest(pull(1));
    await platform.findPullRequest('gitops/c1');
    await platform.ensurePullRequest(pull(2));
    // Four writes (create and labels, twice): each after the first waits the whole pause, as
    // no time passes on the fake clock but the pauses themselves; the read waits for nothing.
    expect(clock.sleeps).toEqual([750, 750, 750]);
    expect(clock.now() - START).toBe(3 * 750);
  });

  it("GIVEN GitHub's secondary limit asking for 120 s WHEN a write is refused THEN the run is deferred and the write is not retried", async () => {
    const { platform, pacer } = await setUp(
      'github',
      { secondary: { writes: 2, windowSeconds: 3600, retryAfterSeconds: 120 } },
      { writePauseMs: 0 },
    );
    await platform.ensurePullRequest(pull(1));
    await expect(platform.ensurePullRequest(pull(2))).rejects.toThrow();
    expect(pacer.deferral?.message).toBe('the host answered 403 (rate limit) and asked to wait 120s');
    expect(forge!.limited.secondaryRefused).toBe(1);
    expect(forge!.state.pulls.map((p) => p.branch)).toEqual(['gitops/c1']);
  });

  it('GIVEN a secondary limit asking for 2 s WHEN a write is refused THEN the run waits as asked and goes on', async () => {
    const clock = fakeClock();
    forge = await startLoopbackForge({
      provider: 'github',
      limits: { secondary: { writes: 2, windowSeconds: 2, retryAfterSeconds: 2 } },
      now: () => new Date(clock.now()),
    });
    const pacer = new ApiPacer({ clock, writePauseMs: 0 });
    const platform = createPlatform({
      provider: 'github',
      apiUrl: forge.apiUrl,
      project: 'acme/fleet',
      token: forge.token,
      clock,
      fetch: pacer.wrap((url, init) => fetch(url, init)),
    });
    await platform.ensurePullRequest(pull(1));
    await platform.ensurePullRequest(pull(2));
    expect(forge.limited.secondaryRefused).toBe(1);
    expect(forge.state.pulls.map((p) => p.branch)).toEqual(['gitops/c1', 'gitops/c2']);
    // One wait, exactly the 2 s the host asked for (Retry-After), then the retried write goes through.
    expect(clock.sleeps).toEqual([2000]);
  });

  it("GIVEN GitHub's hourly secondary limit answering Retry-After: 60 WHEN the write is refused again after the wait THEN the run is deferred, not failed", async () => {
    const { platform, pacer, clock } = await setUp(
      'github',
      { secondary: { writes: 2, windowSeconds: 3600, retryAfterSeconds: 60 } },
      { writePauseMs: 0 },
    );
    await platform.ensurePullRequest(pull(1));
    await expect(platform.ensurePullRequest(pull(2))).rejects.toThrow();
    expect(pacer.deferral?.message).toBe('the host answered 403 (rate limit) again after waiting as asked');
    // One wait of the 60 s asked, then one more refusal, and nothing after it.
    expect(clock.sleeps).toEqual([60_000]);
    expect(forge!.limited.secondaryRefused).toBe(2);
    expect(forge!.state.pulls.map((p) => p.branch)).toEqual(['gitops/c1']);
  });

  it('GIVEN a per-minute and an hourly write limit at once WHEN the minute is spent THEN the run waits it out; WHEN the hour is spent THEN it is deferred', async () => {
    const { platform, pacer, clock } = await setUp(
      'github',
      {
        secondary: [
          { writes: 2, windowSeconds: 60, retryAfterSeconds: 60 },
          { writes: 3, windowSeconds: 3600, retryAfterSeconds: 60 },
        ],
      },
      { writePauseMs: 0 },
    );
    await platform.ensurePullRequest(pull(1)); // two writes: the minute is spent
    await expect(platform.ensurePullRequest(pull(2))).rejects.toThrow();
    // The create waited a minute and went through (the hour's third write); the labels met the spent hour.
    expect(clock.sleeps).toEqual([60_000, 60_000]);
    expect(forge!.state.pulls.map((p) => p.branch)).toEqual(['gitops/c1', 'gitops/c2']);
    expect(forge!.limited.secondaryRefused).toBe(3);
    expect(pacer.deferral?.message).toBe('the host answered 403 (rate limit) again after waiting as asked');
  });

  it('GIVEN the primary limit spent (x-ratelimit-remaining: 0, reset in an hour) WHEN the next request is due THEN it is never sent', async () => {
    const { platform, pacer } = await setUp('github', { primary: { requests: 3, windowSeconds: 3600 } });
    await platform.findPullRequest('gitops/a');
    await platform.findPullRequest('gitops/b');
    await platform.findPullRequest('gitops/c');
    const sent = forge!.requests.length;
    await expect(platform.findPullRequest('gitops/d')).rejects.toThrow();
    expect(pacer.deferral?.message).toBe(
      "the host's rate limit is spent until 2026-06-01T01:00:00.000Z (x-ratelimit-remaining: 0)",
    );
    expect(forge!.requests.length).toBe(sent);
    expect(forge!.limited.primaryRefused).toBe(0);
  });

  it("GIVEN GitLab's 429 with RateLimit-* headers WHEN the limit is spent THEN the run is deferred", async () => {
    const clock = fakeClock();
    forge = await startLoopbackForge({
      provider: 'gitlab',
      limits: { primary: { requests: 1, windowSeconds: 3600 } },
      now: () => new Date(clock.now()),
    });
    // A pacer that does not read the headers ahead (a fresh one per request) meets the 429 itself.
    const platform = createPlatform({
      provider: 'gitlab',
      apiUrl: forge.apiUrl,
      project: forge.state.project,
      token: forge.token,
      clock,
      fetch: (url, init) => new ApiPacer({ clock }).wrap((u, i) => fetch(u, i))(url, init),
    });
    await platform.findPullRequest('gitops/a');
    await expect(platform.findPullRequest('gitops/b')).rejects.toMatchObject({
      code: 'RUN_DEFERRED',
      message: 'the host answered 429 (rate limit) and asked to wait 3600s',
    });
    expect(forge.limited.primaryRefused).toBe(1);
    expect(forge.requests.at(-1)?.status).toBe(429);
  });

  it('GIVEN a cap of 2 open pull requests WHEN a third would open THEN it is deferred, while an open one is still updated', async () => {
    const { platform } = await setUp('github', { maxOpenPullRequests: 2 }, { writePauseMs: 0 });
    const capped = withPullRequestCap(platform, 2, 2);
    await capped.ensurePullRequest(pull(1));
    await capped.ensurePullRequest(pull(2));
    await expect(capped.ensurePullRequest(pull(3))).rejects.toMatchObject({ code: 'RUN_DEFERRED' });
    expect((await capped.ensurePullRequest({ ...pull(1), title: 'renamed' })).action).toBe('updated');
    expect(forge!.limited.capRefused).toBe(0);
    // Without the cap, the host refuses the third itself.
    await expect(platform.ensurePullRequest(pull(3))).rejects.toMatchObject({ status: 422 });
    expect(forge!.limited.capRefused).toBe(1);
    expect(forge!.validationFailures).toEqual([]);
  });
});
