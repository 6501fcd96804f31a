import * as fs from 'fs';
import * as path from 'path';
import { applyTreePlan, recoverTree } from '../../src/tree/apply';
import { planTree } from '../../src/tree/plan';
import { readOwnedTree } from '../../src/tree/read';
import { writeTree } from '../../src/tree/write';
import { Fault, faultyFs } from './faulty-fs';
import {
  ageFiles,
  contents,
  FOREIGN_FILES,
  makeRepo,
  ownedYaml,
  removeDir,
  snapshot,
  writeFiles,
} from './helpers';

/** The tree before: 30 applications in alpha/apps, 12 in alpha/tools, 3 in beta. */
function oldDesired(): Map<string, string> {
  const files = new Map<string, string>();
  for (let i = 0; i < 30; i++)
    files.set(`clusters/alpha/namespaces/apps/app-${i}.yaml`, ownedYaml(`app-${i}`));
  for (let i = 0; i < 12; i++)
    files.set(`clusters/alpha/namespaces/tools/tool-${i}.yaml`, ownedYaml(`tool-${i}`));
  for (let i = 0; i < 3; i++)
    files.set(`clusters/beta/namespaces/apps/app-${i}.yaml`, ownedYaml(`beta-${i}`));
  return files;
}

/** The tree after: 20 updates, the tools namespace gone (12 deletes), a new cache namespace (15 adds). */
function newDesired(): Map<string, string> {
  const files = new Map([...oldDesired()].filter(([p]) => !p.includes('/tools/')));
  for (let i = 0; i < 20; i++)
    files.set(`clusters/alpha/namespaces/apps/app-${i}.yaml`, ownedYaml(`app-${i}`, '\n  suspend: true'));
  for (let i = 0; i < 15; i++)
    files.set(`clusters/alpha/namespaces/cache/cache-${i}.yaml`, ownedYaml(`cache-${i}`));
  return files;
}

const OPTIONS = { allowDeletions: true };

