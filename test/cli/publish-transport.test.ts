import * as fs from 'fs';
import * as path from 'path';
import {
  branchSha,
  generateDeployKey,
  git,
  isSshdAvailable,
  startSmartHttpServer,
  startSshServer,
} from '../support/git-server';
import { commitsAboveMain, createGitWrapper, createPublishFixture, PublishFixture } from '../publish/harness';

// sshd comes from the openssh-server package, which .ci/run installs; say so rather than skip silently.
if (!isSshdAvailable()) {
  throw new Error(
    'sshd is not installed: run `apt-get install -y openssh-server` (see test/support/git-server/ssh-server.ts)',
  );
}

const TOKEN = 'ghs_publish0Transport0Token0Value0123456';

describe('gitops-synth publish over real transports', () => {
  let fixture: PublishFixture;

  beforeEach(async () => {
    fixture = await createPublishFixture({ token: TOKEN });
  });
  afterEach(() => fixture.close());

  it('GIVEN a smart-HTTP remote and GITOPS_TOKEN WHEN publishing THEN the branch and pull request land, and the token is in no output, argument, trace, config or remote URL', async () => {
    const server = await startSmartHttpServer({ projectRoot: fixture.tmp, token: TOKEN });
    try {
      const url = `${server.url}/fleet.git`;
      const wrapper = createGitWrapper(fixture.tmp);
      const root = path.join(fixture.tmp, 'working-copy');

      const run = await fixture.cli(['--clusters', 'alpha', '--root', root], {
        repo: url,
        env: { ...fixture.env, PATH: wrapper.path },
      });

      expect(run.stderr).not.toContain('error');
      expect(run.code).toBe(0);
      expect(commitsAboveMain(fixture.bare.dir, 'gitops/alpha')).toHaveLength(1);
      expect(fixture.forge.state.pulls.map((p) => p.branch)).toEqual(['gitops/alpha']);
      expect(
        server.requests.some(
          (r) => r.outcome === 'accepted' && r.method === 'POST' && r.path.endsWith('git-receive-pack'),
        ),
      ).toBe(true);
      expect(wrapper.calls().some((line) => line.startsWith('push '))).toBe(true);
      expect(wrapper.trace()).toContain('git-remote-http');
      for (const text of [
        run.stdout,
        run.stderr,
        wrapper.calls().join('\n'),
        wrapper.trace(),
        fs.readFileSync(path.join(root, '.git', 'config'), 'utf8'),
      ]) {
        expect(text).not.toContain(TOKEN);
      }
      expect(git(['remote', 'get-url', 'origin'], { cwd: root })).toBe(url);
      expect(fs.existsSync(path.join(fixture.env.HOME, '.git-credentials'))).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('GIVEN a smart-HTTP remote and a wrong GITOPS_TOKEN WHEN publishing THEN it fails at the preflight with an auth hint, never quoting the token, and pushes nothing', async () => {
    const server = await startSmartHttpServer({ projectRoot: fixture.tmp, token: TOKEN });
    try {
      const wrong = 'ghs_wrong0Token0Value0abcdefabcdef01234';

      const run = await fixture.cli(['--clusters', 'alpha'], {
        repo: `${server.url}/fleet.git`,
        env: { ...fixture.env, GITOPS_TOKEN: wrong },
      });

      // The preflight's first API read is refused (the host refuses the same token), so git
      // never sends it anywhere: the Git server sees no request at all, let alone a push.
      expect(server.requests.map((r) => r.outcome)).toEqual([]);
      expect([1, 3]).toContain(run.code);
      expect(run.stderr).toMatch(/hint: .*GITOPS_TOKEN/);
      expect(`${run.stdout}${run.stderr}`).not.toContain(wrong);
      expect(`${run.stdout}${run.stderr}`).not.toContain(
        Buffer.from(`x-access-token:${wrong}`).toString('base64'),
      );
      expect(branchSha(fixture.bare.dir, 'gitops/alpha')).toBeUndefined();
      expect(fixture.forge.writes()).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('GIVEN an ssh:// remote with GITOPS_SSH_KEY and GITOPS_SSH_KNOWN_HOSTS WHEN publishing THEN the deploy key pushes the branch and the pull request is opened', async () => {
    const key = generateDeployKey(fixture.tmp);
    const sshd = await startSshServer({ root: fixture.tmp, authorizedPublicKey: key.publicKey });
    try {
      const env = {
        ...fixture.env,
        GITOPS_SSH_KEY: key.privateKeyPath,
        GITOPS_SSH_KNOWN_HOSTS: sshd.knownHostsFile,
      };

      const run = await fixture.cli(['--clusters', 'alpha'], { repo: sshd.url(fixture.bare.dir), env });

      expect(run.stderr).not.toContain('error');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/gitops\/alpha: pushed [0-9a-f]{12}; pull request #1 created/);
      expect(commitsAboveMain(fixture.bare.dir, 'gitops/alpha')).toHaveLength(1);
      expect(fixture.forge.state.pulls.map((p) => [p.branch, p.labels])).toEqual([
        ['gitops/alpha', ['cluster:alpha', 'gitops']],
      ]);
    } finally {
      await sshd.close();
    }
  });
});
