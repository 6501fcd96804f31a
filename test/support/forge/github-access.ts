/**
 * The repository, branch and branch-rules reads the preflight makes on GitHub. The
 * forge answers them from what a test sets: the token's role on the repository, the
 * rules on branches, and the branches of a real bare repository (so "the base branch
 * exists" is git's answer, not the test's).
 */
import { execFileSync } from 'node:child_process';
import description from './openapi/github.json';
import { ForgeReply, ForgeRequest } from './handlers';
import { build } from './sample';

const doc = description as unknown as Record<string, unknown>;
const NOT_FOUND = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' };

/** What the forge says about access and protection. */
export interface ForgeAccessOptions {
  /** The token's role (GET /repos `permissions`); default: admin, push and pull. */
  readonly permissions?: { admin: boolean; push: boolean; pull: boolean };
  /** The bare repository whose branches exist; absent: every branch exists. */
  readonly gitDir?: string;
  /** Rule types the rulesets put on every branch (`required_signatures`, `required_linear_history`). */
  readonly rules?: readonly string[];
}

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

function sameProject(request: ForgeRequest): boolean {
  return (
    `${request.params.owner}/${request.params.repo}`.toLowerCase() === request.state.project.toLowerCase()
  );
}

export function accessHandlers(
  options: ForgeAccessOptions,
): Record<string, (request: ForgeRequest) => ForgeReply> {
  const permissions = options.permissions ?? { admin: true, push: true, pull: true };
  return {
    'GET /repos/{owner}/{repo}': (request) => {
      if (!sameProject(request)) return { status: 404, body: NOT_FOUND };
      const [owner, name] = request.state.project.split('/');
      return {
        status: 200,
        body: build(doc, '#/components/schemas/full-repository', {
          full_name: request.state.project,
          name,
          owner: build(doc, '#/components/schemas/simple-user', {
            login: owner,
            id: 1,
            type: 'Organization',
          }),
          html_url: `${request.origin}/${request.state.project}`,
          default_branch: 'main',
          permissions,
        }),
      };
    },
    'GET /repos/{owner}/{repo}/branches/{branch}': (request) => {
      if (!sameProject(request) || !branchExists(options, request.params.branch)) {
        return { status: 404, body: NOT_FOUND };
      }
      const branch = request.params.branch;
      return {
        status: 200,
        body: build(doc, '#/components/schemas/branch-with-protection', {
          name: branch,
          protected: (options.rules ?? []).length > 0,
          protection_url: `${request.origin}/repos/${request.state.project}/branches/${branch}/protection`,
          _links: { html: `${request.origin}/${request.state.project}/tree/${branch}`, self: request.origin },
        }),
      };
    },
    'GET /repos/{owner}/{repo}/rules/branches/{branch}': (request) => ({
      status: 200,
      body: (options.rules ?? []).map((type, index) => ({
        type,
        ruleset_source_type: 'Repository',
        ruleset_source: request.state.project,
        ruleset_id: index + 1,
      })),
    }),
  };
}
