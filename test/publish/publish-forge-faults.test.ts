import { Rendered } from '../../src/pipeline/render';
import { publish } from '../../src/publish/publish';
import { GitopsSynthError } from '../../src/errors';
import { seedPull } from '../support/forge/state';
import { branchSha } from '../support/git-server';
import {
  createPublishFixture,
  forgePlatform,
  instantClock,
  publishRequest,
  PublishFixture,
  renderIntents,
} from './harness';

describe('publish when the forge fails', () => {
  let fixture: PublishFixture;
  let rendered: Rendered;

  beforeEach(async () => {
    fixture = await createPublishFixture({ clusters: [{ id: 'alpha', owners: ['@acme/alpha-team'] }] });
    rendered ??= await renderIntents(fixture);
  });
  afterEach(() => fixture.close());

  it('GIVEN the forge answers 502 twice WHEN publishing THEN the request is retried after a backoff and the pull request is created once', async () => {
    const clock = instantClock();
    fixture.forge.failNext(2, { status: 502 });

    const outcomes = await publish(publishRequest(fixture, rendered, forgePlatform(fixture, clock)));

    expect(outcomes.map((o) => o.status)).toEqual(['published']);
    expect(fixture.forge.state.pulls.map((p) => [p.branch, p.state, p.labels, p.teamReviewers])).toEqual([
      ['gitops/alpha', 'open', ['cluster:alpha', 'gitops'], ['alpha-team']],
    ]);
    expect(fixture.forge.requests.filter((r) => r.status === 502)).toHaveLength(2);
    expect(
      fixture.forge.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/pulls')),
    ).toHaveLength(1);
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.sleeps[1]).toBeGreaterThan(clock.sleeps[0]);
    expect(fixture.forge.validationFailures).toEqual([]);
  });

  it('GIVEN the forge fails on every request WHEN publishing THEN it stops with a bounded number of tries, closes no pull request, and a rerun converges', async () => {
    const human = seedPull(fixture.forge.state, { branch: 'feature/by-hand', title: 'A human pull request' });
    const clock = instantClock();
    fixture.forge.failAlways({ status: 503 });

    const error = await publish(publishRequest(fixture, rendered, forgePlatform(fixture, clock))).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(GitopsSynthError);
    expect((error as GitopsSynthError).source).toBe('external');
    expect((error as Error).message).toContain('503');
    const tries = fixture.forge.requests.length;
    expect(tries).toBeGreaterThan(1);
    expect(tries).toBeLessThanOrEqual(4);
    expect(clock.sleeps).toHaveLength(tries - 1);
    const pushed = branchSha(fixture.bare.dir, 'gitops/alpha');
    expect(pushed).toBeDefined();

    fixture.forge.failNext(0, { status: 503 });
    const outcomes = await publish(publishRequest(fixture, rendered, forgePlatform(fixture)));

    expect(outcomes.map((o) => o.status)).toEqual(['unchanged']);
    expect(branchSha(fixture.bare.dir, 'gitops/alpha')).toBe(pushed);
    expect(fixture.forge.state.pulls.filter((p) => p.branch === 'gitops/alpha').map((p) => p.state)).toEqual([
      'open',
    ]);
    expect(human.state).toBe('open');
    expect(fixture.forge.state.closedThroughApi).toBe(0);
    expect(
      fixture.forge.requests.filter(
        (r) => r.method === 'DELETE' || (r.body as { state?: string } | undefined)?.state === 'closed',
      ),
    ).toEqual([]);
    expect(fixture.forge.validationFailures).toEqual([]);
  });
});
