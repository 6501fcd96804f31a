import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/cli';
import { testGitEnv } from '../support/git-server';

const examples = path.resolve(__dirname, '../../examples/intents');
const ALL = ['cluster-edge-1', 'cluster-lab-1', 'cluster-prod-1'];

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

describe('scaling past one machine: --clusters and --shard on every command', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-select-'));
    fs.cpSync(examples, path.join(dir, 'intents'), { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cli = (...argv: string[]) =>
    runCli([...argv, '--intents', 'intents', '--repo', 'https://git.example.org/acme/fleet.git'], {
      cwd: dir,
    });
  const clusters = (): string[] =>
    fs.existsSync(path.join(dir, 'clusters')) ? fs.readdirSync(path.join(dir, 'clusters')).sort() : [];

  it('GIVEN --clusters globs WHEN synth runs twice with different globs THEN each run writes only its clusters and leaves the others byte for byte', async () => {
    expect((await cli('synth', '--clusters', 'cluster-prod-*')).code).toBe(0);
    expect(clusters()).toEqual(['cluster-prod-1']);
    const prodFile = path.join(dir, 'clusters/cluster-prod-1/namespaces/kustomization.yaml');
    const before = fs.statSync(prodFile).mtimeMs;
    const run = await cli('synth', '--clusters', 'cluster-edge-?,cluster-lab-1');
    expect(run.stdout).toMatch(/^Synthesized 2 clusters: \d+ added, 0 updated, 0 deleted, 0 unchanged\.\n$/);
    expect(clusters()).toEqual(ALL);
    expect(fs.statSync(prodFile).mtimeMs).toBe(before);
  });

  it('GIVEN three shards WHEN each is synthesized into its own tree THEN each holds one cluster, they are disjoint, and together they equal the whole fleet byte for byte', async () => {
    const shards = ['1/3', '2/3', '3/3'];
    fs.mkdirSync(path.join(dir, 'whole'));
    expect((await cli('synth', '--root', 'whole')).code).toBe(0);
    const parts: string[][] = [];
    for (const [index, shard] of shards.entries()) {
      fs.mkdirSync(path.join(dir, `shard-${index}`));
      expect((await cli('synth', '--root', `shard-${index}`, '--shard', shard)).code).toBe(0);
      expect(fs.readdirSync(path.join(dir, `shard-${index}`, 'clusters'))).toHaveLength(1);
      const files = filesUnder(path.join(dir, `shard-${index}`, 'clusters'));
      for (const file of files) {
        expect(fs.readFileSync(path.join(dir, `shard-${index}`, 'clusters', file), 'utf8')).toBe(
          fs.readFileSync(path.join(dir, 'whole', 'clusters', file), 'utf8'),
        );
      }
      parts.push(files);
    }
    const all = parts.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(filesUnder(path.join(dir, 'whole', 'clusters')));
  });

  it('GIVEN only one cluster synthesized WHEN check runs THEN it passes for that cluster and fails for the whole fleet', async () => {
    await cli('synth', '--clusters', 'cluster-prod-1');
    expect((await cli('check', '--clusters', 'cluster-prod-1')).code).toBe(0);
    const whole = await cli('check');
    expect(whole.code).toBe(1);
    expect(whole.stderr).toContain('missing  clusters/cluster-edge-1/');
    expect(whole.stderr).not.toContain('clusters/cluster-prod-1/');
  });

  it('GIVEN a broken object in one cluster WHEN validate runs per cluster THEN only the selection holding it fails', async () => {
    await cli('synth');
    const file = path.join(dir, 'clusters/cluster-edge-1/namespaces/org-retail/namespace.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/name: org-retail/, 'name: Org_Retail'));
    expect((await cli('validate', '--clusters', 'cluster-prod-1,cluster-lab-1')).code).toBe(0);
    const edge = await cli('validate', '--clusters', 'cluster-edge-*');
    expect(edge.code).toBe(1);
    expect(edge.stderr).toContain('cluster-edge-1');
  });

  it('GIVEN intents changed in two clusters WHEN diff runs with --clusters THEN it reports only the selected cluster', async () => {
    await cli('synth');
    const env = testGitEnv(dir);
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('add', 'clusters');
    git('-c', 'user.name=Test', '-c', 'user.email=test@example.org', 'commit', '-q', '-m', 'fleet');
    for (const name of ['prod.yaml', 'edge.yaml']) {
      const file = path.join(dir, 'intents', name);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/replicas: \d+/, 'replicas: 7'));
    }
    const whole = await runCli(
      [
        'diff',
        '--intents',
        'intents',
        '--repo',
        'https://git.example.org/acme/fleet.git',
        '--format',
        'json',
      ],
      { cwd: dir, env },
    );
    expect(whole.stdout).toContain('cluster-edge-1');
    expect(whole.stdout).toContain('cluster-prod-1');
    const one = await runCli(
      [
        'diff',
        '--intents',
        'intents',
        '--repo',
        'https://git.example.org/acme/fleet.git',
        '--format',
        'json',
        '--clusters',
        'cluster-prod-1',
      ],
      { cwd: dir, env },
    );
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('cluster-prod-1');
    expect(one.stdout).not.toContain('cluster-edge-1');
  });
});
