/**
 * The GitHub REST subset the GitHub adapter uses, answering with objects built
 * from GitHub's own schemas (see sample.ts) so every required field is there.
 */
import description from './openapi/github.json';
import { ForgeReply, ForgeRequest, isoSeconds, ProviderBehaviour } from './handlers';
import { build } from './sample';
import { addStatus, ForgePull, ForgeState, ForgeStatus, labelNamed } from './state';

const doc = description as unknown as Record<string, unknown>;
const schema = (name: string): string => `#/components/schemas/${name}`;

function user(login: string, id = 1): unknown {
  return build(doc, schema('simple-user'), { login, id, type: 'User' });
}

function repository(fullName: string, origin: string): unknown {
  const [owner, name] = fullName.split('/');
  return build(doc, schema('repository'), {
    full_name: fullName,
    name,
    owner: user(owner),
    html_url: `${origin}/${fullName}`,
  });
}

function label(state: ForgeState, name: string): unknown {
  const l = labelNamed(state, name);
  return build(doc, schema('label'), {
    id: l.id,
    name: l.name,
    color: l.color,
    default: false,
    description: '',
  });
}

function pull(request: ForgeRequest, p: ForgePull, kind: 'pull-request' | 'pull-request-simple'): unknown {
  const { state, origin } = request;
  const branch = (ref: string, project: string): unknown => ({
    ref,
    label: `${project.split('/')[0]}:${ref}`,
    sha: 'a'.repeat(40),
    repo: repository(project, origin),
    user: user(project.split('/')[0]),
  });
  return build(doc, schema(kind), {
    number: p.number,
    id: p.number,
    state: p.state === 'open' ? 'open' : 'closed',
    title: p.title,
    body: p.body === '' ? null : p.body,
    html_url: `${origin}/${state.project}/pull/${p.number}`,
    labels: p.labels.map((name) => label(state, name)),
    head: branch(p.branch, p.headProject),
    base: branch(p.base, state.project),
    merged_at: p.state === 'merged' ? '2024-01-02T00:00:00Z' : null,
    merge_commit_sha: p.mergeCommitSha ?? null,
    requested_reviewers: p.reviewers.map((login, i) => user(login, 100 + i)),
    requested_teams: p.teamReviewers.map((slug, i) =>
      build(doc, schema('team'), { slug, name: slug, id: 200 + i }),
    ),
  });
}

function findPull(request: ForgeRequest): ForgePull | undefined {
  return request.state.pulls.find(
    (p) => p.number === Number(request.params.pull_number ?? request.params.issue_number),
  );
}

function status(s: ForgeStatus, id: number): unknown {
  return build(doc, schema('status'), {
    id,
    context: s.context,
    state: s.state,
    description: s.description || null,
    target_url: s.targetUrl || null,
    created_at: s.createdAt,
    updated_at: s.createdAt,
  });
}

const notFound: ForgeReply = {
  status: 404,
  body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
};

