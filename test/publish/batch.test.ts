/**
 * The batch path of a large run against a bare repository and the loopback forge:
 * what it hands back to the per-group path (a bot branch whose content differs, a
 * cluster whose files are deleted) ends exactly as the per-group path would leave it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GitRepository } from '../../src/git/repository';
import { publishRun } from '../../src/publish/publish';
import { git } from '../support/git-server';
import { createSshSigningKey, verifyCommit } from '../support/signing-keys';
import {
  BOT,
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
  // git fast-import can neither sign nor sign off: such runs must take the per-group path.
  const branchTip = (id: string) =>
    git(['rev-parse', `refs/heads/gitops/${id}`], { cwd: fixture.bare.dir }).trim();

  it('GIVEN --sign ssh WHEN 12 clusters are published THEN no batch is built and every branch commit verifies with git verify-commit', async () => {
    const key = createSshSigningKey(fixture.tmp, BOT.email);
    const request = publishRequest(fixture, await renderIntents(fixture), forgePlatform(fixture));
    const result = await publishRun({
      ...request,
      workspace: { ...request.workspace, signing: { format: 'ssh', key: key.privateKey } },
    });
    expect(result.outcomes.map((o) => o.status)).toEqual(Array(12).fill('published'));
    expect(request.lines.some((line) => line.startsWith('pushed '))).toBe(false);
    for (const cluster of fleet(1)) {
      const verified = verifyCommit(fixture.bare.dir, branchTip(cluster.id), {
        allowedSigners: key.allowedSigners,
      });
      expect({ cluster: cluster.id, ok: verified.ok }).toEqual({ cluster: cluster.id, ok: true });
    }
  });

  it('GIVEN --signoff WHEN 12 clusters are published THEN no batch is built and every branch commit carries Signed-off-by', async () => {
    const request = publishRequest(fixture, await renderIntents(fixture), forgePlatform(fixture));
    await publishRun({ ...request, workspace: { ...request.workspace, signoff: true } });
    expect(request.lines.some((line) => line.startsWith('pushed '))).toBe(false);
    for (const cluster of fleet(1)) {
      const message = git(['log', '-1', '--format=%B', branchTip(cluster.id)], { cwd: fixture.bare.dir });
      expect(message).toMatch(/^Signed-off-by: /m);
    }
  });

  it("GIVEN the working copy's git config has commit.gpgsign=true WHEN its repository is asked THEN its commits are not plain (the batch path is not taken)", async () => {
    await run();
    const dir = path.join(fixture.tmp, 'work');
    const repo = await GitRepository.open({ dir, env: fixture.env });
    expect(await repo.commitsArePlain()).toBe(true);
    git(['config', 'commit.gpgsign', 'true'], { cwd: dir });
    expect(await repo.commitsArePlain()).toBe(false);
  });
});
