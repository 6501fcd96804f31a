/**
 * The repository, branch and branch-protection reads the preflight makes on Gitea,
 * answered from what a test sets (the same options as GitHub's, see github-access.ts):
 * the token's permissions, the branches of a real bare repository, and one protection
 * rule named after the base branch when `rules` holds `required_signatures`.
 */
import { execFileSync } from 'node:child_process';
import description from './openapi/gitea.json';
import type { ForgeAccessOptions } from './github-access';
import { ForgeReply, ForgeRequest } from './handlers';
import { build } from './sample';

const doc = description as unknown as Record<string, unknown>;
const NOT_FOUND: ForgeReply = { status: 404 };

function branchExists(options: ForgeAccessOptions, branch: string): boolean {
  if (options.gitDir === undefined) return true;
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], {
      cwd: options.gitDir,
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

const sameProject = (request: ForgeRequest): boolean =>
  `${request.params.owner}/${request.params.repo}` === request.state.project;

export function giteaAccessHandlers(
  options: ForgeAccessOptions,
): Record<string, (request: ForgeRequest) => ForgeReply> {
  const permissions = options.permissions ?? { admin: true, push: true, pull: true };
  const signed = (options.rules ?? []).includes('required_signatures');
  return {
    'GET /repos/{owner}/{repo}': (request) => {
      if (!sameProject(request)) return NOT_FOUND;
      const [owner, name] = request.state.project.split('/');
      return {
        status: 200,
        body: build(doc, '#/definitions/Repository', {
          full_name: request.state.project,
          name,
          owner: { login: owner, id: 1 },
          default_branch: 'main',
          permissions,
        }),
      };
    },
    'GET /repos/{owner}/{repo}/branches/{branch}': (request) => {
      const branch = request.params.branch;
      if (!sameProject(request) || !branchExists(options, branch)) return NOT_FOUND;
      return {
        status: 200,
        body: build(doc, '#/definitions/Branch', {
          name: branch,
          protected: signed,
          effective_branch_protection_name: signed ? branch : '',
          user_can_push: permissions.push,
          user_can_merge: permissions.push,
        }),
      };
    },
    'GET /repos/{owner}/{repo}/branch_protections/{name}': (request) => {
      if (!sameProject(request) || !signed) return NOT_FOUND;
      return {
        status: 200,
        body: build(doc, '#/definitions/BranchProtection', {
          branch_name: request.params.name,
          require_signed_commits: true,
          enable_push: true,
        }),
      };
    },
  };
}