/** GitHub's side of the forge. */
export const githubBehaviour: ProviderBehaviour = {
  apiPrefix: '',
  authorized: (headers, token) => {
    const value = String(headers.authorization ?? '');
    return value === `token ${token}` || value.toLowerCase() === `bearer ${token}`.toLowerCase();
  },
  unauthorized: (received) => ({
    status: 401,
    body: { message: `Bad credentials (${received})`, documentation_url: 'https://docs.github.com/rest' },
  }),
  handlers: {
    'GET /repos/{owner}/{repo}/pulls': (request) => {
      const wanted = request.query.get('state') ?? 'open';
      const head = request.query.get('head');
      const pulls = request.state.pulls.filter(
        (p) =>
          (wanted === 'all' || (wanted === 'open') === (p.state === 'open')) &&
          (head === null || `${p.headProject.split('/')[0]}:${p.branch}` === head),
      );
      return { status: 200, body: pulls.map((p) => pull(request, p, 'pull-request-simple')) };
    },
    'POST /repos/{owner}/{repo}/pulls': (request) => {
      const { head, base, title, body } = request.body as {
        head: string;
        base: string;
        title?: string;
        body?: string;
      };
      if (
        request.state.pulls.some(
          (p) =>
            p.state === 'open' &&
            p.branch === head &&
            p.base === base &&
            p.headProject === request.state.project,
        )
      ) {
        return {
          status: 422,
          body: {
            message: 'Validation Failed',
            errors: [
              {
                resource: 'PullRequest',
                code: 'custom',
                message: `A pull request already exists for ${head}.`,
              },
            ],
            documentation_url: 'https://docs.github.com/rest',
          },
        };
      }
      const created: ForgePull = {
        number: request.state.pulls.length + 1,
        branch: head,
        base,
        title: title ?? '',
        body: body ?? '',
        labels: [],
        state: 'open',
        reviewers: [],
        teamReviewers: [],
        headProject: request.state.project,
      };
      request.state.pulls.push(created);
      return { status: 201, body: pull(request, created, 'pull-request') };
    },
    'GET /repos/{owner}/{repo}/pulls/{pull_number}': (request) => {
      const p = findPull(request);
      return p ? { status: 200, body: pull(request, p, 'pull-request') } : notFound;
    },
    'PATCH /repos/{owner}/{repo}/pulls/{pull_number}': (request) => {
      const p = findPull(request);
      if (!p) return notFound;
      const change = request.body as { title?: string; body?: string; state?: string };
      if (change.title !== undefined) p.title = change.title;
      if (change.body !== undefined) p.body = change.body;
      if (change.state === 'closed' && p.state === 'open') {
        p.state = 'closed';
        request.state.closedThroughApi++;
      }
      return { status: 200, body: pull(request, p, 'pull-request') };
    },
    'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers': (request) => {
      const p = findPull(request);
      if (!p) return notFound;
      const { reviewers = [], team_reviewers: teams = [] } = request.body as {
        reviewers?: string[];
        team_reviewers?: string[];
      };
      const unknown = reviewers.filter((login) => !request.state.users.some((u) => u.username === login));
      if (unknown.length > 0) {
        return {
          status: 422,
          body: {
            message: `Reviews may only be requested from collaborators: ${unknown.join(', ')}`,
            documentation_url: 'https://docs.github.com/rest',
          },
        };
      }
      p.reviewers = [...new Set([...p.reviewers, ...reviewers])];
      p.teamReviewers = [...new Set([...p.teamReviewers, ...teams])];
      return { status: 201, body: pull(request, p, 'pull-request-simple') };
    },
    'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': (request) => {
      const p = findPull(request);
      if (!p) return notFound;
      const names = (
        Array.isArray(request.body)
          ? request.body
          : (request.body as { labels: Array<string | { name: string }> }).labels
      ).map((l: string | { name: string }) => (typeof l === 'string' ? l : l.name));
      p.labels = [...new Set([...p.labels, ...names])].sort();
      return { status: 200, body: p.labels.map((name) => label(request.state, name)) };
    },
    'GET /repos/{owner}/{repo}/commits/{ref}/statuses': (request) => {
      const statuses = request.state.statuses[request.params.ref] ?? [];
      return { status: 200, body: statuses.map((s, i) => status(s, s.id ?? i + 1)) };
    },
    'POST /repos/{owner}/{repo}/statuses/{sha}': (request) => {
      // The description already enforces `state` (required, one of four); `context`
      // defaults to "default" on GitHub, description and target_url may be null.
      const body = request.body as {
        state: string;
        context?: string;
        description?: string | null;
        target_url?: string | null;
      };
      const created = addStatus(request.state, request.params.sha, {
        context: body.context ?? 'default',
        state: body.state,
        description: body.description ?? '',
        targetUrl: body.target_url ?? '',
        createdAt: isoSeconds(request.now()),
      });
      const { owner, repo, sha } = request.params;
      return {
        status: 201,
        headers: { location: `${request.origin}/repos/${owner}/${repo}/statuses/${sha}` },
        body: status(created, created.id!),
      };
    },
  },
};
