/**
 * What source-controller (Flux) and the repo-server (Argo CD) do first: resolve
 * a branch to its head commit over the network, as `git ls-remote` does.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** The head commit of `branch` at `url`, with `token` as the Basic password when given. */
export async function resolveBranch(url: string, branch: string, token?: string): Promise<string> {
  const target = token === undefined ? url : url.replace('://', `://git:${encodeURIComponent(token)}@`);
  // Asynchronous: the Git server may live in this very process (tests), and a blocking call would starve it.
  const { stdout } = await promisify(execFile)('git', ['ls-remote', target, `refs/heads/${branch}`], {
    encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
  const sha = stdout.split(/\s+/)[0];
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`branch ${branch} not found at ${url}`);
  return sha;
}
