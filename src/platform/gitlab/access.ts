/**
 * What a GitLab token may do on a project and what the project demands of commits,
 * read with GET requests only (shapes from GitLab's published OpenAPI description,
 * doc/api/openapi/openapi_v2.yaml, and its REST documentation):
 * - `GET /projects/:id` (getApiV4ProjectsId): `permissions.project_access.access_level`
 *   and `permissions.group_access.access_level`, the token user's role (the higher one
 *   counts; either is null when the user is no member there); `merge_method`.
 * - `GET /projects/:id/repository/branches/:branch`: 404 when the base is missing.
 * - `GET /projects/:id/push_rule` (Premium): `reject_unsigned_commits`.
 *
 * Roles: publish pushes only to its own, unprotected branches and opens merge requests,
 * and both need the Developer role (30) or higher.
 *
 * Linear history: only `merge_method: ff` (fast-forward merge) lands no merge commit.
 * `rebase_merge` ("merge commit with semi-linear history") still creates a merge commit
 * for every merge, and only requires the source branch to be rebased on the target, so
 * it is not a linear-history requirement in the sense of the check (a merge commit
 * cannot land).
 *
 * Push rules are a Premium feature and reading them needs the Maintainer role. A 404
 * (Free or Community Edition: no such endpoint), or a null answer (no push rule set) mean
 * that no push rule requires signatures. A 403 (a Developer token) means the rule could
 * not be read: it is then treated as not required, and the check says it was not seen.
 */
import { PlatformError } from '../errors';
import type { HostRequest } from '../json-client';
import type { RepositoryAccess } from '../types';

type Send = (request: HostRequest) => Promise<unknown>;

/** The push rule as read; `unread` says why it could not be. */
interface PushRuleRead {
  readonly body: { reject_unsigned_commits?: boolean } | null;
  readonly unread?: string;
}

/** GitLab's Developer role: may push unprotected branches and open merge requests. */
export const GITLAB_DEVELOPER = 30;

interface GitLabProject {
  merge_method?: string;
  permissions?: {
    project_access?: { access_level?: number } | null;
    group_access?: { access_level?: number } | null;
  };
}

/** The token user's role on the project, or undefined when GitLab names none (pure). */
export function gitLabRole(project: GitLabProject): number | undefined {
  const levels = [project.permissions?.project_access, project.permissions?.group_access]
    .map((access) => access?.access_level)
    .filter((level): level is number => typeof level === 'number');
  return levels.length === 0 ? undefined : Math.max(...levels);
}

/** Reads {@link RepositoryAccess} for `projectPath` (`/projects/<url-encoded path>`). */
export async function readGitLabAccess(
  send: Send,
  projectPath: string,
  base: string,
): Promise<RepositoryAccess> {
  const project = (await send({ method: 'GET', path: projectPath })) as GitLabProject;
  const branch = await send({
    method: 'GET',
    path: `${projectPath}/repository/branches/${encodeURIComponent(base)}`,
  }).catch(notFound);
  const rule: PushRuleRead = await send({ method: 'GET', path: `${projectPath}/push_rule` }).then(
    (body) => ({ body: body as PushRuleRead['body'] }),
    pushRuleUnavailable,
  );
  const role = gitLabRole(project);
  const allowed = role === undefined ? undefined : role >= GITLAB_DEVELOPER;
  return {
    credential: 'token',
    canPush: allowed,
    canOpenPullRequests: allowed,
    baseExists: branch !== undefined,
    requiresSignatures: rule.body?.reject_unsigned_commits === true,
    ...(rule.unread === undefined ? {} : { signaturesUnknown: rule.unread }),
    requiresLinearHistory: project.merge_method === 'ff',
  };
}

/** A 404 means "no such branch"; anything else is a real failure. */
function notFound(error: unknown): undefined {
  if (error instanceof PlatformError && error.status === 404) return undefined;
  throw error;
}

/** 404: push rules do not exist here (Free, CE); 403: the role may not read them. */
function pushRuleUnavailable(error: unknown): PushRuleRead {
  if (error instanceof PlatformError && error.status === 404) return { body: null };
  if (error instanceof PlatformError && error.status === 403) {
    return {
      body: null,
      unread: "GitLab refused to show the project's push rules (reading them needs the Maintainer role)",
    };
  }
  throw error;
}
