/**
 * What a GitHub credential may do on a repository and how the base branch is
 * protected, read with three GET requests (nothing is written):
 * - `GET /repos/{owner}/{repo}`: `permissions.push`/`pull` for a user's token (classic or
 *   fine-grained). An App's installation token carries its own permissions instead,
 *   as minted (`contents`, `pull_requests`), which are used when given.
 * - `GET /repos/{owner}/{repo}/branches/{branch}`: 404 when the base branch is missing;
 *   `protection` holds the classic protection's settings when the caller may see them.
 * - `GET /repos/{owner}/{repo}/rules/branches/{branch}`: the rulesets' rules that apply to
 *   the branch (readable with read access), `required_signatures` and
 *   `required_linear_history` among them.
 */
import type { Octokit } from '@octokit/rest';
import type { RepositoryAccess } from '../types';

interface BranchProtection {
  required_signatures?: { enabled?: boolean };
  required_linear_history?: { enabled?: boolean };
}

/** Reads {@link RepositoryAccess}; `appPermissions` are the App token's permissions when an App authenticates. */
export async function readGitHubAccess(
  octokit: Octokit,
  owner: string,
  repo: string,
  base: string,
  appPermissions: Readonly<Record<string, string>> | undefined,
): Promise<RepositoryAccess> {
  const repository = await octokit.rest.repos.get({ owner, repo });
  const branch = await octokit.rest.repos.getBranch({ owner, repo, branch: base }).catch(notFound);
  const rules =
    branch === undefined ? [] : (await octokit.rest.repos.getBranchRules({ owner, repo, branch: base })).data;
  const protection = (branch?.data.protection ?? {}) as BranchProtection;
  const ruleTypes = new Set(rules.map((rule) => rule.type));
  const access =
    appPermissions === undefined
      ? {
          credential: 'token' as const,
          canPush: repository.data.permissions?.push,
          canOpenPullRequests: repository.data.permissions?.pull,
        }
      : {
          credential: 'github-app' as const,
          canPush: appPermissions.contents === 'write',
          canOpenPullRequests: appPermissions.pull_requests === 'write',
        };
  return {
    ...access,
    baseExists: branch !== undefined,
    requiresSignatures:
      ruleTypes.has('required_signatures') || protection.required_signatures?.enabled === true,
    requiresLinearHistory:
      ruleTypes.has('required_linear_history') || protection.required_linear_history?.enabled === true,
  };
}

/** A 404 means "no such branch"; anything else is a real failure. */
function notFound(error: unknown): undefined {
  if ((error as { status?: unknown }).status === 404) return undefined;
  throw error;
}
