/**
 * The create-or-update logic every adapter shares, written once against the few
 * host operations it needs. It never closes or deletes a pull request: there is no
 * such operation in {@link PullRequestHost}.
 */
import { GitopsSynthError } from '../errors';
import { PlatformError } from './errors';
import { ReviewerRequest, parseOwners } from './owners';
import { EnsurePullRequestInput, EnsurePullRequestResult, PullRequest } from './types';

/** The host operations {@link ensurePullRequestOn} is built from. */
export interface PullRequestHost {
  find(branch: string): Promise<PullRequest | undefined>;
  /** Creates the pull request; hosts that can attach labels in the same call do. */
  create(input: EnsurePullRequestInput): Promise<PullRequest>;
  /** Changes title and/or body; returns the pull request as the host now reports it. */
  update(number: number, change: { title?: string; body?: string }): Promise<PullRequest>;
  /** Adds labels (creating missing ones where the host needs it); keeps the others. */
  addLabels(number: number, labels: readonly string[]): Promise<void>;
  /** Requests reviews; returns notes for reviewers that could not be requested. */
  requestReviewers(number: number, request: ReviewerRequest): Promise<string[]>;
}

/** What differs between an open pull request and what is wanted. */
export interface PullRequestChanges {
  readonly title?: string;
  readonly body?: string;
  readonly addLabels: readonly string[];
}

/** Line endings and trailing whitespace are not differences: hosts normalise them. */
function normaliseBody(body: string): string {
  return body.replace(/\r\n/g, '\n').trimEnd();
}

/** The changes that would make `existing` match `input` (pure). */
export function pullRequestChanges(existing: PullRequest, input: EnsurePullRequestInput): PullRequestChanges {
  const title = existing.title === input.title ? undefined : input.title;
  const body = normaliseBody(existing.body) === normaliseBody(input.body) ? undefined : input.body;
  const addLabels = [...new Set(input.labels)].filter((label) => !existing.labels.includes(label));
  return { title, body, addLabels };
}

/** True when {@link pullRequestChanges} found nothing to write. */
export function isUnchanged(changes: PullRequestChanges): boolean {
  return changes.title === undefined && changes.body === undefined && changes.addLabels.length === 0;
}

/** Throws when the body is longer than the host accepts: nothing is truncated silently. */
export function assertBodyFits(body: string, maxBodyLength: number, provider: string): void {
  if (body.length > maxBodyLength) {
    throw new GitopsSynthError(
      'PLATFORM_BODY_TOO_LONG',
      `the pull request body is ${body.length} characters; ${provider} accepts at most ${maxBodyLength}`,
      { source: 'internal', hint: 'shorten the body (summarise the diff) before calling ensurePullRequest' },
    );
  }
}

/** Runs ensure-pull-request against a host; see {@link Platform.ensurePullRequest}. */
export async function ensurePullRequestOn(
  host: PullRequestHost,
  input: EnsurePullRequestInput,
  limits: { maxBodyLength: number; provider: string },
): Promise<EnsurePullRequestResult> {
  assertBodyFits(input.body, limits.maxBodyLength, limits.provider);
  const existing = await host.find(input.branch);
  if (existing) {
    return updateExisting(host, existing, input);
  }
  let created: PullRequest;
  try {
    created = await host.create(input);
  } catch (error) {
    // Another run (or a retried request) opened it first: the host refused a second
    // pull request for the branch. Update that one instead of failing or duplicating.
    const raced = isConflict(error) ? await host.find(input.branch) : undefined;
    if (raced) {
      return updateExisting(host, raced, input);
    }
    throw error;
  }
  const missing = [...new Set(input.labels)].filter((label) => !created.labels.includes(label));
  if (missing.length > 0) {
    await host.addLabels(created.number, missing);
  }
  const request = parseOwners(input.reviewers);
  const notes = [...request.notes];
  if (request.users.length > 0 || request.teams.length > 0) {
    notes.push(...(await host.requestReviewers(created.number, request)));
  }
  const labels = [...new Set([...created.labels, ...missing])].sort();
  return { pullRequest: { ...created, labels }, action: 'created', notes };
}

async function updateExisting(
  host: PullRequestHost,
  existing: PullRequest,
  input: EnsurePullRequestInput,
): Promise<EnsurePullRequestResult> {
  const notes: string[] = [];
  if (existing.base !== input.base) {
    notes.push(
      `pull request #${existing.number} targets ${existing.base}, not ${input.base}; its base was left as it is`,
    );
  }
  const changes = pullRequestChanges(existing, input);
  if (isUnchanged(changes)) {
    return { pullRequest: existing, action: 'unchanged', notes };
  }
  let current = existing;
  if (changes.title !== undefined || changes.body !== undefined) {
    const change: { title?: string; body?: string } = {};
    if (changes.title !== undefined) change.title = changes.title;
    if (changes.body !== undefined) change.body = changes.body;
    current = await host.update(existing.number, change);
  }
  if (changes.addLabels.length > 0) {
    await host.addLabels(existing.number, changes.addLabels);
  }
  const labels = [...new Set([...current.labels, ...existing.labels, ...changes.addLabels])].sort();
  return { pullRequest: { ...current, labels }, action: 'updated', notes };
}

function isConflict(error: unknown): boolean {
  return error instanceof PlatformError && (error.status === 409 || error.status === 422);
}
