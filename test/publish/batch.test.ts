/**
 * The batch path of a large run against a bare repository and the loopback forge:
 * what it hands back to the per-group path (a bot branch whose content differs, a
 * cluster whose files are deleted) ends exactly as the per-group path would leave it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { publishRun } from '../../src/publish/publish';
import { git } from '../support/git-server';
import {
  commitsAboveMain,
  createPublishFixture,
  forgePlatform,
  PublishFixture,
  publishRequest,
  renderIntents,
  TestCluster,
} from './harness';

jest.setTimeout(180_000);

const fleet = (replicas: number, count = 12): TestCluster[] =>
  Array.from({ length: count }, (_, i) => ({ id: `b-${String(i).padStart(2, '0')}`, replicas }));

describe('publish: the batch path of a large run', () => {
  let fixture: PublishFixture;
  beforeEach(async () => {
    fixture = await createPublishFixture({ clusters: fleet(1) });
  });
  afterEach(() => fixture.close());

  let lines: string[] = [];
  const run = async (overrides = {}) => {
    const request = publishRequest(fixture, await renderIntents(fixture), forgePlatform(fixture), overrides);
    lines = request.lines;
    return publishRun(request);
  };

  it('GIVEN 12 clusters WHEN published THEN one git push carries every branch, each one commit above main with its pull request', async () => {
    const result = await run();
    expect(result.outcomes.map((o) => o.status)).toEqual(Array(12).fill('published'));
    expect(lines).toContain('pushed 12 branches in 1 git push(es)');
    expect(
      fixture.forge.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/pulls')),
    ).toHaveLength(12);
    for (const cluster of fleet(1))
      expect(commitsAboveMain(fixture.bare.dir, `gitops/${cluster.id}`)).toHaveLength(1);
    expect(result.outcomes.every((o) => o.status === 'published' && o.action === 'created')).toBe(true);
  });

  it("GIVEN batch: false (the benchmark's baseline) WHEN 12 clusters are published THEN each branch goes out in a git push of its own, with the same content", async () => {
    const log = path.join(fixture.tmp, 'pushes.log');
    fs.writeFileSync(path.join(fixture.bare.dir, 'hooks', 'pre-receive'), `#!/bin/sh\nwc -l >> '${log}'\n`, {
      mode: 0o755,
    });
    const result = await run({ batch: false });
    expect(result.outcomes.map((o) => o.status)).toEqual(Array(12).fill('published'));
    expect(lines.some((line) => line.startsWith('pushed '))).toBe(false);
    // Twelve pushes of one branch each.
    expect(
      fs
        .readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map(Number),
    ).toEqual(Array(12).fill(1));
    for (const cluster of fleet(1))
      expect(commitsAboveMain(fixture.bare.dir, `gitops/${cluster.id}`)).toHaveLength(1);
  });

  it('GIVEN the branches pushed by an earlier run WHEN the intents change THEN each differing branch is rebuilt by the per-group path and its pull request updated, none duplicated', async () => {
    await run();
    fixture.writeIntents(fleet(2));
    const result = await run();
    expect(result.outcomes.map((o) => (o.status === 'published' ? o.action : o.status))).toEqual(
      Array(12).fill('updated'),
    );
    expect(fixture.forge.state.pulls).toHaveLength(12);
    for (const cluster of fleet(2)) {
      const commits = commitsAboveMain(fixture.bare.dir, `gitops/${cluster.id}`);
      expect(commits).toHaveLength(1);
      expect(
        git(
          ['grep', '-l', 'replicas: 2', `refs/heads/gitops/${cluster.id}`, '--', `clusters/${cluster.id}`],
          { cwd: fixture.bare.dir },
        ),
      ).not.toBe('');
    }
    // A third run with nothing new pushes and edits nothing.
    const writes = fixture.forge.writes().length;
    const again = await run();
    expect(again.outcomes.every((o) => o.status === 'unchanged')).toBe(true);
    expect(fixture.forge.writes().length).toBe(writes);
  });

  it('GIVEN one cluster removed from the intents after its files reached main WHEN published THEN its deletion goes through the per-group path with the deletion guard', async () => {
    await run();
    for (const pull of fixture.forge.state.pulls) {
      git(['update-ref', 'refs/heads/main', `refs/heads/${pull.branch}`], { cwd: fixture.bare.dir });
      break;
    }
    fixture.writeIntents(fleet(1).slice(1));
    const refused = run();
    await expect(refused).rejects.toMatchObject({ code: expect.stringMatching(/DELETION/) });
    const result = await run({ allowDeletions: true });
    const removal = result.outcomes.find((o) => o.group.branch === 'gitops/b-00')!;
    expect(removal.status).toBe('published');
    expect(fixture.forge.validationFailures).toEqual([]);
  });
});
