/**
 * An empty selection, as a new user makes one: a typo in --clusters, or a CI matrix of
 * 4 shards over a 3-cluster fleet. Every command runs as a real process with its
 * standard input left open and a deadline, so a command that waits on stdin, a prompt
 * or the network fails here instead of hanging a CI job.
 */
import { spawn, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { clusterFilter } from '../../src/selection';
import { LoopbackForge, startLoopbackForge } from '../support/forge';
import { createBareRepository, createTestHome, git, testGitEnv } from '../support/git-server';

const BIN = path.resolve(__dirname, '../../bin/gitops-synth.js');
const examples = path.resolve(__dirname, '../../examples/intents');
const CLUSTERS = ['cluster-edge-1', 'cluster-lab-1', 'cluster-prod-1'];
/** Far longer than any of these runs takes, far shorter than the 10-minute git block timeout. */
const DEADLINE_MS = 30_000;

interface ProcessRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Runs the built CLI; stdin stays open (never written, never closed) and the process is killed at the deadline. */
function runBin(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, DEADLINE_MS);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

describe('an empty selection on every command', () => {
  let tmp: string;
  let forge: LoopbackForge;
  let root: string;
  let bareUrl: string;
  let env: NodeJS.ProcessEnv;
  let gitCalls: string;
  /** A shard of 4 that holds none of the example's 3 clusters. */
  let emptyShard: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-empty-'));
    forge = await startLoopbackForge({ provider: 'github', project: 'acme/fleet' });
    fs.cpSync(examples, path.join(tmp, 'intents'), { recursive: true });
    // A git on PATH that logs every run before handing over to the real one.
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    const wrapperDir = path.join(tmp, 'bin');
    gitCalls = path.join(tmp, 'git-calls.log');
    fs.mkdirSync(wrapperDir);
    fs.writeFileSync(
      path.join(wrapperDir, 'git'),
      `#!/bin/sh\necho "$*" >> '${gitCalls}'\nexec '${realGit}' "$@"\n`,
      { mode: 0o755 },
    );
    const home = createTestHome(tmp);
    env = {
      ...testGitEnv(home),
      PATH: `${wrapperDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      XDG_CACHE_HOME: path.join(tmp, 'cache'),
      GITOPS_TOKEN: forge.token,
      CI: 'true',
    };
    // The tree the read-only commands look at: the example fleet, committed, and pushed to a bare remote.
    root = path.join(tmp, 'repo');
    fs.mkdirSync(root);
    const synth = await runBin(
      ['synth', '--intents', '../intents', '--repo', 'https://git.example.org/acme/fleet.git'],
      root,
      env,
    );
    expect(synth.code).toBe(0);
    git(['init', '-q', '-b', 'main'], { cwd: root, env: env as Record<string, string> });
    git(['add', 'clusters'], { cwd: root, env: env as Record<string, string> });
    git(['commit', '-q', '-m', 'fleet'], { cwd: root, env: env as Record<string, string> });
    const bare = createBareRepository({ root: tmp, name: 'fleet.git' });
    bareUrl = bare.url;
    git(['push', '-q', '--force', bare.url, 'main'], { cwd: root, env: env as Record<string, string> });
    emptyShard = `${[1, 2, 3, 4].find((index) => !CLUSTERS.some(clusterFilter({ shard: { index, count: 4 } })))}/4`;
  });

  afterAll(async () => {
    await forge.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const forgeFlags = () => ['--provider', 'github', '--api-url', forge.apiUrl, '--project', 'acme/fleet'];
  const commands = (): Record<string, string[]> => ({
    synth: ['synth', '--intents', '../intents', '--repo', bareUrl],
    validate: ['validate', '--intents', '../intents'],
    check: ['check', '--intents', '../intents', '--repo', bareUrl],
    diff: ['diff', '--intents', '../intents', '--repo', bareUrl],
    publish: [
      'publish',
      '--intents',
      '../intents',
      '--repo',
      bareUrl,
      '--root',
      path.join(tmp, 'work'),
      ...forgeFlags(),
    ],
    status: ['status', '--root', root, ...forgeFlags()],
  });

  it.each(['synth', 'validate', 'check', 'diff', 'publish', 'status'])(
    'GIVEN a typo in --clusters WHEN %s runs THEN it fails at once (exit 1) naming the pattern and the closest cluster ids',
    async (command) => {
      const run = await runBin([...commands()[command], '--clusters', 'cluster-prd-*'], root, env);

      expect(run.timedOut).toBe(false);
      expect(run.stderr).toContain(
        "gitops-synth: error [EMPTY_SELECTION]: --clusters: 'cluster-prd-*' matches none of the 3 clusters",
      );
      expect(run.stderr).toContain('hint: closest cluster ids: cluster-prod-1');
      expect(run.code).toBe(1);
    },
  );

  it.each(['synth', 'validate', 'check', 'diff', 'publish'])(
    'GIVEN a shard that holds no cluster WHEN %s runs THEN it exits 0 at once saying so, having run no git command',
    async (command) => {
      fs.rmSync(gitCalls, { force: true });

      const run = await runBin([...commands()[command], '--shard', emptyShard], root, env);

      expect(run.timedOut).toBe(false);
      expect(run.stdout).toContain(`shard ${emptyShard} selects no cluster`);
      expect(run.code).toBe(0);
      expect(fs.existsSync(gitCalls) ? fs.readFileSync(gitCalls, 'utf8') : '').toBe('');
    },
  );
});