function journalEntries(root: string): string[] {
  const dir = path.join(root, '.git', 'gitops-synth');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

describe('applyTreePlan failures', () => {
  let root: string;
  let before: ReturnType<typeof snapshot>;
  beforeEach(async () => {
    root = makeRepo();
    writeFiles(root, FOREIGN_FILES);
    await writeTree(root, oldDesired(), OPTIONS);
    ageFiles(root);
    before = snapshot(root);
  });
  afterEach(() => removeDir(root));

  it.each<[string, Fault]>([
    ['staging the third file', { op: 'writeFile', n: 3, action: 'throw' }],
    ['creating the new namespace directory', { op: 'mkdir', match: '/clusters/', n: 1, action: 'throw' }],
    ['moving the 1st file into place', { op: 'rename', match: '/run/stage/', n: 1, action: 'throw' }],
    ['moving the 20th file into place', { op: 'rename', match: '/run/stage/', n: 20, action: 'throw' }],
    [
      'moving the 35th (last) file into place',
      { op: 'rename', match: '/run/stage/', n: 35, action: 'throw' },
    ],
    ['moving the 10th deleted file aside', { op: 'rename', match: '/tools/', n: 10, action: 'throw' }],
    ['committing the journal', { op: 'rename', match: 'journal.json.tmp', n: 2, action: 'throw' }],
  ])(
    'GIVEN a permission error when %s WHEN the tree is written THEN TREE_APPLY_FAILED and the tree is byte-identical to before',
    async (_when, fault) => {
      const error = await writeTree(root, newDesired(), { ...OPTIONS, fs: faultyFs([fault]) }).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'TREE_APPLY_FAILED', source: 'external' });
      expect((error as Error).message).toMatch(
        /was rolled back; the tree is as it was: EACCES: permission denied \(injected/,
      );
      expect(snapshot(root)).toEqual(before);
      expect(journalEntries(root)).toEqual([]);

      await writeTree(root, newDesired(), OPTIONS);
      expect(contents(root)).toEqual({ ...FOREIGN_FILES, ...Object.fromEntries(newDesired()) });
    },
  );

  it('GIVEN a failure while writing and another while rolling back WHEN written THEN TREE_ROLLBACK_FAILED keeps the journal and the next run restores, then converges', async () => {
    const faults: Fault[] = [
      { op: 'rename', match: '/run/stage/', n: 20, action: 'throw' },
      { op: 'rmdir', match: '/clusters/', n: 1, action: 'throw' },
    ];
    const error = await writeTree(root, newDesired(), { ...OPTIONS, fs: faultyFs(faults) }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'TREE_ROLLBACK_FAILED' });
    expect(journalEntries(root)).toEqual(['journal.json', 'run']);

    expect(await recoverTree(root)).toBe('rolled-back');
    expect(snapshot(root)).toEqual(before);
    expect(journalEntries(root)).toEqual([]);
  });

  it('GIVEN a plan made before an interrupted write was recovered WHEN applied THEN it recovers, refuses the stale plan with TREE_CHANGED, and a fresh plan applies', async () => {
    const plan = planTree(await readOwnedTree(root), newDesired(), OPTIONS);
    await writeTree(root, newDesired(), OPTIONS);
    // A write back to the old tree fails, and so does its rollback: it leaves a journal.
    const faults: Fault[] = [
      { op: 'rename', match: '/run/stage/', n: 5, action: 'throw' },
      { op: 'rename', match: '/run/backup/', n: 1, action: 'throw' },
    ];
    await expect(writeTree(root, oldDesired(), { ...OPTIONS, fs: faultyFs(faults) })).rejects.toMatchObject({
      code: 'TREE_ROLLBACK_FAILED',
    });
    expect(journalEntries(root)).toContain('journal.json');

    await expect(applyTreePlan(root, plan)).rejects.toMatchObject({ code: 'TREE_CHANGED' });
    expect(contents(root)).toEqual({ ...FOREIGN_FILES, ...Object.fromEntries(newDesired()) });
    const fresh = planTree(await readOwnedTree(root), oldDesired(), OPTIONS);
    await applyTreePlan(root, fresh);
    expect(contents(root)).toEqual({ ...FOREIGN_FILES, ...Object.fromEntries(oldDesired()) });
  });

  it('GIVEN a foreign file that appears at an added path after planning WHEN applied THEN TREE_CHANGED, the file is kept and nothing else changes', async () => {
    const plan = planTree(await readOwnedTree(root), newDesired(), OPTIONS);
    writeFiles(root, { 'clusters/alpha/namespaces/cache/cache-7.yaml': 'hand-written\n' });
    const withIntruder = snapshot(root);
    await expect(applyTreePlan(root, plan)).rejects.toMatchObject({ code: 'TREE_CHANGED' });
    expect(snapshot(root)).toEqual(withIntruder);
  });

  it("GIVEN a live run holding the lock WHEN another write starts THEN TREE_LOCKED and nothing changes; a dead holder's lock is taken over", async () => {
    const startedAt = new Date().toISOString();
    fs.writeFileSync(
      path.join(root, '.git/gitops-synth/lock'),
      JSON.stringify({
        pid: 4242,
        hostname: 'here',
        startedAt,
        renewedAt: startedAt,
        leaseMs: 60_000,
        nonce: 'other',
      }),
    );
    const alive = { pid: 1, hostname: 'here', isAlive: () => true };
    await expect(writeTree(root, newDesired(), { ...OPTIONS, process: alive })).rejects.toMatchObject({
      code: 'TREE_LOCKED',
    });
    expect(snapshot(root)).toEqual(before);
    await writeTree(root, newDesired(), { ...OPTIONS, process: { ...alive, isAlive: () => false } });
    expect(contents(root)).toEqual({ ...FOREIGN_FILES, ...Object.fromEntries(newDesired()) });
    expect(journalEntries(root)).toEqual([]);
  });
});
