import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/cli';

const project = path.resolve(__dirname, '../..');
const examples = path.join(project, 'examples/intents');

describe('gitops-synth synth, check and validate', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-cli-'));
    fs.cpSync(examples, path.join(dir, 'intents'), { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cli = (...argv: string[]) => runCli(argv, { cwd: dir });
  const repo = ['--repo', 'https://git.example.org/acme/fleet.git'];

  it('GIVEN the bundled example WHEN synthesized THEN the tree equals the committed clusters/ byte for byte', async () => {
    const run = await cli('synth', '--intents', 'intents', ...repo);
    expect(run).toEqual({
      code: 0,
      stdout: 'Synthesized 3 clusters: 25 added, 0 updated, 0 deleted, 0 unchanged.\n',
      stderr: '',
    });
    for (const file of fs.readdirSync(path.join(project, 'clusters'), { recursive: true }) as string[]) {
      const committed = path.join(project, 'clusters', file);
      if (fs.statSync(committed).isFile()) {
        expect(`${file}\n${fs.readFileSync(path.join(dir, 'clusters', file), 'utf8')}`).toBe(
          `${file}\n${fs.readFileSync(committed, 'utf8')}`,
        );
      }
    }
  });

  it('GIVEN --progress on a terminal WHEN synthesized THEN one line is rewritten from 0 (after loading) to every cluster; off a terminal a short run prints no line, and without it nothing is', async () => {
    const tty = await runCli(['synth', '--intents', 'intents', ...repo, '--progress', '--no-cache'], {
      cwd: dir,
      isTTY: true,
    });
    expect(tty.code).toBe(0);
    expect(
      tty.stderr
        .split('\r')
        .filter((line) => line !== '')
        .map((line) => line.replace(/(, .*)?\x1b\[K\n?$/, '')),
    ).toEqual(['0/3 clusters', '1/3 clusters', '2/3 clusters', '3/3 clusters']);
    // runCli's clock stands still: less than 10 s, so a CI log gets no progress line at all.
    expect((await cli('synth', '--intents', 'intents', ...repo, '--progress', '--no-cache')).stderr).toBe('');
    expect((await cli('synth', '--intents', 'intents', ...repo, '--no-cache')).stderr).toBe('');
  });

  it('GIVEN an up-to-date tree WHEN synthesized again THEN nothing is written and check passes', async () => {
    await cli('synth', '--intents', 'intents', ...repo);
    const file = path.join(dir, 'clusters/cluster-prod-1/namespaces/kustomization.yaml');
    const before = fs.statSync(file);
    const again = await cli('synth', '--intents', 'intents', ...repo);
    expect(again.stdout).toBe('Nothing changed: 25 files already match the intents.\n');
    expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(await cli('check', '--intents', 'intents', ...repo)).toEqual({
      code: 0,
      stdout: 'The tree is current: 25 files match the intents.\n',
      stderr: '',
    });
    expect((await cli('validate', '--intents', 'intents')).code).toBe(0);
  });

  it('GIVEN a hand edit in the tree WHEN checked THEN it fails with a field-level diff and names the file', async () => {
    await cli('synth', '--intents', 'intents', ...repo);
    const file = path.join(
      dir,
      'clusters/cluster-prod-1/namespaces/org-myteam/applicationinstance-nextcloud-myteam.yaml',
    );
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('replicas: 2', 'replicas: 5'));
    const run = await cli('check', '--intents', 'intents', ...repo);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      '  differs  clusters/cluster-prod-1/namespaces/org-myteam/applicationinstance-nextcloud-myteam.yaml',
    );
    expect(run.stderr).toContain('spec.values.replicas: 5 → 2');
  });

  it('GIVEN an invalid intent WHEN synthesized THEN every problem is reported with file and path, exit 1, and nothing is written', async () => {
    fs.writeFileSync(
      path.join(dir, 'intents/bad.yaml'),
      'apiVersion: gitops.vworkspace.io/v1alpha1\nkind: Intents\nclusters:\n  - id: Bad_Cluster\n    sinc: flux\n',
    );
    const run = await cli('synth', '--intents', 'intents', ...repo);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[INTENTS_INVALID]');
    expect(run.stderr).toContain('bad.yaml: clusters[0].id');
    expect(run.stderr).toContain("did you mean 'sync'?");
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(fs.existsSync(path.join(dir, 'clusters'))).toBe(false);
  });

  it('GIVEN --debug WHEN an error happens THEN the stack trace is shown', async () => {
    const run = await cli('synth', '--intents', 'missing', '--debug');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[INTENTS_NOT_FOUND]');
    expect(run.stderr).toMatch(/^\s+at /m);
  });

  it('GIVEN an Argo CD cluster and no repository URL WHEN synthesized THEN it fails naming --repo', async () => {
    const run = await cli('synth', '--intents', 'intents');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[REPO_URL_REQUIRED]');
    expect(run.stderr).toContain('--repo');
  });

  it('GIVEN a removed cluster WHEN synthesized THEN the deletion guard stops it unless --allow-deletions', async () => {
    await cli('synth', '--intents', 'intents', ...repo);
    fs.rmSync(path.join(dir, 'intents/lab.json'));
    fs.writeFileSync(
      path.join(dir, 'intents/clusters.yaml'),
      fs
        .readFileSync(path.join(dir, 'intents/clusters.yaml'), 'utf8')
        .replace(/ {2}- id: cluster-lab-1[\s\S]*$/, ''),
    );
    const guarded = await cli('synth', '--intents', 'intents', ...repo);
    expect(guarded.code).toBe(1);
    expect(guarded.stderr).toContain('[DELETION_GUARD]');
    expect(guarded.stderr).toContain('--allow-deletions');
    expect(fs.existsSync(path.join(dir, 'clusters/cluster-lab-1/argocd-application.yaml'))).toBe(true);
    const allowed = await cli('synth', '--intents', 'intents', '--allow-deletions', ...repo);
    expect(allowed.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'clusters/cluster-lab-1'))).toBe(false);
  });

  it.each([
    [['synth', '--shard', '5/4'], '--shard'],
    [['synth', '--max-deletion-share', '2'], '--max-deletion-share'],
    [['diff', '--format', 'xml'], "error [INVALID_FLAG]: --format: 'xml' is not one of text, markdown, json"],
    [['synth', '--no-such-flag'], 'error [INVALID_FLAG]: unknown flag --no-such-flag'],
  ])(
    'GIVEN bad flags %j WHEN run THEN exit 2 and the message quotes the flag before anything is written',
    async (argv, quoted) => {
      const run = await cli(...argv, '--intents', 'intents', ...repo);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(quoted);
      expect(fs.existsSync(path.join(dir, 'clusters'))).toBe(false);
    },
  );

  it('GIVEN --help WHEN asked for publish THEN every flag and environment variable is documented', async () => {
    const run = await cli('publish', '--help');
    for (const flag of [
      '--repo',
      '--base',
      '--provider',
      '--api-url',
      '--project',
      '--group-by',
      '--dry-run',
      '--intents',
      '--root',
      '--author',
      '--clusters',
      '--shard',
      '--allow-deletions',
    ]) {
      expect(run.stdout).toContain(flag);
    }
    for (const variable of [
      'GITOPS_TOKEN',
      'GITOPS_TOKEN_FILE',
      'GITOPS_SSH_KEY',
      'GITOPS_SSH_KNOWN_HOSTS',
      'GITOPS_AUTHOR_NAME',
      'GITOPS_INTENTS_REVISION',
    ]) {
      expect(run.stdout).toContain(variable);
    }
  });
});
