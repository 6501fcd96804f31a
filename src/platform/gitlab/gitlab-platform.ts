/**
 * GitLab merge requests through @gitbeaker/rest, with our own transport (see
 * requester.ts). The project is addressed by its URL-encoded path
 * (`group%2Fsub%2Fname`), which gitbeaker encodes from `group/sub/name`.
 */
import { Commits, MergeRequests, Users } from '@gitbeaker/rest';
import { AdapterOptions } from '../adapter-options';
import { ensurePullRequestOn, PullRequestHost } from '../ensure';
import { createHostFetch } from '../http';
import { ReviewerRequest } from '../owners';
import {
  CommitStatus,
  CommitStatusState,
  EnsurePullRequestInput,
  EnsurePullRequestResult,
  Platform,
  PullRequest,
} from '../types';
import { createGitbeakerRequesterFn } from './requester';

/** GitLab's limit on a merge request description, in characters. */
export const GITLAB_MAX_BODY_LENGTH = 1_048_576;

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

/** The merge commit of a merged pull request, or nothing (pure). */
function mergeCommitOf(merged: boolean, sha: string | null | undefined): { mergeCommitSha?: string } {
  return merged && typeof sha === 'string' && /^[0-9a-f]{40,64}$/.test(sha) ? { mergeCommitSha: sha } : {};
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
  private readonly mergeRequests: InstanceType<typeof MergeRequests>;
  private readonly users: InstanceType<typeof Users>;
  private readonly commits: InstanceType<typeof Commits>;
  private readonly project: string;

  public constructor(options: AdapterOptions) {
    this.project = options.project;
    const fetch = createHostFetch({ fetch: options.fetch, clock: options.clock, policy: options.retry });
    const config = {
      host: options.apiUrl.replace(/\/+$/, ''),
      token: options.token,
      requesterFn: createGitbeakerRequesterFn(fetch, options.token) as never,
      // gitbeaker's client-side rate limiter is not needed: the host's answers are honoured instead.
      rateLimits: {},
    };
    this.mergeRequests = new MergeRequests(config);
    this.users = new Users(config);
    this.commits = new Commits(config);
  }

  public async findPullRequest(branch: string): Promise<PullRequest | undefined> {
    const mrs = (await this.mergeRequests.all({
      projectId: this.project,
      state: 'opened',
      sourceBranch: branch,
      perPage: 100,
      maxPages: 10,
    })) as unknown as GitLabMergeRequest[];
    // Same project only: a merge request from a fork's branch of the same name is someone else's.
    const match = mrs.find(
      (mr) =>
        mr.source_branch === branch && mr.state === 'opened' && mr.source_project_id === mr.target_project_id,
    );
    return match ? toPullRequest(match) : undefined;
  }

  public async getPullRequest(number: number): Promise<PullRequest> {
    return toPullRequest(
      (await this.mergeRequests.show(this.project, number)) as unknown as GitLabMergeRequest,
    );
  }

  public ensurePullRequest(input: EnsurePullRequestInput): Promise<EnsurePullRequestResult> {
    return ensurePullRequestOn(this.host(), input, { maxBodyLength: this.maxBodyLength, provider: 'GitLab' });
  }

  public async listCommitStatuses(sha: string): Promise<CommitStatus[]> {
    const statuses = (await this.commits.allStatuses(this.project, sha)) as unknown as Array<{
      name?: string;
      status?: string;
      description?: string | null;
      target_url?: string | null;
      created_at?: string;
    }>;
    return statuses.map((s) => ({
      context: s.name ?? '',
      state: toStatusState(s.status ?? ''),
      description: s.description ?? '',
      targetUrl: s.target_url ?? '',
      createdAt: s.created_at ?? '',
    }));
  }

  private host(): PullRequestHost {
    return {
      find: (branch) => this.findPullRequest(branch),
      create: async (input) => {
        // GitLab creates labels that do not exist yet, so they go in the create call.
        const mr = await this.mergeRequests.create(this.project, input.branch, input.base, input.title, {
          description: input.body,
          ...(input.labels.length > 0 ? { labels: input.labels.join(',') } : {}),
        });
        return toPullRequest(mr as unknown as GitLabMergeRequest);
      },
      update: async (number, change) => {
        const edit: { title?: string; description?: string } = {};
        if (change.title !== undefined) edit.title = change.title;
        if (change.body !== undefined) edit.description = change.body;
        return toPullRequest(
          (await this.mergeRequests.edit(this.project, number, edit)) as unknown as GitLabMergeRequest,
        );
      },
      addLabels: async (number, labels) => {
        await this.mergeRequests.edit(this.project, number, { addLabels: labels.join(',') });
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
      const found = (await this.users.all({ username })) as unknown as Array<{
        id: number;
        username: string;
      }>;
      const user = found.find((u) => u.username.toLowerCase() === username.toLowerCase());
      if (user) ids.push(user.id);
      else notes.push(`reviewer @${username} skipped: no such GitLab user`);
    }
    if (ids.length > 0) {
      await this.mergeRequests.edit(this.project, number, { reviewerIds: ids });
    }
    return notes;
  }
}
