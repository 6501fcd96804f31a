/**
 * The probe's reproduction: run A (host runner-a) is stopped with SIGSTOP halfway through
 * switching files; runs on another host and on the same host start meanwhile. They must
 * refuse (TREE_LOCKED, exit 75 from the CLI) without rolling A back or touching its
 * staging, and A, resumed, finishes its write.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { writeTree } from '../../src/tree/write';
import { runCli } from '../support/cli';
import { waitStopped } from '../support/process';
import { Fault } from './faulty-fs';
import { contents, FOREIGN_FILES, makeRepo, ownedYaml, removeDir, writeFiles } from './helpers';

function desired(version: string): Map<string, string> {
  const files = new Map<string, string>();
  for (let i = 0; i < 12; i++)
    files.set(
      `clusters/alpha/namespaces/apps/app-${i}.yaml`,
      ownedYaml(`app-${i}`, `\n  release: "${version}"`),
    );
  return files;
}

/** Starts writeTree(`files`) in a child process on `host`, with `faults`. */
function startWriter(
  root: string,
  host: string,
  files: Map<string, string>,
  faults: readonly Fault[],
): ChildProcess {
  const desiredFile = `${root}-${host}-desired.json`;
  fs.writeFileSync(desiredFile, JSON.stringify(Object.fromEntries(files)));
  return spawn(
    process.execPath,
    [
      path.join(__dirname, 'crash-child.js'),
      JSON.stringify({ root, desiredFile, faults, allowDeletions: true }),
    ],
    {
      env: { ...process.env, GITOPS_SYNTH_HOSTNAME: host },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
}

/** Runs writeTree(`files`) to the end in a child process on `host`. */
function runWriter(
  root: string,
  host: string,
  files: Map<string, string>,
): { status: number | null; stderr: string } {
  const desiredFile = `${root}-${host}-desired.json`;
  fs.writeFileSync(desiredFile, JSON.stringify(Object.fromEntries(files)));
  const child = spawnSync(
    process.execPath,
    [
      path.join(__dirname, 'crash-child.js'),
      JSON.stringify({ root, desiredFile, faults: [], allowDeletions: true }),
    ],
    {
      env: { ...process.env, GITOPS_SYNTH_HOSTNAME: host },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return { status: child.status, stderr: child.stderr };
}

function runFiles(root: string): string[] {
  const run = path.join(root, '.git/gitops-synth');
  return fs
    .readdirSync(run, { recursive: true, encoding: 'utf8' })
    .filter((entry) => !entry.startsWith('lock'))
    .sort();
}

describe('a write stopped halfway while other runs start', () => {
  let root: string;
  let writer: ChildProcess | undefined;
  beforeEach(async () => {
    root = makeRepo();
    writeFiles(root, FOREIGN_FILES);
    await writeTree(root, desired('1'), { allowDeletions: true });
  });
  afterEach(() => {
    if (writer !== undefined && writer.exitCode === null) {
      writer.kill('SIGCONT');
      writer.kill('SIGKILL');
    }
    for (const host of ['runner-a', 'runner-b']) fs.rmSync(`${root}-${host}-desired.json`, { force: true });
    removeDir(root);
  });

  it("GIVEN run A on runner-a stopped after switching files WHEN runs on runner-b and runner-a start THEN they refuse with TREE_LOCKED and leave A's files, staging and journal; A resumes and finishes", async () => {
    writer = startWriter(root, 'runner-a', desired('2'), [
      { op: 'rename', match: '/run/stage/', n: 5, action: 'stop' },
    ]);
    let stderr = '';
    writer.stderr?.on('data', (chunk) => (stderr += String(chunk)));
    await waitStopped(writer.pid as number);
    const tree = contents(root);
    const staging = runFiles(root);
    expect(staging).toContain('journal.json');

    const other = runWriter(root, 'runner-b', desired('1'));
    const same = runWriter(root, 'runner-a', desired('1'));
    const cli = await runCli(
      ['synth', '--intents', path.join(__dirname, '../../examples/intents'), '--root', root],
      { cwd: root },
    );

    for (const refused of [other, same]) {
      expect(refused.status).toBe(3); // crash-child's exit for any error
      expect(refused.stderr).toMatch(new RegExp(`^TREE_LOCKED .*pid ${writer.pid} on host runner-a`));
    }
    expect(cli.code).toBe(75);
    expect(cli.stderr).toContain('[TREE_LOCKED]');
    expect(contents(root)).toEqual(tree);
    expect(runFiles(root)).toEqual(staging);

    writer.kill('SIGCONT');
    const code = await new Promise((resolve) => writer?.once('exit', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(contents(root)).toEqual({ ...FOREIGN_FILES, ...Object.fromEntries(desired('2')) });
  });
});
