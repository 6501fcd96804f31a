/**
 * GitHub (github.com and GitHub Enterprise Server) through @octokit/rest. Octokit's
 * requests go through {@link createHostFetch}, the transport and retry policy Gitea and
 * GitLab use through the JSON client; @octokit/rest 20 bundles no retry or throttling
 * plugin. Octokit stays (gitbeaker went) because it still earns its place here: its
 * endpoint methods are typed from GitHub's own OpenAPI description, so a wrong parameter
 * or response field fails the build, and GitHub App installation tokens
 * (@octokit/auth-app) plug into its request hooks. It must stay on version 20, the last
 * that loads under CommonJS.
 */
import { Octokit } from '@octokit/rest';
import { GitopsSynthError } from '../../errors';
import { AdapterOptions } from '../adapter-options';
import { ensurePullRequestOn, PullRequestHost } from '../ensure';
import { PlatformError, reasonOf, redact } from '../errors';
import { createHostFetch } from '../http';
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
  type ApiCommitRequest,
} from '../types';
import { readGitHubAccess } from './access';
import { createCommitThroughGraphql } from './api-commit';

/** GitHub's limit on a pull request body, in characters. */
export const GITHUB_MAX_BODY_LENGTH = 65536;

interface GitHubPull {
  number: number;
  html_url: string;
  state: string;
  merged_at?: string | null;
  merge_commit_sha?: string | null;
  title: string;
  body?: string | null;
  head: { ref: string; repo?: { full_name: string } | null };
  base: { ref: string };
  labels: Array<{ name?: string } | string>;
}

/** Maps GitHub's pull request JSON (full or simple) to a {@link PullRequest} (pure). */
export function toPullRequest(pull: GitHubPull): PullRequest {
  return {
    number: pull.number,
    url: pull.html_url,
    branch: pull.head.ref,
    base: pull.base.ref,
    title: pull.title,
    body: pull.body ?? '',
    labels: pull.labels
      .map((label) => (typeof label === 'string' ? label : (label.name ?? '')))
      .filter((n) => n !== '')
      .sort(),
    state: pull.merged_at ? 'merged' : pull.state === 'open' ? 'open' : 'closed',
    ...mergeCommitOf(Boolean(pull.merged_at), pull.merge_commit_sha),
  };
}

/** The GitHub adapter. */
export class GitHubPlatform implements Platform {
  public readonly name = 'github' as const;
  public readonly maxBodyLength = GITHUB_MAX_BODY_LENGTH;
  private readonly octokit: Octokit;
  private readonly owner: string;
  private readonly repo: string;
  private readonly token: string;
  private readonly tokenSource: AdapterOptions['tokenSource'];

  public constructor(options: AdapterOptions) {
    const parts = options.project.split('/');
    if (parts.length !== 2 || parts.some((p) => p === '')) {
      throw new GitopsSynthError('PROJECT_INVALID', `GitHub project "${options.project}" must be owner/name`);
    }
    [this.owner, this.repo] = parts;
    this.token = options.token;
    this.tokenSource = options.tokenSource;
    const silent = (): void => undefined;
    this.octokit = new Octokit({
      // With a token source, the hook below authenticates each request instead.
      auth: options.tokenSource === undefined ? options.token : undefined,
      baseUrl: options.apiUrl.replace(/\/+$/, ''),
      userAgent: 'gitops-synth',
      log: { debug: silent, info: silent, warn: silent, error: silent },
      request: {
        fetch: createHostFetch({ fetch: options.fetch, clock: options.clock, policy: options.retry }),
      },
    });
    const source = options.tokenSource;
    if (source !== undefined) {
      // A token close to expiry is replaced before the request that would have sent it.
      this.octokit.hook.before('request', async (request) => {
        request.headers.authorization = `token ${await source.token()}`;
      });
    }
  }

  public getRepositoryAccess(base: string): Promise<RepositoryAccess> {
    return this.call('GET', `/repos/${this.owner}/${this.repo} (access)`, () =>
      readGitHubAccess(this.octokit, this.owner, this.repo, base, this.tokenSource?.permissions()),
    );
  }

  /** `--sign api`: GitHub makes (and signs) the commit; see {@link createCommitThroughGraphql}. */
  public createCommitOnBranch(request: ApiCommitRequest): Promise<string> {
    return this.call('POST', `/graphql (createCommitOnBranch on ${request.branch})`, () =>
      createCommitThroughGraphql(this.octokit.graphql, `${this.owner}/${this.repo}`, request),
    );
  }

