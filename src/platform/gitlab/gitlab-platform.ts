/**
 * GitLab merge requests through its REST API (`/api/v4`) and the shared JSON client,
 * like Gitea: one transport and one retry policy for every host. The project is
 * addressed by its URL-encoded path (`group%2Fsub%2Fname`), so subgroups need no id
 * lookup. `--api-url` is the host's base URL; `/api/v4` is added here.
 */
import { AdapterOptions } from '../adapter-options';
import { ensurePullRequestOn, PullRequestHost } from '../ensure';
import { allPages, createJsonHost, HostRequest, JsonHost } from '../json-client';
import { mergeCommitOf } from '../merge-commit';
import { ReviewerRequest } from '../owners';
import {
  CommitStatus,
  CommitStatusState,
  EnsurePullRequestInput,
  EnsurePullRequestResult,
  Platform,
  PullRequest,
} from '../types';

/** GitLab's limit on a merge request description, in characters. */
export const GITLAB_MAX_BODY_LENGTH = 1_048_576;

/** GitLab's largest page. */
const PAGE = 100;
/** Never page further than this: 1000 merge requests from one branch is beyond any fleet repository. */
const MAX_PAGES = 10;

interface GitLabMergeRequest {
  iid: number;
  web_url: string;
  state: string;
  title: string;
  description?: string | null;
  source_branch: string;
  target_branch: string;
  source_project_id?: number;
  target_project_id?: number;
  labels?: Array<string | { name?: string }>;
  merge_commit_sha?: string | null;
  squash_commit_sha?: string | null;
}

interface GitLabStatus {
  name?: string;
  status?: string;
  description?: string | null;
  target_url?: string | null;
  created_at?: string;
}

/** Maps GitLab's merge request JSON to a {@link PullRequest} (pure). */
export function toPullRequest(mr: GitLabMergeRequest): PullRequest {
  return {
    number: mr.iid,
    url: mr.web_url,
    branch: mr.source_branch,
    base: mr.target_branch,
    title: mr.title,
    body: mr.description ?? '',
    labels: (mr.labels ?? [])
      .map((l) => (typeof l === 'string' ? l : (l.name ?? '')))
      .filter((n) => n !== '')
      .sort(),
    state: mr.state === 'opened' ? 'open' : mr.state === 'merged' ? 'merged' : 'closed',
    ...mergeCommitOf(mr.state === 'merged', mr.merge_commit_sha ?? mr.squash_commit_sha),
  };
}

/**
 * GitLab job states to the four the interface knows: `failed` is a failure,
 * `canceled` an error, `success` a success, and everything still to run pending.
 */
export function toStatusState(status: string): CommitStatusState {
  if (status === 'success') return 'success';
  if (status === 'failed') return 'failure';
  if (status === 'canceled') return 'error';
  return 'pending';
}

/** The GitLab adapter. */
export class GitLabPlatform implements Platform {
  public readonly name = 'gitlab' as const;
  public readonly maxBodyLength = GITLAB_MAX_BODY_LENGTH;
  private readonly host: JsonHost;
  /** `/projects/<url-encoded path>`. */
  private readonly projectPath: string;

  public constructor(options: AdapterOptions) {
    const base = options.apiUrl.replace(/\/+$/, '');
    this.host = createJsonHost(
      { ...options, apiUrl: base.endsWith('/api/v4') ? base : `${base}/api/v4` },
      { 'private-token': options.token },
    );
    this.projectPath = `/projects/${encodeURIComponent(options.project)}`;
  }

  public async findPullRequest(branch: string): Promise<PullRequest | undefined> {
    const mrs = await this.all<GitLabMergeRequest>({
      method: 'GET',
      path: `${this.projectPath}/merge_requests`,
      query: { state: 'opened', source_branch: branch },
    });
    // Same project only: a merge request from a fork's branch of the same name is someone else's.
    const match = mrs.find(
      (mr) =>
        mr.source_branch === branch && mr.state === 'opened' && mr.source_project_id === mr.target_project_id,
    );
    return match ? toPullRequest(match) : undefined;
  }

  public async getPullRequest(number: number): Promise<PullRequest> {
    return toPullRequest(await this.send({ method: 'GET', path: this.mergeRequestPath(number) }));
  }

  public ensurePullRequest(input: EnsurePullRequestInput): Promise<EnsurePullRequestResult> {
    return ensurePullRequestOn(this.pullRequestHost(), input, {
      maxBodyLength: this.maxBodyLength,
      provider: 'GitLab',
    });
  }

  public async listCommitStatuses(sha: string): Promise<CommitStatus[]> {
    const statuses = await this.all<GitLabStatus>({
      method: 'GET',
      path: `${this.projectPath}/repository/commits/${encodeURIComponent(sha)}/statuses`,
    });
    return statuses.map((s) => ({
      context: s.name ?? '',
      state: toStatusState(s.status ?? ''),
      description: s.description ?? '',
      targetUrl: s.target_url ?? '',
      createdAt: s.created_at ?? '',
    }));
  }

  private pullRequestHost(): PullRequestHost {
    return {
      find: (branch) => this.findPullRequest(branch),
      create: async (input) => {
        // GitLab creates labels that do not exist yet, so they go in the create call.
        const body = {
          source_branch: input.branch,
          target_branch: input.base,
          title: input.title,
          description: input.body,
          ...(input.labels.length > 0 ? { labels: input.labels.join(',') } : {}),
        };
        return toPullRequest(
          await this.send({ method: 'POST', path: `${this.projectPath}/merge_requests`, body }),
        );
      },
      update: async (number, change) => {
        const body: { title?: string; description?: string } = {};
        if (change.title !== undefined) body.title = change.title;
        if (change.body !== undefined) body.description = change.body;
        return toPullRequest(await this.edit(number, body));
      },
      addLabels: async (number, labels) => {
        await this.edit(number, { add_labels: labels.join(',') });
      },
      requestReviewers: (number, request) => this.requestReviewers(number, request),
    };
  }

  private async requestReviewers(number: number, request: ReviewerRequest): Promise<string[]> {
    const notes = request.teams.map(
      (t) => `reviewer @${t.org}/${t.slug} skipped: GitLab cannot request a group as a reviewer`,
    );
    const ids: number[] = [];
    for (const username of request.users) {
      const found = await this.send<Array<{ id: number; username: string }>>({
        method: 'GET',
        path: '/users',
        query: { username },
      });
      const user = found.find((u) => u.username.toLowerCase() === username.toLowerCase());
      if (user) ids.push(user.id);
      else notes.push(`reviewer @${username} skipped: no such GitLab user`);
    }
    if (ids.length > 0) {
      await this.edit(number, { reviewer_ids: ids });
    }
    return notes;
  }

  private mergeRequestPath(number: number): string {
    return `${this.projectPath}/merge_requests/${number}`;
  }

  private edit(number: number, body: Record<string, unknown>): Promise<GitLabMergeRequest> {
    return this.send({ method: 'PUT', path: this.mergeRequestPath(number), body });
  }

  private async send<T = GitLabMergeRequest>(request: HostRequest): Promise<T> {
    return (await this.host(request)).body as T;
  }

  private all<T>(request: HostRequest): Promise<T[]> {
    return allPages<T>(this.host, request, { sizeParam: 'per_page', size: PAGE, maxPages: MAX_PAGES });
  }
}
