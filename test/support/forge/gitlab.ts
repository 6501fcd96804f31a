/**
 * The GitLab merge request subset the GitLab adapter uses (see openapi/README.md
 * for where its description comes from).
 */
import description from './openapi/gitlab.json';
import { ForgeReply, ForgeRequest, ProviderBehaviour } from './handlers';
import { build } from './sample';
import { addStatus, ForgePull, ForgeStatus } from './state';

const doc = description as unknown as Record<string, unknown>;
const PROJECT_ID = 42;
const FORK_ID = 43;

function mergeRequest(
  request: ForgeRequest,
  p: ForgePull,
  kind: 'API_Entities_MergeRequest' | 'API_Entities_MergeRequestBasic',
): unknown {
  const state = p.state === 'open' ? 'opened' : p.state;
  return build(doc, `#/definitions/${kind}`, {
    id: 1000 + p.number,
    iid: p.number,
    project_id: PROJECT_ID,
    title: p.title,
    description: p.body,
    state,
    source_branch: p.branch,
    target_branch: p.base,
    source_project_id: p.headProject === request.state.project ? PROJECT_ID : FORK_ID,
    target_project_id: PROJECT_ID,
    labels: [...p.labels],
    reviewers: p.reviewers.map((username) => ({
      id: request.state.users.find((u) => u.username === username)?.id ?? 0,
      username,
    })),
    web_url: `${request.origin}/${request.state.project}/-/merge_requests/${p.number}`,
  });
}

function findMr(request: ForgeRequest): ForgePull | undefined {
  if (request.params.id !== request.state.project) return undefined;
  return request.state.pulls.find((p) => p.number === Number(request.params.merge_request_iid));
}

function commitStatus(sha: string, s: ForgeStatus, id: number): unknown {
  return build(doc, '#/definitions/API_Entities_CommitStatus', {
    id,
    sha,
    status: s.state,
    name: s.context,
    description: s.description || null,
    target_url: s.targetUrl || null,
    created_at: s.createdAt,
  });
}

const notFound: ForgeReply = { status: 404, body: { message: '404 Not found' } };
const splitLabels = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** GitLab's side of the forge. */
export const gitlabBehaviour: ProviderBehaviour = {
  apiPrefix: '',
  authorized: (headers, token) => headers['private-token'] === token,
  unauthorized: (received) => ({
    status: 401,
    body: { message: `401 Unauthorized: token ${received} is invalid` },
  }),
  handlers: {
    'GET /api/v4/projects/{id}/merge_requests': (request) => {
      if (request.params.id !== request.state.project) return notFound;
      const wanted = request.query.get('state') ?? 'all';
      const branch = request.query.get('source_branch');
      const mrs = request.state.pulls.filter(
        (p) =>
          (wanted === 'all' || wanted === (p.state === 'open' ? 'opened' : p.state)) &&
          (branch === null || p.branch === branch),
      );
      return {
        status: 200,
        body: mrs.map((p) => mergeRequest(request, p, 'API_Entities_MergeRequestBasic')),
      };
    },
    'POST /api/v4/projects/{id}/merge_requests': (request) => {
      if (request.params.id !== request.state.project) return notFound;
      const body = request.body as {
        source_branch: string;
        target_branch: string;
        title: string;
        description?: string;
        labels?: string;
        reviewer_ids?: number[];
      };
      const open = request.state.pulls.find(
        (p) =>
          p.state === 'open' && p.branch === body.source_branch && p.headProject === request.state.project,
      );
      if (open) {
        return {
          status: 409,
          body: {
            message: [`Another open merge request already exists for this source branch: !${open.number}`],
          },
        };
      }
      const created: ForgePull = {
        number: request.state.pulls.length + 1,
        branch: body.source_branch,
        base: body.target_branch,
        title: body.title,
        body: body.description ?? '',
        labels: splitLabels(body.labels).sort(),
        state: 'open',
        reviewers: [],
        teamReviewers: [],
        headProject: request.state.project,
      };
      request.state.pulls.push(created);
      return { status: 201, body: mergeRequest(request, created, 'API_Entities_MergeRequest') };
    },
    'GET /api/v4/projects/{id}/merge_requests/{merge_request_iid}': (request) => {
      const p = findMr(request);
      return p ? { status: 200, body: mergeRequest(request, p, 'API_Entities_MergeRequest') } : notFound;
    },
    'PUT /api/v4/projects/{id}/merge_requests/{merge_request_iid}': (request) => {
      const p = findMr(request);
      if (!p) return notFound;
      const body = request.body as {
        title?: string;
        description?: string;
        add_labels?: string;
        labels?: string;
        reviewer_ids?: number[];
        state_event?: string;
      };
      if (body.title !== undefined) p.title = body.title;
      if (body.description !== undefined) p.body = body.description;
      if (body.labels !== undefined) p.labels = splitLabels(body.labels).sort();
      if (body.add_labels !== undefined)
        p.labels = [...new Set([...p.labels, ...splitLabels(body.add_labels)])].sort();
      if (body.reviewer_ids !== undefined) {
        p.reviewers = body.reviewer_ids.map(
          (id) => request.state.users.find((u) => u.id === id)?.username ?? `#${id}`,
        );
      }
      if (body.state_event === 'close' && p.state === 'open') {
        p.state = 'closed';
        request.state.closedThroughApi++;
      }
      return { status: 200, body: mergeRequest(request, p, 'API_Entities_MergeRequest') };
    },
    'GET /api/v4/users': (request) => {
      const username = request.query.get('username');
      const users = request.state.users.filter(
        (u) => username === null || u.username.toLowerCase() === username.toLowerCase(),
      );
      return {
        status: 200,
        body: users.map((u) =>
          build(doc, '#/definitions/API_Entities_UserBasic', {
            id: u.id,
            username: u.username,
            name: u.username,
            state: 'active',
          }),
        ),
      };
    },
    'GET /api/v4/projects/{id}/repository/commits/{sha}/statuses': (request) => {
      if (request.params.id !== request.state.project) return notFound;
      const statuses = request.state.statuses[request.params.sha] ?? [];
      return {
        status: 200,
        body: statuses.map((s, i) => commitStatus(request.params.sha, s, s.id ?? i + 1)),
      };
    },
    'POST /api/v4/projects/{id}/statuses/{sha}': (request) => {
      if (request.params.id !== request.state.project) return notFound;
      const body = request.body as {
        state: string;
        name?: string;
        context?: string;
        description?: string;
        target_url?: string;
      };
      // GitLab names the status by `name`, falling back to `context`, then "default";
      // the state is stored in GitLab's own words (failed, canceled, ...).
      const created = addStatus(request.state, request.params.sha, {
        context: body.name ?? body.context ?? 'default',
        state: body.state,
        description: body.description ?? '',
        targetUrl: body.target_url ?? '',
        createdAt: request.now().toISOString(),
      });
      return { status: 201, body: commitStatus(request.params.sha, created, created.id!) };
    },
  },
};
