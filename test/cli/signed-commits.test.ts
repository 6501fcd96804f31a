import { branchSha, git } from '../support/git-server';
import { createCliFleet, CliFleet } from '../support/cli-fleet';
import {
  createGpgSigningKey,
  createSshSigningKey,
  stopGpgAgent,
  verifyCommit,
} from '../support/signing-keys';

const BOT = 'bot@example.org';

describe('publish and rollback with --sign, --signoff and audit trailers', () => {
  let fleet: CliFleet;
  beforeEach(async () => {
    fleet = await createCliFleet({ name: 'sign', env: { GITOPS_INTENTS_REVISION: 'intents@abc123' } });
  });
  afterEach(() => fleet.close());

  const publish = (...extra: string[]) => fleet.cli('publish', '--intents', fleet.intents, ...extra);

  it('GIVEN --sign ssh --signoff in a GitHub Actions run WHEN publishing THEN every pushed commit verifies against the allowed-signers file and carries the audit trailers', async () => {
    const key = createSshSigningKey(fleet.tmp, BOT);
    Object.assign(fleet.env, {
      GITHUB_SERVER_URL: 'https://github.example.org',
      GITHUB_REPOSITORY: 'acme/control-plane',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '2',
    });

    const run = await publish('--sign', 'ssh', '--signing-key', key.privateKey, '--signoff');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const cluster of ['cluster-prod-1', 'cluster-lab-1', 'cluster-edge-1']) {
      const sha = branchSha(fleet.bare.dir, `gitops/${cluster}`)!;
      expect(verifyCommit(fleet.bare.dir, sha, { allowedSigners: key.allowedSigners })).toMatchObject({
        ok: true,
      });
      const trailers = git(['log', '-1', '--format=%(trailers:only,unfold)', sha], { cwd: fleet.bare.dir });
      expect(trailers).toContain('Intents-Revision: intents@abc123');
      expect(trailers).toMatch(/^Generated-By: gitops-synth \d+\.\d+\.\d+/m);
      expect(trailers).toContain(
        'CI-Run: https://github.example.org/acme/control-plane/actions/runs/4242/attempts/2',
      );
      expect(trailers).toContain(`Signed-off-by: gitops-synth bot <${BOT}>`);
      expect(trailers).not.toContain(fleet.forge.token);
    }
  });

  it('GIVEN --sign gpg with GITOPS_SIGNING_KEY and a GitLab CI job WHEN publishing and rolling back THEN both the publish and the revert commit verify with gpg and name the job', async () => {
    const key = createGpgSigningKey(fleet.tmp, `gitops-synth bot <${BOT}>`);
    try {
      Object.assign(fleet.env, {
        GNUPGHOME: key.home,
        GITOPS_SIGNING_KEY: key.fingerprint,
        CI_JOB_URL: 'https://gitlab.example.org/platform/cp/-/jobs/77',
      });
      const published = await publish('--clusters', 'cluster-prod-1', '--sign', 'gpg');
      expect(published.stderr).toBe('');
      const head = branchSha(fleet.bare.dir, 'gitops/cluster-prod-1')!;
      git(['update-ref', 'refs/heads/main', head], { cwd: fleet.bare.dir });

      const rolledBack = await fleet.cli('rollback', '--commit', head, '--sign', 'gpg');

      expect(rolledBack.stderr).toBe('');
      expect(rolledBack.code).toBe(0);
      const revert = branchSha(fleet.bare.dir, `gitops/rollback-${head.slice(0, 12)}`)!;
      for (const sha of [head, revert]) {
        const verified = verifyCommit(fleet.bare.dir, sha, { gnupgHome: key.home });
        expect(verified.output).toContain(`VALIDSIG ${key.fingerprint}`);
        expect(verified.ok).toBe(true);
        expect(git(['log', '-1', '--format=%B', sha], { cwd: fleet.bare.dir })).toContain(
          'CI-Run: https://gitlab.example.org/platform/cp/-/jobs/77',
        );
      }
      expect(git(['log', '-1', '--format=%B', revert], { cwd: fleet.bare.dir })).toMatch(
        /This reverts commit [0-9a-f]{40}[\s\S]*\n\nGenerated-By: gitops-synth \d/,
      );
    } finally {
      stopGpgAgent(key.home);
    }
  });

  it('GIVEN --sign ssh without a key WHEN publishing THEN it stops before anything is pushed or asked of the host', async () => {
    const run = await publish('--sign', 'ssh');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--sign ssh: no signing key given');
    expect(branchSha(fleet.bare.dir, 'gitops/cluster-prod-1')).toBeUndefined();
    expect(fleet.forge.requests).toEqual([]);
  });

  it('GIVEN a CI_JOB_URL carrying a password WHEN publishing THEN no CI-Run trailer is written and the password is nowhere in history', async () => {
    fleet.env.CI_JOB_URL = 'https://user:hunter2secret@gitlab.example.org/-/jobs/1';

    const run = await publish('--clusters', 'cluster-lab-1');

    expect(run.code).toBe(0);
    const log = git(['log', '--all', '--format=%B'], { cwd: fleet.bare.dir });
    expect(log).not.toContain('hunter2secret');
    expect(log).not.toContain('CI-Run:');
  });
});
