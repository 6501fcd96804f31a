/**
 * The Gitea/Forgejo subset the Gitea adapter uses. Labels are attached by id,
 * as on the real host.
 */
import description from './openapi/gitea.json';
import { ForgeReply, ForgeRequest, isoSeconds, ProviderBehaviour } from './handlers';
import { build } from './sample';
import { addStatus, ForgePull, ForgeState, ForgeStatus } from './state';

const doc = description as unknown as Record<string, unknown>;
const def = (name: string): string => `#/definitions/${name}`;

function repository(fullName: string): unknown {
  const [owner, name] = fullName.split('/');
  return build(doc, def('Repository'), { full_name: fullName, name, owner: { login: owner, id: 1 } });
}

function labelsOf(state: ForgeState, names: string[]): unknown[] {
  return names.map((name) => {
    const l = state.labels.find((x) => x.name === name)!;
    return build(doc, def('Label'), { id: l.id, name: l.name, color: l.color });
  });
}

function pull(request: ForgeRequest, p: ForgePull): unknown {
  const { state, origin } = request;
  return build(doc, def('PullRequest'), {
    id: p.number,
    number: p.number,
    title: p.title,
    body: p.body,
    state: p.state === 'open' ? 'open' : 'closed',
    merged: p.state === 'merged',
    html_url: `${origin}/${state.project}/pulls/${p.number}`,
    labels: labelsOf(state, p.labels),
    head: { ref: p.branch, label: p.branch, sha: 'a'.repeat(40), repo: repository(p.headProject) },
    base: { ref: p.base, label: p.base, sha: 'b'.repeat(40), repo: repository(state.project) },
  });
}

function findPull(request: ForgeRequest): ForgePull | undefined {
  if (`${request.params.owner}/${request.params.repo}` !== request.state.project) return undefined;
  return request.state.pulls.find((p) => p.number === Number(request.params.index));
}

function commitStatus(s: ForgeStatus, id: number): unknown {
  return build(doc, def('CommitStatus'), {
    id,
    context: s.context,
    status: s.state,
    description: s.description,
    target_url: s.targetUrl,
    created_at: s.createdAt,
    updated_at: s.createdAt,
  });
}

/** CommitStatusState's values (its description in the published file lists them; the schema itself is a bare string). */
const GITEA_STATES = ['pending', 'success', 'error', 'failure', 'warning'];

const notFound: ForgeReply = { status: 404, body: { message: "The target couldn't be found.", errors: [] } };

function namesOf(state: ForgeState, ids: number[]): string[] | undefined {
  const names = ids.map((id) => state.labels.find((l) => l.id === id)?.name);
  return names.every((n) => n !== undefined) ? names : undefined;
}

