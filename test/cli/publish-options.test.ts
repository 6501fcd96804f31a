import * as os from 'os';
import * as fs from 'fs';
import * as path from 'path';
import { branchSha, generateDeployKey, git } from '../support/git-server';
import { commitsAboveMain, createPublishFixture, PublishFixture, TWO_CLUSTERS } from '../publish/harness';

describe('gitops-synth publish options', () => {
  let fixture: PublishFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });
  const inBare = (args: string[]): string => git(args, { cwd: fixture!.bare.dir });

  it('GIVEN --group-by fleet WHEN publishing THEN one pull request on gitops/fleet carries every cluster, a label per cluster and every owner', async () => {
    fixture = await createPublishFixture();

    const run = await fixture.cli(['--group-by', 'fleet']);

    expect(run.code).toBe(0);
    expect(fixture.forge.state.pulls.map((p) => [p.branch, p.labels, p.teamReviewers.sort()])).toEqual([
      ['gitops/fleet', ['cluster:alpha', 'cluster:beta', 'gitops'], ['alpha-team', 'beta-team']],
    ]);
    expect(commitsAboveMain(fixture.bare.dir, 'gitops/fleet')).toHaveLength(1);
    const files = inBare(['diff', '--name-only', 'main...gitops/fleet']);
    expect(files).toContain('clusters/alpha/namespaces/kustomization.yaml');
    expect(files).toContain('clusters/beta/namespaces/kustomization.yaml');
    expect(branchSha(fixture.bare.dir, 'gitops/alpha')).toBeUndefined();
  });

  it('GIVEN identities from flags, from the environment and from Git config WHEN publishing THEN each commit has the author and committer of the highest-ranked source', async () => {
    fixture = await createPublishFixture({
      clusters: [...TWO_CLUSTERS, { id: 'gamma' }],
      gitConfig: '[user]\n\tname = Repo Config\n\temail = config@example.org\n',
    });
    const withoutEnvIdentity = { ...fixture.env };
    delete withoutEnvIdentity.GITOPS_AUTHOR_NAME;
    delete withoutEnvIdentity.GITOPS_AUTHOR_EMAIL;

    const runs = [
      await fixture.cli([
        '--clusters',
        'alpha',
        '--author',
        'Ann Flag <ann@example.org>',
        '--committer',
        'Carl Flag <carl@example.org>',
      ]),
      await fixture.cli(['--clusters', 'beta']),
      await fixture.cli(['--clusters', 'gamma'], { env: withoutEnvIdentity }),
    ];

    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    const who = (branch: string): string => inBare(['log', '-1', '--format=%an <%ae> / %cn <%ce>', branch]);
    expect(who('gitops/alpha')).toBe('Ann Flag <ann@example.org> / Carl Flag <carl@example.org>');
    expect(who('gitops/beta')).toBe(
      'gitops-synth bot <bot@example.org> / gitops-synth bot <bot@example.org>',
    );
    expect(who('gitops/gamma')).toBe('Repo Config <config@example.org> / Repo Config <config@example.org>');
  });

  it("GIVEN commit.gpgsign with an SSH signing key in the user's Git config WHEN publishing THEN the pushed commit carries a good signature", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-sign-'));
    try {
      const key = generateDeployKey(dir, 'signing_key');
      const allowed = path.join(dir, 'allowed_signers');
      fs.writeFileSync(allowed, `bot@example.org namespaces="git" ${key.publicKey}\n`);
      fixture = await createPublishFixture({
        clusters: [TWO_CLUSTERS[0]],
        gitConfig: `[commit]\n\tgpgsign = true\n[gpg]\n\tformat = ssh\n[gpg "ssh"]\n\tallowedSignersFile = ${allowed}\n[user]\n\tsigningkey = ${key.privateKeyPath}\n`,
      });

      const run = await fixture.cli();

      expect(run.code).toBe(0);
      expect(inBare(['cat-file', '-p', 'gitops/alpha'])).toContain('gpgsig -----BEGIN SSH SIGNATURE-----');
      expect(
        git(['log', '-1', '--format=%G? %GS', 'gitops/alpha'], {
          cwd: fixture.bare.dir,
          env: { ...fixture.env },
        }),
      ).toBe('G bot@example.org');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("GIVEN a .github/CODEOWNERS with human lines WHEN publishing THEN only the tool's block is added and every other line is untouched", async () => {
    const human = '# Platform team owns everything by default\n* @acme/platform\n/docs/ @acme/writers\n';
    fixture = await createPublishFixture({
      clusters: [TWO_CLUSTERS[0]],
      seedFiles: { 'README.md': '# GitOps\n', '.github/CODEOWNERS': human },
    });

    const run = await fixture.cli();

    expect(run.code).toBe(0);
    expect(inBare(['diff', '--name-only', 'main...gitops/alpha', '--', ':!clusters'])).toBe(
      '.github/CODEOWNERS',
    );
    const after = `${inBare(['show', 'gitops/alpha:.github/CODEOWNERS'])}\n`;
    expect(after.startsWith(human)).toBe(true);
    expect(after.slice(human.length)).toMatch(
      /^\n?# BEGIN gitops-synth[^\n]*\n(#[^\n]*\n)*\/clusters\/alpha\/ @acme\/alpha-team\n# END gitops-synth\n$/,
    );
    expect(
      inBare(['diff', 'main...gitops/alpha', '--', '.github/CODEOWNERS'])
        .split('\n')
        .filter((l) => /^-[^-]/.test(l)),
    ).toEqual([]);
  });

  it('GIVEN a cluster removed from the intents WHEN publishing without --allow-deletions THEN DELETION_GUARD stops it with nothing pushed, and with it THEN a pull request removes its files and its CODEOWNERS line', async () => {
    fixture = await createPublishFixture();
    await fixture.cli(['--group-by', 'fleet']);
    inBare(['update-ref', 'refs/heads/main', 'refs/heads/gitops/fleet']);
    fixture.forge.state.pulls[0].state = 'merged';
    fixture.writeIntents([TWO_CLUSTERS[0]]);

    const guarded = await fixture.cli();

    expect(guarded.code).toBe(1);
    expect(guarded.stderr).toContain('[DELETION_GUARD]');
    expect(guarded.stderr).toContain('--allow-deletions');
    expect(inBare(['for-each-ref', '--format=%(refname)', 'refs/heads/'])).toBe(
      'refs/heads/gitops/fleet\nrefs/heads/main',
    );
    expect(fixture.forge.state.pulls.filter((p) => p.state === 'open')).toEqual([]);

    const allowed = await fixture.cli(['--allow-deletions']);

    expect(allowed.code).toBe(0);
    expect(
      fixture.forge.state.pulls.filter((p) => p.state === 'open').map((p) => [p.branch, p.labels]),
    ).toEqual([['gitops/beta', ['cluster:beta', 'gitops']]]);
    const changes = inBare(['diff', '--name-status', 'main...gitops/beta']).split('\n');
    expect(changes).toContain('D\tclusters/beta/namespaces/kustomization.yaml');
    expect(changes.filter((line) => !line.startsWith('D\tclusters/beta/'))).toEqual(['M\tCODEOWNERS']);
    const codeowners = inBare(['show', 'gitops/beta:CODEOWNERS']);
    expect(codeowners).not.toContain('/clusters/beta/');
    expect(codeowners).toContain('/clusters/alpha/ @acme/alpha-team');
    expect(branchSha(fixture.bare.dir, 'gitops/alpha')).toBeUndefined();
  });

  it("GIVEN a cluster id of 63 characters WHEN publishing THEN its label fits GitHub's 50 characters, stays unique to the cluster, and a rerun keeps it", async () => {
    const id = `c${'0123456789'.repeat(6)}ab`;
    expect(id).toHaveLength(63);
    fixture = await createPublishFixture({ clusters: [{ id }] });

    const first = await fixture.cli();
    const again = await fixture.cli();

    expect([first.code, again.code]).toEqual([0, 0]);
    expect(fixture.forge.state.pulls).toHaveLength(1);
    const labels = fixture.forge.state.pulls[0].labels;
    expect(labels).toHaveLength(2);
    const clusterLabel = labels.find((label) => label.startsWith('cluster:'))!;
    expect(clusterLabel.length).toBeLessThanOrEqual(50);
    expect(clusterLabel).toMatch(new RegExp(`^cluster:${id.slice(0, 20)}.*-[0-9a-f]{8}$`));
    expect(fixture.forge.state.labels.map((label) => label.name).sort()).toEqual(
      [clusterLabel, 'gitops'].sort(),
    );
    expect(again.stdout).toContain('Nothing changed');
  });
});
