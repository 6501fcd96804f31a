/**
 * The real-filesystem write path stages and switches with synchronous calls; a kill can
 * land between any two of them. Kills a large write once its journal exists (while it
 * switches files) and checks that recovery leaves the tree exactly old or exactly new.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { recoverTree } from '../../src/tree/apply';
import { writeTree } from '../../src/tree/write';
import { contents, FOREIGN_FILES, makeRepo, ownedYaml, removeDir, writeFiles } from '../tree/helpers';

const FILES = 3000;

function oldDesired(): Map<string, string> {
  const files = new Map<string, string>();
  for (let i = 0; i < FILES; i++)
    files.set(`clusters/alpha/namespaces/ns-${i % 10}/app-${i}.yaml`, ownedYaml(`app-${i}`));
  return files;
}

/** Every file updated, a tenth deleted, a tenth added. */
function newDesired(): Map<string, string> {
  const files = new Map<string, string>();
  for (let i = 0; i < FILES; i++)
    if (i % 10 !== 0)
      files.set(
        `clusters/alpha/namespaces/ns-${i % 10}/app-${i}.yaml`,
        ownedYaml(`app-${i}`, '\n  suspend: true'),
      );
  for (let i = 0; i < FILES / 10; i++)
    files.set(`clusters/alpha/namespaces/new/app-${i}.yaml`, ownedYaml(`new-${i}`));
  return files;
}

/** Starts the write in a child and SIGKILLs it once it has begun switching files in; resolves how it ended. */
function killWhileSwitching(root: string): Promise<{ killed: boolean }> {
  const desiredFile = `${root}-desired.json`;
  fs.writeFileSync(desiredFile, JSON.stringify(Object.fromEntries(newDesired())));
  const journal = path.join(root, '.git', 'gitops-synth', 'journal.json');
  const firstSwitched = path.join(root, 'clusters/alpha/namespaces/new/app-0.yaml');
  const child = spawn(
    process.execPath,
    [path.join(__dirname, 'write-child.js'), JSON.stringify({ root, desiredFile })],
    { stdio: 'ignore' },
  );
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      // The first switched file (the new namespace sorts first): the kill lands mid-switch.
      if (fs.existsSync(journal) && fs.existsSync(firstSwitched)) child.kill('SIGKILL');
    }, 1);
    child.on('exit', (_code, signal) => {
      clearInterval(timer);
      fs.rmSync(desiredFile, { force: true });
      resolve({ killed: signal === 'SIGKILL' });
    });
  });
}

describe('a real-filesystem write killed while it switches files', () => {
  let root: string;
  beforeEach(async () => {
    root = makeRepo();
    writeFiles(root, FOREIGN_FILES);
    await writeTree(root, oldDesired(), { allowDeletions: true });
  });
  afterEach(() => removeDir(root));

  it('GIVEN a write of thousands of files killed once its journal exists WHEN the tree is recovered THEN it is exactly the old or exactly the new tree, and a rerun converges', async () => {
    const before = contents(root, ['.git']);
    const after = { ...FOREIGN_FILES, ...Object.fromEntries(newDesired()) };
    const { killed } = await killWhileSwitching(root);
    await recoverTree(root);
    const recovered = contents(root, ['.git']);
    if (killed) {
      expect([before, after]).toContainEqual(recovered);
    } else {
      expect(recovered).toEqual(after);
    }
    await writeTree(root, newDesired(), { allowDeletions: true });
    expect(contents(root, ['.git'])).toEqual(after);
    expect(fs.readdirSync(path.join(root, '.git', 'gitops-synth')).filter((name) => name !== 'lock')).toEqual(
      [],
    );
  });
});