/** Gitea's side of the forge. */
export const giteaBehaviour: ProviderBehaviour = {
  apiPrefix: '/api/v1',
  authorized: (headers, token) => headers.authorization === `token ${token}`,
  unauthorized: (received) => ({
    status: 401,
    body: { message: `user does not exist [token: ${received}]`, url: 'http://forge.invalid/api/swagger' },
  }),
  handlers: {
    'GET /repos/{owner}/{repo}/pulls': (request) => {
      const wanted = request.query.get('state') ?? 'open';
      const page = Number(request.query.get('page') ?? '1');
      const limit = Number(request.query.get('limit') ?? '30');
      const pulls = request.state.pulls.filter(
        (p) => wanted === 'all' || (wanted === 'open') === (p.state === 'open'),
      );
      return {
        status: 200,
        body: pulls.slice((page - 1) * limit, page * limit).map((p) => pull(request, p)),
      };
    },
    'POST /repos/{owner}/{repo}/pulls': (request) => {
      const body = request.body as {
        head: string;
        base: string;
        title: string;
        body?: string;
        labels?: number[];
      };
      if (
        request.state.pulls.some((p) => p.state === 'open' && p.branch === body.head && p.base === body.base)
      ) {
        return { status: 409, body: { message: 'pull request already exists for these targets', url: '' } };
      }
      const labels = namesOf(request.state, body.labels ?? []);
      if (!labels) return { status: 422, body: { message: 'label does not exist', url: '' } };
      const created: ForgePull = {
        number: request.state.pulls.length + 1,
        branch: body.head,
        base: body.base,
        title: body.title,
        body: body.body ?? '',
        labels: labels.sort(),
        state: 'open',
        reviewers: [],
        teamReviewers: [],
        headProject: request.state.project,
      };
      request.state.pulls.push(created);
      return { status: 201, body: pull(request, created) };
    },
    'GET /repos/{owner}/{repo}/pulls/{index}': (request) => {
      const p = findPull(request);
      return p ? { status: 200, body: pull(request, p) } : notFound;
    },
    'PATCH /repos/{owner}/{repo}/pulls/{index}': (request) => {
      const p = findPull(request);
      if (!p) return notFound;
      const change = request.body as { title?: string; body?: string; state?: string; labels?: number[] };
      if (change.title !== undefined) p.title = change.title;
      if (change.body !== undefined) p.body = change.body;
      if (change.labels !== undefined) p.labels = (namesOf(request.state, change.labels) ?? p.labels).sort();
      if (change.state === 'closed' && p.state === 'open') {
        p.state = 'closed';
        request.state.closedThroughApi++;
      }
      return { status: 201, body: pull(request, p) };
    },
    'POST /repos/{owner}/{repo}/pulls/{index}/requested_reviewers': (request) => {
      const p = findPull(request);
      if (!p) return notFound;
      const { reviewers = [], team_reviewers: teams = [] } = request.body as {
        reviewers?: string[];
        team_reviewers?: string[];
      };
      if (reviewers.some((login) => !request.state.users.some((u) => u.username === login))) {
        return { status: 422, body: { message: 'reviewer does not exist', url: '' } };
      }
      p.reviewers = [...new Set([...p.reviewers, ...reviewers])];
      p.teamReviewers = [...new Set([...p.teamReviewers, ...teams])];
      const reviews = [
        ...reviewers.map((login, i) =>
          build(doc, def('PullReview'), { id: i + 1, state: 'REQUEST_REVIEW', user: { login, id: 10 + i } }),
        ),
        ...teams.map((name, i) =>
          build(doc, def('PullReview'), { id: 50 + i, state: 'REQUEST_REVIEW', team: { name, id: 20 + i } }),
        ),
      ];
      return { status: 201, body: reviews };
    },
    'POST /repos/{owner}/{repo}/issues/{index}/labels': (request) => {
      const p = findPull(request);
      if (!p) return notFound;
      const names = namesOf(request.state, (request.body as { labels?: number[] }).labels ?? []);
      if (!names) return { status: 422, body: { message: 'label does not exist', url: '' } };
      p.labels = [...new Set([...p.labels, ...names])].sort();
      return { status: 200, body: labelsOf(request.state, p.labels) };
    },
    'GET /repos/{owner}/{repo}/labels': (request) => {
      const page = Number(request.query.get('page') ?? '1');
      const limit = Number(request.query.get('limit') ?? '30');
      return {
        status: 200,
        body: labelsOf(
          request.state,
          request.state.labels.map((l) => l.name),
        ).slice((page - 1) * limit, page * limit),
      };
    },
    'POST /repos/{owner}/{repo}/labels': (request) => {
      const { name, color } = request.body as { name: string; color: string };
      if (request.state.labels.some((l) => l.name === name))
        return { status: 409, body: { message: 'label already exists', url: '' } };
      const created = { id: 100 + request.state.labels.length, name, color: color.replace(/^#/, '') };
      request.state.labels.push(created);
      return { status: 201, body: build(doc, def('Label'), created) };
    },
    'GET /repos/{owner}/{repo}/commits/{ref}/statuses': (request) => {
      const statuses = request.state.statuses[request.params.ref] ?? [];
      return { status: 200, body: statuses.map((s, i) => commitStatus(s, s.id ?? i + 1)) };
    },
    'POST /repos/{owner}/{repo}/statuses/{sha}': (request) => {
      const body = (request.body ?? {}) as {
        state?: string;
        context?: string;
        description?: string;
        target_url?: string;
      };
      // The schema cannot reject an unknown state (it is a bare string), so the handler does.
      if (!GITEA_STATES.includes(body.state ?? ''))
        return {
          status: 400,
          body: { message: `invalid commit status state: ${body.state ?? ''}`, url: '' },
        };
      const created = addStatus(request.state, request.params.sha, {
        // Gitea keeps an omitted context empty (no "default" as on GitHub).
        context: body.context ?? '',
        state: body.state!,
        description: body.description ?? '',
        targetUrl: body.target_url ?? '',
        createdAt: isoSeconds(request.now()),
      });
      return { status: 201, body: commitStatus(created, created.id!) };
    },
  },
};
