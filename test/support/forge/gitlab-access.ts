/**
 * The project, branch and push-rule reads the preflight makes on GitLab, answered from
 * what a test sets (see ForgeAccessOptions in github-access.ts): the token user's role
 * and the project's merge method, the branches of a real bare repository, and a push
 * rule rejecting unsigned commits when `rules` holds `required_signatures`. Like GitLab,
 * the push rule is shown only to the Maintainer role or higher (403 below), and a
 * project without one answers 404, as a Free or Community Edition instance does.
 */
import { execFileSync } from 'node:child_process';
import description from './openapi/gitlab.json';
import type { ForgeAccessOptions } from './github-access';
import { ForgeReply, ForgeRequest } from './handlers';
import { build } from './sample';

const doc = description as unknown as Record<string, unknown>;
const PROJECT_ID = 42;
const MAINTAINER = 40;
const notFound = (what: string): ForgeReply => ({ status: 404, body: { message: `404 ${what} Not Found` } });

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

const access = (level: number | undefined): { access_level: number; notification_level: number } | null =>
  level === undefined ? null : { access_level: level, notification_level: 3 };

export function gitlabAccessHandlers(
  options: ForgeAccessOptions,
): Record<string, (request: ForgeRequest) => ForgeReply> {
  const level = options.accessLevel === undefined ? MAINTAINER : options.accessLevel;
  const role = Math.max(level ?? 0, options.groupAccessLevel ?? 0);
  const signed = (options.rules ?? []).includes('required_signatures');
  return {
    'GET /api/v4/projects/{id}': (request) => {
      if (request.params.id !== request.state.project) return notFound('Project');
      const name = request.state.project.split('/').pop() ?? '';
      return {
        status: 200,
        body: build(doc, '#/definitions/API_Entities_ProjectWithAccess', {
          id: PROJECT_ID,
          name,
          path: name,
          path_with_namespace: request.state.project,
          default_branch: 'main',
          web_url: `${request.origin}/${request.state.project}`,
          merge_method: options.mergeMethod ?? 'merge',
          permissions: {
            project_access: access(level ?? undefined),
            group_access: access(options.groupAccessLevel),
          },
        }),
      };
    },
    'GET /api/v4/projects/{id}/repository/branches/{branch}': (request) => {
      if (request.params.id !== request.state.project) return notFound('Project');
      const branch = request.params.branch;
      if (!branchExists(options, branch)) return notFound('Branch');
      return {
        status: 200,
        body: build(doc, '#/definitions/API_Entities_Branch', {
          name: branch,
          merged: false,
          protected: branch === 'main',
          developers_can_push: false,
          developers_can_merge: false,
          can_push: role >= MAINTAINER,
          default: branch === 'main',
          web_url: `${request.origin}/${request.state.project}/-/tree/${branch}`,
        }),
      };
    },
    'GET /api/v4/projects/{id}/push_rule': (request) => {
      if (request.params.id !== request.state.project || !signed) return notFound('');
      if (role < MAINTAINER) return { status: 403, body: { message: '403 Forbidden' } };
      return {
        status: 200,
        body: build(doc, '#/paths/~1api~1v4~1projects~1{id}~1push_rule/get/responses/200/schema', {
          id: 1,
          project_id: PROJECT_ID,
          deny_delete_tag: false,
          member_check: false,
          prevent_secrets: false,
          commit_committer_check: false,
          commit_committer_name_check: false,
          reject_unsigned_commits: true,
          reject_non_dco_commits: false,
        }),
      };
    },
  };
}
