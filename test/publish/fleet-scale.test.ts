/**
 * A change to 1,000 clusters published across several runs, each stopped by the forge's
 * emulated GitHub limits (500 content-creating requests a window, then 403 with
 * Retry-After): every run exits normally and reports what it deferred, the next one
 * resumes from Git and the forge alone, and in the end each cluster has exactly one
 * branch and one pull request, none lost and none duplicated. The branches go out in
 * chunks of 100 per `git push`.
 */
import { ApiPacer } from '../../src/platform/pacing';
import { createPlatform } from '../../src/platform/registry';
import { publishRun, PublishResult } from '../../src/publish/publish';
import { git } from '../support/git-server';
import {
  createPublishFixture,
  instantClock,
  PublishFixture,
  publishRequest,
  renderIntents,
  TestCluster,
} from './harness';

jest.setTimeout(240_000);

const COUNT = Number(process.env.FLEET_SCALE_CLUSTERS ?? 1000);
const clusters: TestCluster[] = Array.from({ length: COUNT }, (_, i) => ({
  id: `c-${String(i).padStart(4, '0')}`,
}));

describe(`publishing a change to ${COUNT} clusters within GitHub's limits`, () => {
  let fixture: PublishFixture;
  /** The forge's clock: an hour passes between runs, so each run meets fresh windows. */
  let forgeTime = Date.parse('2026-06-01T00:00:00Z');

  beforeAll(async () => {
    fixture = await createPublishFixture({
      clusters,
      forge: {
        limits: {
          primary: { requests: 5000, windowSeconds: 3600 },
          secondary: { writes: 500, windowSeconds: 3600, retryAfterSeconds: 60 },
        },
        now: () => new Date(forgeTime),
      },
    });
  });
  afterAll(() => fixture.close());

  it('GIVEN limits that allow 250 new pull requests a window WHEN publish runs until nothing is deferred THEN four runs open every pull request once', async () => {
    const rendered = await renderIntents(fixture);
    const runs: PublishResult[] = [];
    for (let run = 0; run < 8; run++) {
      const clock = { ...instantClock(), now: () => forgeTime };
      const pacer = new ApiPacer({ clock, writePauseMs: 0, maxWaitMs: 5000 });
      const platform = createPlatform({
        provider: 'github',
        apiUrl: fixture.forge.apiUrl,
        project: 'acme/fleet',
        token: fixture.forge.token,
        clock,
        fetch: pacer.wrap((url, init) => fetch(url, init)),
      });
      const result = await publishRun(
        publishRequest(fixture, rendered, platform, { pacer, maxOpenPullRequests: 1000 }),
      );
      runs.push(result);
      forgeTime += 3_600_000;
      if (result.deferred === undefined) break;
    }
    // Each stopped run deferred the rest with the host's own reason, and later runs took them up.
    expect(runs.map((r) => r.deferred?.groups.length ?? 0)).toEqual([750, 500, 250, 0]);
    expect(runs[0].deferred?.reason).toBe('the host answered 403 (rate limit) and asked to wait 60s');
    expect(
      runs.map((r) => r.outcomes.filter((o) => o.status === 'published' && o.action === 'created').length),
    ).toEqual([250, 0, 0, 0]);
    const created = runs.map(
      (r) =>
        r.outcomes.filter(
          (o) => (o.status === 'published' || o.status === 'unchanged') && o.action === 'created',
        ).length,
    );
    expect(created).toEqual([250, 250, 250, 250]);

    const pulls = fixture.forge.state.pulls;
    expect(pulls).toHaveLength(COUNT);
    expect(new Set(pulls.map((p) => p.branch)).size).toBe(COUNT);
    expect(
      pulls.every(
        (p) => p.state === 'open' && p.labels.includes(`cluster:${p.branch.slice('gitops/'.length)}`),
      ),
    ).toBe(true);
    const creates = fixture.forge.requests.filter(
      (r) => r.method === 'POST' && r.path === '/repos/acme/fleet/pulls',
    );
    expect(creates.filter((r) => r.status === 201)).toHaveLength(COUNT);
    const branches = git(['for-each-ref', '--format=%(refname)', 'refs/heads/gitops/'], {
      cwd: fixture.bare.dir,
    })
      .split('\n')
      .filter((line) => line !== '');
    expect(branches).toHaveLength(COUNT);
    // Every branch holds one commit on main: nothing was pushed twice.
    const sample = git(['rev-list', '--count', `main..refs/heads/gitops/${clusters[COUNT - 1].id}`], {
      cwd: fixture.bare.dir,
    });
    expect(sample).toBe('1');
    expect(fixture.forge.limited.secondaryRefused).toBe(3);
    expect(fixture.forge.validationFailures).toEqual([]);
  });
});
