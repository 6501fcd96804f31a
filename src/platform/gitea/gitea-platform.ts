/**
 * Gitea and Forgejo through their REST API (`/api/v1`), with fetch. Labels are
 * attached by id on these hosts, so missing labels are created first.
 */
import { GitopsSynthError } from '../../errors';
import { AdapterOptions } from '../adapter-options';
import { ensurePullRequestOn, PullRequestHost } from '../ensure';
import { PlatformError } from '../errors';
import { allPages, createJsonHost, HostRequest, JsonHost } from '../json-client';
import { mergeCommitOf } from '../merge-commit';
import { ReviewerRequest, teamsOf } from '../owners';
import {
  CommitStatus,
  CommitStatusState,
  EnsurePullRequestInput,
  EnsurePullRequestResult,
  Platform,
  PullRequest,
  RepositoryAccess,
} from '../types';
import { readGiteaAccess } from './access';

/**
 * Gitea stores the body in a TEXT column and documents no API limit; 65536 keeps
 * pull requests portable between hosts and readable.
 */
export const GITEA_MAX_BODY_LENGTH = 65536;

/** Page size for list calls (Gitea's default maximum is 50). */
const PAGE = 50;
/** Never page further than this: 1000 open pull requests is beyond any fleet repository. */
const MAX_PAGES = 20;
/** The colour given to labels gitops-synth creates. */
const LABEL_COLOR = '#ededed';

interface GiteaPull {
  number: number;
  html_url: string;
  state: string;
  merged?: boolean;
  merge_commit_sha?: string | null;
  title: string;
  body?: string | null;
  head: { ref: string; repo?: { full_name?: string } | null };
  base: { ref: string };
  labels?: Array<{ name?: string }> | null;
}

interface GiteaLabel {
  id: number;
  name: string;
}

/** Maps Gitea's pull request JSON to a {@link PullRequest} (pure). */
export function toPullRequest(pull: GiteaPull): PullRequest {
  return {
    number: pull.number,
    url: pull.html_url,
    branch: pull.head.ref,
    base: pull.base.ref,
    title: pull.title,
    body: pull.body ?? '',
    labels: (pull.labels ?? [])
      .map((l) => l.name ?? '')
      .filter((n) => n !== '')
      .sort(),
    state: pull.merged ? 'merged' : pull.state === 'open' ? 'open' : 'closed',
    ...mergeCommitOf(pull.merged === true, pull.merge_commit_sha),
  };
}

/** Gitea's `warning` has no equivalent; it is not a pass, so it counts as a failure. */
export function toStatusState(state: string): CommitStatusState {
  return state === 'success' || state === 'pending' || state === 'error' ? state : 'failure';
}

/** The Gitea/Forgejo adapter. */
export class GiteaPlatform implements Platform {
  public readonly name = 'gitea' as const;
  public readonly maxBodyLength = GITEA_MAX_BODY_LENGTH;
  private readonly api: JsonHost;
  /** `/repos/<owner>/<name>`. */
  private readonly base: string;
  private readonly owner: string;

  public constructor(private readonly options: AdapterOptions) {
    const parts = options.project.split('/');
    if (parts.length !== 2 || parts.some((p) => p === '')) {
      throw new GitopsSynthError('PROJECT_INVALID', `Gitea project "${options.project}" must be owner/name`);
    }
    this.owner = parts[0];
    this.base = `/repos/${parts.map(encodeURIComponent).join('/')}`;
    this.api = createJsonHost(options, { authorization: `token ${options.token}` });
  }

  public getRepositoryAccess(base: string): Promise<RepositoryAccess> {
    return readGiteaAccess((request) => this.send(request), this.base, base);
  }

  public async findPullRequest(branch: string): Promise<PullRequest | undefined> {
    const fullName = this.options.project.toLowerCase();
    for (let page = 1; page <= MAX_PAGES; page++) {
      const pulls = (await this.send({
        method: 'GET',
        path: `${this.base}/pulls`,
        query: { state: 'open', page, limit: PAGE },
      })) as GiteaPull[];
      // Only a pull request from this same repository counts: a fork's branch of the same name is someone else's.
      const match = pulls.find(
        (p) =>
          p.head.ref === branch && p.head.repo?.full_name?.toLowerCase() === fullName && p.state === 'open',
      );
      if (match) return toPullRequest(match);
      if (pulls.length < PAGE) return undefined;
    }
    return undefined;
  }

  public async getPullRequest(number: number): Promise<PullRequest> {
    return toPullRequest(
      (await this.send({ method: 'GET', path: `${this.base}/pulls/${number}` })) as GiteaPull,
    );
  }

  public ensurePullRequest(input: EnsurePullRequestInput): Promise<EnsurePullRequestResult> {
    return ensurePullRequestOn(this.host(), input, { maxBodyLength: this.maxBodyLength, provider: 'Gitea' });
  }

  public async listCommitStatuses(sha: string): Promise<CommitStatus[]> {
    const statuses = (await this.send({
      method: 'GET',
      path: `${this.base}/commits/${encodeURIComponent(sha)}/statuses`,
      query: { limit: PAGE },
    })) as Array<{
      context?: string;
      status?: string;
      description?: string;
      target_url?: string;
      created_at?: string;
    }>;
    return statuses.map((s) => ({
      context: s.context ?? '',
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
        const labels = await this.labelIds(input.labels);
        const body = { head: input.branch, base: input.base, title: input.title, body: input.body, labels };
        return toPullRequest(
          (await this.send({ method: 'POST', path: `${this.base}/pulls`, body })) as GiteaPull,
        );
      },
      update: async (number, change) =>
        toPullRequest(
          (await this.send({
            method: 'PATCH',
            path: `${this.base}/pulls/${number}`,
            body: change,
          })) as GiteaPull,
        ),
      addLabels: async (number, labels) => {
        const ids = await this.labelIds(labels);
        await this.send({
          method: 'POST',
          path: `${this.base}/issues/${number}/labels`,
          body: { labels: ids },
        });
      },
      requestReviewers: (number, request) => this.requestReviewers(number, request),
    };
  }

  /** The ids of the named labels, creating the ones the repository does not have yet. */
  private async labelIds(names: readonly string[]): Promise<number[]> {
    if (names.length === 0) return [];
    const existing = await allPages<GiteaLabel>(
      this.api,
      { method: 'GET', path: `${this.base}/labels` },
      { sizeParam: 'limit', size: PAGE, maxPages: MAX_PAGES },
    );
    const ids: number[] = [];
    for (const name of new Set(names)) {
      const found = existing.find((label) => label.name === name);
      if (found) {
        ids.push(found.id);
      } else {
        const created = (await this.send({
          method: 'POST',
          path: `${this.base}/labels`,
          body: { name, color: LABEL_COLOR },
        })) as GiteaLabel;
        ids.push(created.id);
      }
    }
    return ids;
  }

  private async requestReviewers(number: number, request: ReviewerRequest): Promise<string[]> {
    const { teams, notes } = teamsOf(request, this.owner, 'Gitea');
    if (request.users.length === 0 && teams.length === 0) return notes;
    const body = { reviewers: [...request.users], team_reviewers: teams.map((t) => t.slug) };
    try {
      await this.send({ method: 'POST', path: `${this.base}/pulls/${number}/requested_reviewers`, body });
    } catch (error) {
      if (error instanceof PlatformError && (error.status === 422 || error.status === 404)) {
        notes.push(`reviewers not requested on #${number}: ${error.message}`);
        return notes;
      }
      throw error;
    }
    return notes;
  }

  private async send(request: HostRequest): Promise<unknown> {
    return (await this.api(request)).body;
  }
}
