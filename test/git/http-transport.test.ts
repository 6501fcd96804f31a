import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloneRepository, GitCommandError, GitRepository } from '../../src/git';
import {
  branchSha,
  createRecordingGit,
  git,
  startSmartHttpServer,
  type SmartHttpServer,
} from '../support/git-server';
import { createWorkspace, writeFiles } from './workspace';

const TOKEN = 'ghs_test0token0Secret0Value0123456789';
// The user's own configuration asks git to store credentials in plain text: the git layer must override it.
const ws = createWorkspace('git-http', '[credential]\n\thelper = store\n');
let server: SmartHttpServer;

beforeAll(async () => {
  server = await startSmartHttpServer({ projectRoot: ws.root, token: TOKEN });
});
afterAll(async () => {
  await server.close();
  ws.cleanup();
});

describe('GitRepository over smart HTTP with a token', () => {
  it('GIVEN GITOPS_TOKEN WHEN cloning, committing and pushing THEN it works and the token is in no argument, trace, config or credential store', async () => {
    const bare = ws.bare({ name: 'token-ok.git' });
    const recorder = createRecordingGit(ws.root);
    const env = { ...ws.env, GITOPS_TOKEN: TOKEN };
    const url = `${server.url}/token-ok.git`;

    const repo = await cloneRepository(url, ws.cloneDir(), {
      branch: 'main',
      env,
      gitBinary: recorder.binary,
    });
    await repo.checkoutBranch('gitops/http', 'origin/main');
    writeFiles(repo.dir, { 'clusters/a/app.yaml': 'a\n' });
    await repo.stageAll();
    const sha = await repo.commit({ message: 'Over HTTP' });
    const result = await repo.pushWithLease({ branch: 'gitops/http', expectedSha: null, localSha: sha });
    await repo.verifyRemoteBranch('gitops/http', sha);

    expect(result).toEqual({ status: 'pushed' });
    expect(branchSha(bare.dir, 'gitops/http')).toBe(sha);
    // Git asked without credentials first and only ever sent the right token.
    expect(server.requests.some((r) => r.outcome === 'accepted' && r.username === 'x-access-token')).toBe(
      true,
    );
    expect(server.requests.filter((r) => r.outcome === 'rejected')).toEqual([]);
    const calls = recorder.calls();
    expect(calls.map((args) => args[0])).toEqual(
      expect.arrayContaining(['clone', 'push', 'ls-remote', 'commit']),
    );
    expect(calls.flat().join('\n')).not.toContain(TOKEN);
    const trace = recorder.trace();
    expect(trace).toContain('git-remote-http'); // the trace does cover git's child processes
    expect(trace).toMatch(/run_command: .*GITOPS_SYNTH_GIT_TOKEN.* get/); // the helper ran, named by variable only
    expect(trace).not.toContain(TOKEN);
    expect(readFileSync(join(repo.dir, '.git', 'config'), 'utf8')).not.toContain(TOKEN);
    expect(git(['remote', 'get-url', 'origin'], { cwd: repo.dir })).toBe(url);
    expect(existsSync(join(ws.home, '.git-credentials'))).toBe(false);
  });

  it('GIVEN GITOPS_TOKEN_FILE WHEN cloning THEN the token is read from the file', async () => {
    ws.bare({ name: 'token-file.git' });
    const tokenFile = join(ws.root, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`);

    const repo = await cloneRepository(`${server.url}/token-file.git`, ws.cloneDir(), {
      branch: 'main',
      env: { ...ws.env, GITOPS_TOKEN_FILE: tokenFile },
    });

    expect(await repo.findRemoteBranchSha('main')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('GIVEN a wrong token WHEN pushing THEN the push is rejected/auth-failed after one try and no message holds the token', async () => {
    ws.bare({ name: 'token-wrong.git' });
    const url = `${server.url}/token-wrong.git`;
    const cloned = await cloneRepository(url, ws.cloneDir(), {
      branch: 'main',
      env: { ...ws.env, GITOPS_TOKEN: TOKEN },
    });
    writeFiles(cloned.dir, { 'a.yaml': 'a\n' });
    await cloned.stageAll();
    const sha = await cloned.commit({ message: 'Will not land' });
    const wrongToken = 'ghs_wrong0token0value0abcdefabcdef';
    const repo = await GitRepository.open({ dir: cloned.dir, env: { ...ws.env, GITOPS_TOKEN: wrongToken } });

    const before = server.requests.length;
    const result = await repo.pushWithLease({ branch: 'gitops/denied', expectedSha: null, localSha: sha });
    const made = server.requests.slice(before);

    expect(result).toMatchObject({ status: 'rejected', reason: 'auth-failed' });
    // It gives up at once: the challenge, one try with the token, and no retry or prompt after it.
    expect(made.map((r) => r.outcome)).toEqual(['missing', 'rejected']);
    expect(JSON.stringify(result)).not.toContain(wrongToken);
    expect(server.requests.some((r) => r.outcome === 'rejected')).toBe(true);
    const lsRemoteError = await repo.findRemoteBranchSha('main').catch((e: unknown) => e);
    expect(lsRemoteError).toBeInstanceOf(GitCommandError);
    expect((lsRemoteError as GitCommandError).hint).toContain('GITOPS_TOKEN');
    expect(`${(lsRemoteError as Error).message} ${(lsRemoteError as GitCommandError).stderr}`).not.toContain(
      wrongToken,
    );
  });

  it('GIVEN no token WHEN cloning THEN git fails at once instead of prompting', async () => {
    ws.bare({ name: 'token-none.git' });

    const error = await cloneRepository(`${server.url}/token-none.git`, ws.cloneDir(), {
      branch: 'main',
      env: ws.env,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GitCommandError);
    expect((error as GitCommandError).stderr).toMatch(/terminal prompts disabled|could not read Username/);
  });

  it('GIVEN a remote URL embedding the token WHEN cloning THEN it is refused before git runs, without echoing the token', async () => {
    const url = `http://x-access-token:${TOKEN}@127.0.0.1:1/repo.git`;

    const error = await cloneRepository(url, ws.cloneDir(), { branch: 'main', env: ws.env }).catch(
      (e: unknown) => e,
    );

    expect(error).toMatchObject({ code: 'GIT_ARGUMENT_INVALID' });
    expect((error as Error).message).not.toContain(TOKEN);
  });
});
