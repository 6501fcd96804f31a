/**
 * The one interface every Git host (GitHub, GitLab, Gitea/Forgejo) is driven through.
 * This layer only talks to the host's HTTP API: it never runs git. Pushing the
 * branch is the git layer's job; this layer opens or updates the pull request.
 */

/** The hosts gitops-synth can open pull requests on. */
export type ProviderName = 'github' | 'gitlab' | 'gitea';

/** Every valid {@link ProviderName}, in the order error messages list them. */
export const PROVIDER_NAMES: readonly ProviderName[] = ['github', 'gitlab', 'gitea'];

/** A pull request (a merge request on GitLab) as the host reports it. */
export interface PullRequest {
  /** The number users see (`#12`, GitLab's `!12` iid). */
  readonly number: number;
  /** The page a human opens to review it. */
  readonly url: string;
  /** The source (head) branch. */
  readonly branch: string;
  /** The target (base) branch. */
  readonly base: string;
  readonly title: string;
  /** The description; '' when the host has none. */
  readonly body: string;
  /** Label names, sorted. */
  readonly labels: readonly string[];
  readonly state: 'open' | 'closed' | 'merged';
  /**
   * For a merged pull request, the commit the merge put on the base branch (the merge
   * commit, the squashed commit or the last rebased commit), when the host reports it.
   */
  readonly mergeCommitSha?: string;
}

/** What {@link Platform.ensurePullRequest} should make true. */
export interface EnsurePullRequestInput {
  readonly branch: string;
  readonly base: string;
  readonly title: string;
  readonly body: string;
  /** Labels the pull request must carry; labels people added by hand are kept. */
  readonly labels: readonly string[];
  /** CODEOWNERS owners: `@user`, `@org/team` or an email address (skipped with a note). */
  readonly reviewers: readonly string[];
}

/** What {@link Platform.ensurePullRequest} did. */
export interface EnsurePullRequestResult {
  readonly pullRequest: PullRequest;
  readonly action: 'created' | 'updated' | 'unchanged';
  /** Things the caller should tell the user (skipped reviewers, ...). */
  readonly notes: readonly string[];
}

/** The state of one commit status, normalised across hosts. */
export type CommitStatusState = 'success' | 'failure' | 'pending' | 'error';

/** One status reported on a commit (by CI, Flux or Argo CD notifications). */
export interface CommitStatus {
  readonly context: string;
  readonly state: CommitStatusState;
  readonly description: string;
  readonly targetUrl: string;
  /** ISO 8601 timestamp, '' when the host did not say. */
  readonly createdAt: string;
}

/** What the credential may do on the repository, and how the base branch is protected (the preflight reads it). */
export interface RepositoryAccess {
  /** Who the host says is asking: `token` or `github-app`. */
  readonly credential: 'token' | 'github-app';
  /** Whether it may push branches; undefined when the host does not say. */
  readonly canPush?: boolean;
  /** Whether it may open and edit pull requests; undefined when the host does not say. */
  readonly canOpenPullRequests?: boolean;
  readonly baseExists: boolean;
  /** The base branch's protection or rules require signed commits. */
  readonly requiresSignatures: boolean;
  /** The base branch's protection or rules require a linear history. */
  readonly requiresLinearHistory: boolean;
}

/** One file of a commit made through the host's API: its new bytes, or null to delete it. */
export interface ApiFileChange {
  readonly path: string;
  readonly contents: Buffer | null;
}

/** A commit made through the host's API (`--sign api`), which the host signs. */
export interface ApiCommitRequest {
  /** The branch to point at the new commit. */
  readonly branch: string;
  /** The commit the new one builds on (the base branch's head the tree was computed on). */
  readonly parentSha: string;
  /** What `branch` must hold when it is moved, null when it must not exist: the lease. */
  readonly expectedSha: string | null;
  /** The whole commit message (subject, body, trailers). */
  readonly message: string;
  readonly changes: readonly ApiFileChange[];
}

/** A Git host's pull-request API, the same for every provider. */
export interface Platform {
  readonly name: ProviderName;
  /** The longest pull request description the host accepts, in characters. */
  readonly maxBodyLength: number;
  /** The open pull request whose head is `branch` in this same project, if any. */
  findPullRequest(branch: string): Promise<PullRequest | undefined>;
  /** The pull request with this number; throws when there is none. */
  getPullRequest(number: number): Promise<PullRequest>;
  /**
   * Idempotent: updates the open pull request for `input.branch` when its title,
   * body or labels differ (and writes nothing when nothing differs), else creates
   * one and requests reviewers. Never closes or deletes a pull request.
   */
  ensurePullRequest(input: EnsurePullRequestInput): Promise<EnsurePullRequestResult>;
  /** The statuses reported on a commit, newest first. */
  listCommitStatuses(sha: string): Promise<CommitStatus[]>;
  /**
   * What the credential may do and how `base` is protected, read without writing
   * anything. Hosts that cannot tell leave it out; the preflight then says so.
   */
  getRepositoryAccess?(base: string): Promise<RepositoryAccess>;
  /**
   * Makes the commit on the host, which signs it, and moves `branch` to it only if the
   * branch still holds `expectedSha`; returns the new commit's SHA. Hosts without such
   * an API (GitLab, Gitea) leave it out, and `--sign api` is refused for them.
   */
  createCommitOnBranch?(request: ApiCommitRequest): Promise<string>;
}
