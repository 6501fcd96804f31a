/**
 * What the loopback forge remembers: one project's pull requests, labels, review
 * requests, commit statuses and users, in the provider-neutral shape the handlers
 * translate to and from each host's JSON.
 */

/** A pull request as the forge stores it. */
export interface ForgePull {
  number: number;
  branch: string;
  base: string;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed' | 'merged';
  reviewers: string[];
  teamReviewers: string[];
  /** The project the head branch lives in (a fork's pull request has another). */
  headProject: string;
  /** For a merged pull request: the commit the merge put on the base branch. */
  mergeCommitSha?: string;
}

/** A commit status as the forge stores it. */
export interface ForgeStatus {
  /** Set for statuses created through the API; seeded ones are numbered by position. */
  id?: number;
  context: string;
  state: string;
  description: string;
  targetUrl: string;
  createdAt: string;
}

/** The forge's memory; tests read and seed it directly. */
export interface ForgeState {
  readonly project: string;
  pulls: ForgePull[];
  labels: Array<{ id: number; name: string; color: string }>;
  /** Per commit, newest first: the order the hosts list them in (see {@link addStatus}). */
  statuses: Record<string, ForgeStatus[]>;
  users: Array<{ id: number; username: string }>;
  /** Pull requests closed through the API: tests assert this stays 0. */
  closedThroughApi: number;
  /** Commits created through GitHub's GraphQL createCommitOnBranch (`--sign api`), oldest first. */
  apiCommits: string[];
}

/** A fresh state for `project`. */
export function emptyState(project: string): ForgeState {
  return {
    project,
    pulls: [],
    labels: [],
    statuses: {},
    users: [
      { id: 11, username: 'alice' },
      { id: 12, username: 'bob' },
    ],
    closedThroughApi: 0,
    apiCommits: [],
  };
}

/** Adds a pull request directly (as if a human opened it) and returns it. */
export function seedPull(state: ForgeState, pull: Partial<ForgePull> & { branch: string }): ForgePull {
  const created: ForgePull = {
    number: state.pulls.length + 1,
    base: 'main',
    title: 'seeded',
    body: '',
    labels: [],
    state: 'open',
    reviewers: [],
    teamReviewers: [],
    headProject: state.project,
    ...pull,
  };
  state.pulls.push(created);
  return created;
}

/** The label with `name`, created (with the next id) when missing. */
export function labelNamed(state: ForgeState, name: string): { id: number; name: string; color: string } {
  let label = state.labels.find((l) => l.name === name);
  if (!label) {
    label = { id: 100 + state.labels.length, name, color: 'ededed' };
    state.labels.push(label);
  }
  return label;
}

/**
 * Records a status created through the API on `sha` and returns it with its id.
 * It goes in front: the list handlers answer in stored order, and tests that seed
 * `statuses` directly write them newest first too.
 */
export function addStatus(state: ForgeState, sha: string, status: Omit<ForgeStatus, 'id'>): ForgeStatus {
  const id = Object.values(state.statuses).reduce((n, list) => n + list.length, 0) + 1;
  const created: ForgeStatus = { id, ...status };
  state.statuses[sha] = [created, ...(state.statuses[sha] ?? [])];
  return created;
}