  public async findPullRequest(branch: string): Promise<PullRequest | undefined> {
    const pulls = await this.call('GET', `/repos/${this.owner}/${this.repo}/pulls`, () =>
      this.octokit.rest.pulls.list({
        owner: this.owner,
        repo: this.repo,
        state: 'open',
        head: `${this.owner}:${branch}`,
        per_page: 100,
      }),
    );
    const fullName = `${this.owner}/${this.repo}`.toLowerCase();
    // The head filter is only a hint to the server; check branch and repository ourselves
    // so that a fork's pull request from a branch of the same name is never taken.
    const match = pulls.data.find(
      (p) => p.head.ref === branch && p.head.repo?.full_name.toLowerCase() === fullName && p.state === 'open',
    );
    return match ? toPullRequest(match) : undefined;
  }

  public async getPullRequest(number: number): Promise<PullRequest> {
    const pull = await this.call('GET', `/repos/${this.owner}/${this.repo}/pulls/${number}`, () =>
      this.octokit.rest.pulls.get({ owner: this.owner, repo: this.repo, pull_number: number }),
    );
    return toPullRequest(pull.data);
  }

  public ensurePullRequest(input: EnsurePullRequestInput): Promise<EnsurePullRequestResult> {
    return ensurePullRequestOn(this.host(), input, { maxBodyLength: this.maxBodyLength, provider: 'GitHub' });
  }

  public async listCommitStatuses(sha: string): Promise<CommitStatus[]> {
    const statuses = await this.call('GET', `/repos/${this.owner}/${this.repo}/commits/${sha}/statuses`, () =>
      this.octokit.rest.repos.listCommitStatusesForRef({
        owner: this.owner,
        repo: this.repo,
        ref: sha,
        per_page: 100,
      }),
    );
    return statuses.data.map((s) => ({
      context: s.context,
      state: s.state as CommitStatusState,
      description: s.description ?? '',
      targetUrl: s.target_url ?? '',
      createdAt: s.created_at,
    }));
  }

  private host(): PullRequestHost {
    const { owner, repo } = this;
    const base = `/repos/${owner}/${repo}`;
    return {
      find: (branch) => this.findPullRequest(branch),
      create: async (input) => {
        const pull = await this.call('POST', `${base}/pulls`, () =>
          this.octokit.rest.pulls.create({
            owner,
            repo,
            head: input.branch,
            base: input.base,
            title: input.title,
            body: input.body,
          }),
        );
        return toPullRequest(pull.data);
      },
      update: async (number, change) => {
        const pull = await this.call('PATCH', `${base}/pulls/${number}`, () =>
          this.octokit.rest.pulls.update({ owner, repo, pull_number: number, ...change }),
        );
        return toPullRequest(pull.data);
      },
      addLabels: async (number, labels) => {
        // GitHub creates labels that do not exist yet when they are added to an issue.
        await this.call('POST', `${base}/issues/${number}/labels`, () =>
          this.octokit.rest.issues.addLabels({ owner, repo, issue_number: number, labels: [...labels] }),
        );
      },
      requestReviewers: (number, request) => this.requestReviewers(number, request),
    };
  }

  private async requestReviewers(number: number, request: ReviewerRequest): Promise<string[]> {
    const { teams, notes } = teamsOf(request, this.owner, 'GitHub');
    if (request.users.length === 0 && teams.length === 0) {
      return notes;
    }
    try {
      await this.call('POST', `/repos/${this.owner}/${this.repo}/pulls/${number}/requested_reviewers`, () =>
        this.octokit.rest.pulls.requestReviewers({
          owner: this.owner,
          repo: this.repo,
          pull_number: number,
          reviewers: [...request.users],
          team_reviewers: teams.map((t) => t.slug),
        }),
      );
    } catch (error) {
      // 422: a reviewer is the author or not a collaborator. The pull request is
      // open and correct; say so rather than fail the run.
      if (error instanceof PlatformError && error.status === 422) {
        notes.push(`reviewers not requested on #${number}: ${error.message}`);
        return notes;
      }
      throw error;
    }
    return notes;
  }

  /** Runs one Octokit call, turning whatever it throws into a token-free {@link PlatformError}. */
  private async call<T>(method: string, path: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const status =
        typeof (error as { status?: unknown }).status === 'number'
          ? (error as { status: number }).status
          : undefined;
      let reason = reasonOf(error, this.token);
      for (const token of this.tokenSource?.issued() ?? []) reason = redact(reason, token);
      throw new PlatformError({ method, path, status, reason });
    }
  }
}
