/**
 * Kills a real write with SIGKILL at chosen steps (in a child process) and checks that the
 * next run finds the tree either exactly as before or exactly as desired, converges, and
 * leaves no staged file, backup, journal or lock behind.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { recoverTree } from '../../src/tree/apply';
import { writeTree } from '../../src/tree/write';
import { Fault } from './faulty-fs';
import { ageFiles, contents, FOREIGN_FILES, makeRepo, ownedYaml, removeDir, writeFiles } from './helpers';

function oldDesired(): Map<string, string> {
  const files = new Map<string, string>();
  for (let i = 0; i < 8; i++)
    files.set(`clusters/alpha/namespaces/apps/app-${i}.yaml`, ownedYaml(`app-${i}`));
  for (let i = 0; i < 4; i++)
    files.set(`clusters/alpha/namespaces/tools/tool-${i}.yaml`, ownedYaml(`tool-${i}`));
  return files;
}

/** 4 updates, 4 deletes (the tools namespace), 4 adds (a new cache namespace). */
function newDesired(): Map<string, string> {
  const files = new Map([...oldDesired()].filter(([p]) => !p.includes('/tools/')));
  for (let i = 0; i < 4; i++)
    files.set(`clusters/alpha/namespaces/apps/app-${i}.yaml`, ownedYaml(`app-${i}`, '\n  suspend: true'));
  for (let i = 0; i < 4; i++)
    files.set(`clusters/alpha/namespaces/cache/cache-${i}.yaml`, ownedYaml(`cache-${i}`));
  return files;
}

const OLD = () => ({ ...FOREIGN_FILES, ...Object.fromEntries(oldDesired()) });
const NEW = () => ({ ...FOREIGN_FILES, ...Object.fromEntries(newDesired()) });

/** Runs writeTree(newDesired) in a child process with `faults`; returns how it ended. */
function runChild(
  root: string,
  faults: readonly Fault[],
): { signal: NodeJS.Signals | null; status: number | null; stderr: string } {
  const desiredFile = path.join(root, '..', `${path.basename(root)}-desired.json`);
  fs.writeFileSync(desiredFile, JSON.stringify(Object.fromEntries(newDesired())));
  try {
    const child = spawnSync(
      process.execPath,
      [
        path.join(__dirname, 'crash-child.js'),
        JSON.stringify({ root, desiredFile, faults, allowDeletions: true }),
      ],
      {
        encoding: 'utf8',
        timeout: 30000,
      },
    );
    return { signal: child.signal, status: child.status, stderr: child.stderr };
  } finally {
    fs.rmSync(desiredFile, { force: true });
  }
}

describe('a write killed with SIGKILL', () => {
  let root: string;
  beforeEach(async () => {
    root = makeRepo();
    writeFiles(root, FOREIGN_FILES);
    await writeTree(root, oldDesired(), { allowDeletions: true });
    ageFiles(root);
  });
  afterEach(() => removeDir(root));

  it.each<[string, 'old' | 'new', Fault]>([
    ['while staging', 'old', { op: 'writeFile', match: '/run/stage/', n: 3, action: 'kill' }],
    [
      'before the journal is in place',
      'old',
      { op: 'rename', match: 'journal.json.tmp', n: 1, action: 'kill' },
    ],
    [
      'after moving the first file into place',
      'old',
      { op: 'rename', match: '/run/stage/', n: 2, action: 'kill' },
    ],
    ['halfway through deleting', 'old', { op: 'rename', match: '/tools/', n: 3, action: 'kill' }],
    [
      'before committing the journal',
      'old',
      { op: 'rename', match: 'journal.json.tmp', n: 2, action: 'kill' },
    ],
    ['while removing emptied directories', 'new', { op: 'rmdir', match: '/clusters/', n: 1, action: 'kill' }],
    ['while discarding the journal', 'new', { op: 'removeAll', match: '/run', n: 3, action: 'kill' }],
  ])(
    'GIVEN a kill %s WHEN the next run starts THEN it recovers to the %s tree exactly, then converges with no leftovers',
    (_when, recovered, fault) => {
      const child = runChild(root, [fault]);
      expect(child).toMatchObject({ signal: 'SIGKILL' });
      // Whatever the kill left, nothing but old or new files is in the working tree (staged files live in .git).
      const known = new Set([...Object.keys(OLD()), ...Object.keys(NEW())]);
      expect(Object.keys(contents(root)).filter((p) => !known.has(p))).toEqual([]);

      return (async () => {
        await recoverTree(root);
        expect(contents(root)).toEqual(recovered === 'old' ? OLD() : NEW());
        await writeTree(root, newDesired(), { allowDeletions: true });
        expect(contents(root)).toEqual(NEW());
        expect(fs.existsSync(path.join(root, 'clusters/alpha/namespaces/tools'))).toBe(false);
        expect(fs.readdirSync(path.join(root, '.git/gitops-synth'))).toEqual([]);
      })();
    },
  );

  it('GIVEN a write that fails and is killed halfway through its rollback WHEN the next run starts THEN the rollback is finished and the old tree is exact', async () => {
    const child = runChild(root, [
      { op: 'rename', match: '/run/stage/', n: 6, action: 'throw' },
      { op: 'rename', match: '/run/backup/', n: 3, action: 'kill' },
    ]);
    expect(child).toMatchObject({ signal: 'SIGKILL' });
    expect(await recoverTree(root)).toBe('rolled-back');
    expect(contents(root)).toEqual(OLD());
    expect(fs.existsSync(path.join(root, 'clusters/alpha/namespaces/cache'))).toBe(false);
  });

  it('GIVEN no fault WHEN the child writes THEN it succeeds (the harness itself works)', () => {
    const child = runChild(root, []);
    expect(child).toEqual({ signal: null, status: 0, stderr: '' });
    expect(contents(root)).toEqual(NEW());
  });
});
