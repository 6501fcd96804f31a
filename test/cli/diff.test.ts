import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/cli';
import { testGitEnv } from '../support/git-server';
import { schemaErrors } from '../support/schemas';

const examples = path.resolve(__dirname, '../../examples/intents');
const repo = ['--repo', 'https://git.example.org/acme/fleet.git'];

describe('gitops-synth diff', () => {
  let dir: string;
  let env: Record<string, string>;
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8' }).trim();

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-diff-'));
    env = testGitEnv(path.join(dir, '.home'));
    fs.cpSync(examples, path.join(dir, 'intents'), { recursive: true });
    git('init', '--quiet', '--initial-branch=main');
    await runCli(['synth', '--intents', 'intents', ...repo], { cwd: dir });
    git('add', 'clusters', 'intents');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '--quiet', '-m', 'tree');
    const prod = path.join(dir, 'intents/prod.yaml');
    fs.writeFileSync(
      prod,
      fs
        .readFileSync(prod, 'utf8')
        .replace('version: "28.0.4"', 'version: "28.0.5"')
        .replace(
          / {2}- cluster: cluster-prod-1\n {4}namespace: org-finance\n {4}name: odoo-finance-upgrade-17-0[\s\S]*$/,
          '',
        ),
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('GIVEN a changed version and a removed operation WHEN diffed as JSON THEN the change set names the field change and the removal', async () => {
    const run = await runCli(
      ['diff', '--intents', 'intents', '--base', 'main', '--format', 'json', ...repo],
      { cwd: dir },
    );
    expect(run.stderr).toBe('');
    const changes = JSON.parse(run.stdout);
    expect(changes.apiVersion).toBe('gitops.vworkspace.io/v1alpha1');
    expect(changes.kind).toBe('ChangeSet');
    const prod = changes.clusters.find((c: { cluster: string }) => c.cluster === 'cluster-prod-1');
    expect(prod.changed).toEqual([
      {
        kind: 'ApplicationInstance',
        name: 'nextcloud-myteam',
        namespace: 'org-myteam',
        path: 'clusters/cluster-prod-1/namespaces/org-myteam/applicationinstance-nextcloud-myteam.yaml',
        fields: [{ path: 'spec.version', change: 'changed', before: '28.0.4', after: '28.0.5' }],
      },
    ]);
    expect(prod.removed).toEqual([
      expect.objectContaining({ kind: 'Operation', name: 'odoo-finance-upgrade-17-0' }),
    ]);
    expect(changes.clusters.map((c: { cluster: string }) => c.cluster)).toEqual(['cluster-prod-1']);
    expect(schemaErrors('changeset.v1alpha1.json', changes)).toEqual([]);
  });

  it('GIVEN added, changed and removed resources, fields and operations WHEN diffed as JSON THEN it is valid against schemas/changeset.v1alpha1.json, every field described', async () => {
    const prod = path.join(dir, 'intents/prod.yaml');
    fs.writeFileSync(prod, fs.readFileSync(prod, 'utf8').replace(/replicas: \d+/, 'replicas: 9'));
    fs.rmSync(path.join(dir, 'intents/edge.yaml'));
    const clusters = path.join(dir, 'intents/clusters.yaml');
    fs.writeFileSync(
      clusters,
      fs.readFileSync(clusters, 'utf8').replace(/ {2}- id: cluster-edge-1[\s\S]*?(?= {2}- id:)/, ''),
    );

    const run = await runCli(['diff', '--intents', 'intents', '--format', 'json', ...repo], { cwd: dir });

    expect(run.stderr).toBe('');
    const changes = JSON.parse(run.stdout);
    expect(changes.summary.removed).toBeGreaterThan(0);
    expect(changes.summary.changed).toBeGreaterThan(0);
    expect(schemaErrors('changeset.v1alpha1.json', changes)).toEqual([]);
    expect(
      schemaErrors('changeset.v1alpha1.json', { ...changes, summary: { ...changes.summary, total: 3 } }),
    ).not.toEqual([]);
  });

  it('GIVEN a terminal WHEN diffed as text THEN it is coloured, and NO_COLOR or a pipe turns colour off', async () => {
    const tty = await runCli(['diff', '--intents', 'intents', '--base', 'main', ...repo], {
      cwd: dir,
      isTTY: true,
    });
    expect(tty.stdout).toContain('spec.version: 28.0.4 → 28.0.5');
    expect(tty.stdout).toMatch(/\x1b\[\d+m/);
    const noColor = await runCli(['diff', '--intents', 'intents', '--base', 'main', ...repo], {
      cwd: dir,
      isTTY: true,
      env: { NO_COLOR: '1' },
    });
    expect(noColor.stdout).not.toMatch(/\x1b\[/);
    const piped = await runCli(['diff', '--intents', 'intents', '--base', 'main', ...repo], { cwd: dir });
    expect(piped.stdout).not.toMatch(/\x1b\[/);
  });

  it('GIVEN --format markdown WHEN diffed THEN it renders Markdown for a pull request comment', async () => {
    const run = await runCli(
      ['diff', '--intents', 'intents', '--base', 'main', '--format', 'markdown', ...repo],
      { cwd: dir },
    );
    expect(run.stdout).toContain('`spec.version`');
    expect(run.stdout).toContain('cluster-prod-1');
  });

  it('GIVEN a ref that does not exist WHEN diffed THEN it fails naming --base', async () => {
    const run = await runCli(['diff', '--intents', 'intents', '--base', 'no-such-branch', ...repo], {
      cwd: dir,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--base: 'no-such-branch' is not a commit");
  });

  it('GIVEN --against a ref other than the followed branch WHEN diffed THEN the Argo CD Application still follows --base and only the intents changes show', async () => {
    git('tag', 'published');

    const run = await runCli(
      [
        'diff',
        '--intents',
        'intents',
        '--base',
        'main',
        '--against',
        'published',
        '--format',
        'json',
        ...repo,
      ],
      { cwd: dir },
    );

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('targetRevision');
    expect(JSON.parse(run.stdout).clusters.map((c: { cluster: string }) => c.cluster)).toEqual([
      'cluster-prod-1',
    ]);
  });

  it('GIVEN --against a ref that does not exist WHEN diffed THEN the error names --against', async () => {
    const run = await runCli(['diff', '--intents', 'intents', '--against', 'origin/nope', ...repo], {
      cwd: dir,
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--against: 'origin/nope' is not a commit");
  });

  it('GIVEN --exit-code WHEN there are changes THEN diff exits 1, and 0 once the tree matches', async () => {
    const changed = await runCli(['diff', '--intents', 'intents', '--exit-code', ...repo], { cwd: dir });
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('spec.version: 28.0.4 → 28.0.5');
    const withoutFlag = await runCli(['diff', '--intents', 'intents', ...repo], { cwd: dir });
    expect(withoutFlag.code).toBe(0);

    await runCli(['synth', '--intents', 'intents', ...repo], { cwd: dir });
    git('add', 'clusters');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '--quiet', '-m', 'synth');
    const same = await runCli(['diff', '--intents', 'intents', '--exit-code', ...repo], { cwd: dir });

    expect(same.code).toBe(0);
  });
});
