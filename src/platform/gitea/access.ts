/**
 * What a Gitea (or Forgejo) token may do on a repository and how the base branch is
 * protected, read with GET requests only (shapes from Gitea's published swagger
 * description, templates/swagger/v1_json.tmpl):
 * - `GET /repos/{owner}/{repo}` (repoGet): `permissions {admin, push, pull}`, the
 *   token's user's rights on the repository;
 * - `GET /repos/{owner}/{repo}/branches/{branch}` (repoGetBranch): 404 when the base
 *   is missing; `effective_branch_protection_name` names the rule that protects it;
 * - `GET /repos/{owner}/{repo}/branch_protections/{name}` (repoGetBranchProtection):
 *   `require_signed_commits`.
 * Gitea has no "linear history" protection (merge styles are a repository setting), so
 * that check always passes here.
 */
import { PlatformError } from '../errors';
import type { HostRequest } from '../json-client';
import type { RepositoryAccess } from '../types';

type Send = (request: HostRequest) => Promise<unknown>;

/** Reads {@link RepositoryAccess} for `repoPath` (`/repos/<owner>/<name>`). */
export async function readGiteaAccess(send: Send, repoPath: string, base: string): Promise<RepositoryAccess> {
  const repository = (await send({ method: 'GET', path: repoPath })) as {
    permissions?: { push?: boolean; pull?: boolean };
  };
  const branch = (await send({
    method: 'GET',
    path: `${repoPath}/branches/${encodeURIComponent(base)}`,
  }).catch(notFound)) as { effective_branch_protection_name?: string } | undefined;
  const rule = branch?.effective_branch_protection_name ?? '';
  const protection =
    rule === ''
      ? undefined
      : ((await send({
          method: 'GET',
          path: `${repoPath}/branch_protections/${encodeURIComponent(rule)}`,
        })) as {
          require_signed_commits?: boolean;
        });
  return {
    credential: 'token',
    canPush: repository.permissions?.push,
    // Opening a pull request between branches of one repository needs read access on Gitea.
    canOpenPullRequests: repository.permissions?.pull,
    baseExists: branch !== undefined,
    requiresSignatures: protection?.require_signed_commits === true,
    requiresLinearHistory: false,
  };
}

/** A 404 means "no such branch"; anything else is a real failure. */
function notFound(error: unknown): undefined {
  if (error instanceof PlatformError && error.status === 404) return undefined;
  throw error;
}
