import * as fs from 'fs';
import * as path from 'path';
import { Rendered } from '../../src/pipeline/render';
import { publishGroup } from '../../src/publish/publish-group';
import { publishGroups } from '../../src/publish/groups';
import { GitopsSynthError } from '../../src/errors';
import { branchSha, git, pushCompetingCommit } from '../support/git-server';
import {
  cloneWorkingCopy,
  commitsAboveMain,
  createPublishFixture,
  forgePlatform,
  groupRun,
  instantClock,
  interceptRepository,
  parentsOf,
  PublishFixture,
  renderIntents,
} from './harness';

const [alpha] = publishGroups(['alpha'], 'cluster');

describe('publishGroup when the remote moves during the run', () => {
  let fixture: PublishFixture;
  let rendered: Rendered;

  beforeEach(async () => {
    fixture = await createPublishFixture();
    rendered ??= await renderIntents(fixture);
  });
  afterEach(() => fixture.close());

  it('GIVEN main moves right before the push WHEN publishing THEN the branch is rebuilt on the new main, the retry is logged and one pull request is opened', async () => {
    let competitor: string | undefined;
    const repo = interceptRepository(await cloneWorkingCopy(fixture), {
      pushWithLease: () => {
        competitor ??= pushCompetingCommit(fixture.bare.dir, {
          branch: 'main',
          message: 'Human change on main',
          files: { 'docs/notes.md': 'hello\n' },
        });
      },
    });
    const run = groupRun(repo, rendered, forgePlatform(fixture));

    const outcome = await publishGroup(run, alpha);

    expect(outcome.status).toBe('published');
    expect(competitor).toBeDefined();
    const tip = branchSha(fixture.bare.dir, 'gitops/alpha')!;
    expect(parentsOf(fixture.bare.dir, tip)).toEqual([competitor]);
    expect(commitsAboveMain(fixture.bare.dir, 'gitops/alpha')).toHaveLength(1);
    expect(git(['show', `${tip}:docs/notes.md`], { cwd: fixture.bare.dir })).toBe('hello');
    expect(run.lines.join('\n')).toMatch(
      /gitops\/alpha: the base branch 'main' moved .*retrying on a fresh fetch in \d+ ms \(attempt 2 of 4\)/,
    );
    expect(fixture.forge.state.pulls.map((p) => [p.branch, p.state])).toEqual([['gitops/alpha', 'open']]);
    expect(fixture.forge.validationFailures).toEqual([]);
  });

  it('GIVEN someone pushes onto gitops/alpha between fetch and push WHEN publishing THEN nothing is overwritten and it stops with FOREIGN_COMMIT_ON_BRANCH', async () => {
    let foreign: string | undefined;
    const repo = interceptRepository(await cloneWorkingCopy(fixture), {
      pushWithLease: () => {
        foreign ??= pushCompetingCommit(fixture.bare.dir, {
          branch: 'gitops/alpha',
          message: 'Hand edit on the bot branch',
          files: { 'clusters/alpha/extra.yaml': 'x: 1\n' },
        });
      },
    });
    const run = groupRun(repo, rendered, forgePlatform(fixture));

    const error = await publishGroup(run, alpha).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(GitopsSynthError);
    expect((error as GitopsSynthError).code).toBe('FOREIGN_COMMIT_ON_BRANCH');
    expect((error as Error).message).toContain('Hand edit on the bot branch');
    expect(branchSha(fixture.bare.dir, 'gitops/alpha')).toBe(foreign);
    expect(run.lines.join('\n')).toContain("gitops/alpha: the branch 'gitops/alpha' moved while publishing");
    expect(fixture.forge.state.pulls).toEqual([]);
  });

  it('GIVEN another push wins the ref while the server handles ours (cannot lock ref) WHEN publishing THEN it is retried as a lost race, not reported as a rejection', async () => {
    // The server moves the branch itself between reading and updating it, exactly once:
    // receive-pack then fails to lock the ref, as when two pushes land at the same moment.
    const hook = path.join(fixture.bare.dir, 'hooks', 'pre-receive');
    const mark = path.join(fixture.bare.dir, 'hooks', 'raced');
    fs.writeFileSync(
      hook,
      `#!/bin/sh\nif [ ! -e '${mark}' ]; then touch '${mark}'; env -u GIT_QUARANTINE_PATH git update-ref refs/heads/gitops/alpha refs/heads/main ''; fi\nexit 0\n`,
      { mode: 0o755 },
    );
    const run = groupRun(await cloneWorkingCopy(fixture), rendered, forgePlatform(fixture));

    const outcome = await publishGroup(run, alpha);

    expect(fs.existsSync(mark)).toBe(true);
    expect(outcome.status).toBe('published');
    expect(run.lines.join('\n')).toMatch(
      /gitops\/alpha: the branch 'gitops\/alpha' moved while publishing .*retrying/,
    );
    expect(commitsAboveMain(fixture.bare.dir, 'gitops/alpha')).toHaveLength(1);
    expect(fixture.forge.state.pulls.map((p) => p.branch)).toEqual(['gitops/alpha']);
  });

  it('GIVEN a server that moves the branch right after accepting the push WHEN publishing THEN the check after the push fails with REMOTE_BRANCH_MISMATCH and no pull request is opened', async () => {
    const hook = path.join(fixture.bare.dir, 'hooks', 'post-receive');
    fs.writeFileSync(hook, '#!/bin/sh\ngit update-ref refs/heads/gitops/alpha refs/heads/main\n', {
      mode: 0o755,
    });
    const run = groupRun(await cloneWorkingCopy(fixture), rendered, forgePlatform(fixture));

    const error = await publishGroup(run, alpha).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect((error as GitopsSynthError).code).toBe('REMOTE_BRANCH_MISMATCH');
    expect((error as Error).message).toContain(`holds ${fixture.bare.seedSha}`);
    expect(fixture.forge.state.pulls).toEqual([]);
  });

  it('GIVEN main moves on every attempt WHEN publishing THEN it gives up after the budget with PUSH_STALE, waiting a bounded, growing delay between attempts', async () => {
    let pushes = 0;
    const repo = interceptRepository(await cloneWorkingCopy(fixture), {
      pushWithLease: () => {
        pushes++;
        pushCompetingCommit(fixture.bare.dir, {
          branch: 'main',
          message: `Busy main ${pushes}`,
          files: { [`busy-${pushes}.txt`]: `${pushes}\n` },
        });
      },
    });
    const clock = instantClock();
    const run = groupRun(repo, rendered, forgePlatform(fixture), {
      clock,
      retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 150 },
    });

    const error = await publishGroup(run, alpha).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect((error as GitopsSynthError).code).toBe('PUSH_STALE');
    expect((error as Error).message).toContain('gave up after 3 attempts');
    expect((error as GitopsSynthError).hint).toContain('publish again');
    expect(pushes).toBe(3);
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(clock.sleeps[1]).toBeGreaterThan(clock.sleeps[0]);
    expect(clock.sleeps.every((ms) => ms <= 150)).toBe(true);
    expect(fixture.forge.state.pulls).toEqual([]);
  });
});
