import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../support/cli';

const examples = path.resolve(__dirname, '../../examples/intents');

describe('gitops-synth bootstrap', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-bootstrap-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const bootstrap = (...args: string[]) =>
    runCli(['bootstrap', '--intents', examples, ...args], { cwd: tmp });
  const documents = (text: string) =>
    parseAllDocuments(text).map((doc) => doc.toJS() as { kind: string; spec: Record<string, unknown> });

  it('GIVEN the deprecated --branch WHEN bootstrapped THEN it still sets the branch, and a note says to use --base', async () => {
    const run = await bootstrap(
      '--cluster',
      'cluster-prod-1',
      '--repo',
      'ssh://git@github.com/acme/fleet.git',
      '--branch',
      'live',
    );

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('note: --branch is deprecated; use --base, as every other command does\n');
    expect(documents(run.stdout)[0].spec).toEqual(expect.objectContaining({ ref: { branch: 'live' } }));
  });

  it('GIVEN a Flux cluster and an scp-like URL WHEN bootstrapped THEN stdout is applyable YAML with the ssh:// URL, and stderr says the URL was rewritten', async () => {
    const run = await bootstrap(
      '--cluster',
      'cluster-prod-1',
      '--repo',
      'git@github.com:acme/fleet.git',
      '--base',
      'live',
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      "note: --repo: Flux accepts only ssh://, http:// and https:// URLs, so 'git@github.com:acme/fleet.git' is written as 'ssh://git@github.com/acme/fleet.git'\n",
    );
    const [source, kustomization, ...rest] = documents(run.stdout);
    expect(rest.map((d) => d.kind)).toEqual(['Provider', 'Alert']);
    expect(source.kind).toBe('GitRepository');
    expect(source.spec).toEqual(
      expect.objectContaining({ url: 'ssh://git@github.com/acme/fleet.git', ref: { branch: 'live' } }),
    );
    expect(kustomization.kind).toBe('Kustomization');
    expect(kustomization.spec).toEqual(
      expect.objectContaining({ path: './clusters/cluster-prod-1/namespaces', prune: true }),
    );
  });

  it('GIVEN an Argo CD cluster WHEN bootstrapped THEN it prints its Application and the notifications ConfigMap', async () => {
    const run = await bootstrap(
      '--cluster',
      'cluster-lab-1',
      '--repo',
      'https://git.example.org/acme/fleet.git',
      '--provider',
      'gitea',
    );
    expect(run.code).toBe(0);
    expect(documents(run.stdout).map((d) => d.kind)).toEqual(['Application', 'ConfigMap']);
    expect(run.stdout).toContain('targetRevision: main');
  });

  it('GIVEN a host that cannot be told from --repo and no --provider WHEN bootstrapped THEN it fails with exit 2 asking for --provider', async () => {
    const run = await bootstrap(
      '--cluster',
      'cluster-prod-1',
      '--repo',
      'https://git.example.org/acme/fleet.git',
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--provider: cannot tell the Git host');
  });

  it('GIVEN --argocd-notifier github-app for a GitLab host WHEN bootstrapped THEN it is refused: that service speaks only to GitHub', async () => {
    const run = await bootstrap(
      '--cluster',
      'cluster-lab-1',
      '--repo',
      'https://gitlab.com/acme/fleet.git',
      '--argocd-notifier',
      'github-app',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--argocd-notifier github-app');
  });

  it.each([
    'ftp://status.example.org',
    'https://user:pw@status.example.org',
    'https://status.example.org/?a=b',
    'not a url',
  ])('GIVEN --status-url %p WHEN bootstrapped THEN it is refused before anything is read', async (url) => {
    const run = await bootstrap(
      '--cluster',
      'cluster-prod-1',
      '--repo',
      'git@github.com:acme/fleet.git',
      '--status-url',
      url,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--status-url');
    expect(run.stderr).not.toContain(':pw@');
  });

  it('GIVEN a cluster the intents do not declare WHEN bootstrapped THEN it fails naming it and the nearest one, printing nothing', async () => {
    const run = await bootstrap(
      '--cluster',
      'cluster-prod-2',
      '--repo',
      'https://git.example.org/acme/fleet.git',
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      "[UNKNOWN_CLUSTER]: --cluster: the intents declare no cluster 'cluster-prod-2' (did you mean 'cluster-prod-1'?)",
    );
    expect(run.stderr).toContain('declared clusters: cluster-edge-1, cluster-lab-1, cluster-prod-1');
  });

  it('GIVEN a local path as the repository WHEN bootstrapped THEN it fails: a cluster cannot pull from it', async () => {
    const run = await bootstrap('--cluster', 'cluster-prod-1', '--repo', '/srv/git/fleet.git');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[REPO_URL_UNSUPPORTED]');
  });

  it('GIVEN no --cluster WHEN bootstrapped THEN yargs refuses with exit 2', async () => {
    const run = await bootstrap('--repo', 'https://git.example.org/acme/fleet.git');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cluster');
  });
});
