import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloneRepository, GitCommandError, GitRepository } from '../../src/git';
import {
  branchSha,
  generateDeployKey,
  isSshdAvailable,
  startSshServer,
  type DeployKey,
  type SshServer,
} from '../support/git-server';
import { createWorkspace, writeFiles } from './workspace';

// sshd comes from the openssh-server package, which .ci/run installs; say so rather than skip silently.
if (!isSshdAvailable()) {
  throw new Error(
    'sshd is not installed: run `apt-get install -y openssh-server` (see test/support/git-server/ssh-server.ts)',
  );
}

const ws = createWorkspace('git-ssh');
let deployKey: DeployKey;
let server: SshServer;

beforeAll(async () => {
  deployKey = generateDeployKey(ws.root);
  server = await startSshServer({ root: ws.root, authorizedPublicKey: deployKey.publicKey });
});
afterAll(async () => {
  await server?.close();
  ws.cleanup();
});

describe('GitRepository over SSH with a deploy key', () => {
  it('GIVEN GITOPS_SSH_KEY and GITOPS_SSH_KNOWN_HOSTS WHEN cloning, committing and pushing THEN the branch lands on the server', async () => {
    const bare = ws.bare({ name: 'ssh-ok.git' });
    const env = {
      ...ws.env,
      GITOPS_SSH_KEY: deployKey.privateKeyPath,
      GITOPS_SSH_KNOWN_HOSTS: server.knownHostsFile,
    };

    const repo = await cloneRepository(server.url(bare.dir), ws.cloneDir(), { branch: 'main', env });
    await repo.checkoutBranch('gitops/ssh', 'origin/main');
    writeFiles(repo.dir, { 'clusters/a/app.yaml': 'a\n' });
    await repo.stageAll();
    const sha = await repo.commit({ message: 'Over SSH' });
    const result = await repo.pushWithLease({ branch: 'gitops/ssh', expectedSha: null, localSha: sha });

    expect(result).toEqual({ status: 'pushed' });
    await repo.verifyRemoteBranch('gitops/ssh', sha);
    expect(branchSha(bare.dir, 'gitops/ssh')).toBe(sha);
  });

  it('GIVEN a key the server does not accept WHEN pushing THEN the push is rejected/auth-failed', async () => {
    const bare = ws.bare({ name: 'ssh-wrong-key.git' });
    const goodEnv = {
      ...ws.env,
      GITOPS_SSH_KEY: deployKey.privateKeyPath,
      GITOPS_SSH_KNOWN_HOSTS: server.knownHostsFile,
    };
    const cloned = await cloneRepository(server.url(bare.dir), ws.cloneDir(), {
      branch: 'main',
      env: goodEnv,
    });
    writeFiles(cloned.dir, { 'a.yaml': 'a\n' });
    await cloned.stageAll();
    const sha = await cloned.commit({ message: 'Will not land' });
    const otherKey = generateDeployKey(ws.root, 'other_key');
    const repo = await GitRepository.open({
      dir: cloned.dir,
      env: { ...goodEnv, GITOPS_SSH_KEY: otherKey.privateKeyPath },
    });

    const result = await repo.pushWithLease({ branch: 'gitops/denied', expectedSha: null, localSha: sha });

    expect(result).toMatchObject({ status: 'rejected', reason: 'auth-failed' });
    expect(result.status === 'rejected' && result.detail).toContain('Permission denied');
    expect(branchSha(bare.dir, 'gitops/denied')).toBeUndefined();
  });

  it('GIVEN a known_hosts file without the server key WHEN cloning THEN host key checking fails with a hint naming GITOPS_SSH_KNOWN_HOSTS', async () => {
    const bare = ws.bare({ name: 'ssh-unknown-host.git' });
    const emptyKnownHosts = join(ws.root, 'empty_known_hosts');
    writeFileSync(emptyKnownHosts, '');

    const error = await cloneRepository(server.url(bare.dir), ws.cloneDir(), {
      branch: 'main',
      env: { ...ws.env, GITOPS_SSH_KEY: deployKey.privateKeyPath, GITOPS_SSH_KNOWN_HOSTS: emptyKnownHosts },
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GitCommandError);
    expect((error as GitCommandError).stderr).toContain('Host key verification failed');
    expect((error as GitCommandError).hint).toContain('GITOPS_SSH_KNOWN_HOSTS');
  });
});
