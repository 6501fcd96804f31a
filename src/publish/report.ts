/**
 * The document `gitops-synth publish --format json` prints (schema:
 * schemas/publish-report.v1alpha1.json, docs/schemas.md): each pull request the run
 * opened, updated or left alone, what it deferred to the next run, the rollout's gate
 * per wave, and the revert pull requests of `--auto-rollback`. Pure: the command
 * prints it after the run, and nothing else goes to standard output.
 */
import type { PullRequest } from '../platform/types';
import type { RollbackOutcome } from '../rollback/rollback';
import { nextRun } from '../rollout/report';
import type { RolloutPlan } from '../rollout/plan';
import { STATUS_API_VERSION } from '../status/model';
import type { PublishResult } from './publish';
import type { GroupOutcome } from './publish-group';

/** `kind` of the publish document. */
export const PUBLISH_REPORT_KIND = 'PublishReport';

/** A pull request as the report names it, with what this run did to it. */
export interface ReportedPullRequest {
  readonly number: number;
  readonly url: string;
  readonly action: 'created' | 'updated' | 'unchanged';
}

/** One group (one branch, one pull request) of the run. */
export interface ReportedGroup {
  readonly branch: string;
  readonly clusters: readonly string[];
  readonly status: GroupOutcome['status'];
  /** The commit the branch holds; null when nothing was committed (up to date, dry run). */
  readonly commit: string | null;
  readonly pullRequest: ReportedPullRequest | null;
  readonly notes: readonly string[];
  /** The pull request's title; null when the base already matches. */
  readonly title: string | null;
  /** The files the commit adds, changes and removes; null when the base already matches. */
  readonly files: { readonly added: string[]; readonly changed: string[]; readonly removed: string[] } | null;
}

/** The rollout part: the plan the run followed, what the next run does, and the pull requests told why they wait. */
export interface ReportedRollout extends RolloutPlan {
  readonly next: readonly string[];
  readonly noted: readonly number[];
}

/** The whole document. */
export interface PublishReport {
  readonly apiVersion: typeof STATUS_API_VERSION;
  readonly kind: typeof PUBLISH_REPORT_KIND;
  readonly generatedAt: string;
  readonly base: { readonly branch: string };
  readonly dryRun: boolean;
  readonly groups: readonly ReportedGroup[];
  readonly deferred: { readonly reason: string; readonly branches: readonly string[] } | null;
  readonly rollout: ReportedRollout | null;
  readonly rollbacks: ReadonlyArray<{
    readonly branch: string;
    readonly reverted: string;
    readonly commit: string;
    readonly pullRequest: ReportedPullRequest;
  }>;
}

/** The document for a finished run (pure). */
export function publishReport(
  result: PublishResult,
  run: {
    readonly base: string;
    readonly dryRun: boolean;
    readonly now: Date;
    readonly rollbacks?: readonly RollbackOutcome[];
  },
): PublishReport {
  return {
    apiVersion: STATUS_API_VERSION,
    kind: PUBLISH_REPORT_KIND,
    generatedAt: run.now.toISOString(),
    base: { branch: run.base },
    dryRun: run.dryRun,
    groups: result.outcomes.map(reportGroup),
    deferred:
      result.deferred === undefined
        ? null
        : { reason: result.deferred.reason, branches: result.deferred.groups.map((g) => g.branch) },
    rollout:
      result.rollout === undefined
        ? null
        : { ...result.rollout, next: nextRun(result.rollout), noted: [...result.noted] },
    rollbacks: (run.rollbacks ?? []).map((rolled) => ({
      branch: rolled.branch,
      reverted: rolled.reverted,
      commit: rolled.sha,
      pullRequest: pull(rolled.pullRequest, rolled.action),
    })),
  };
}

/** The JSON `publish --format json` prints. */
export function renderPublishJson(report: PublishReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function reportGroup(outcome: GroupOutcome): ReportedGroup {
  const common = {
    branch: outcome.group.branch,
    clusters: [...outcome.group.clusters],
    status: outcome.status,
  };
  switch (outcome.status) {
    case 'up-to-date':
      return {
        ...common,
        commit: null,
        // Left as it is: the base already holds what it proposed.
        pullRequest: outcome.pullRequest === undefined ? null : pull(outcome.pullRequest, 'unchanged'),
        notes: [],
        title: null,
        files: null,
      };
    case 'dry-run':
      return {
        ...common,
        commit: null,
        pullRequest: null,
        notes: [],
        title: outcome.content.title,
        files: files(outcome.content.files),
      };
    default:
      return {
        ...common,
        commit: outcome.sha,
        pullRequest: pull(outcome.pullRequest, outcome.action),
        notes: [...outcome.notes],
        title: outcome.content.title,
        files: files(outcome.content.files),
      };
  }
}

function pull(pullRequest: PullRequest, action: ReportedPullRequest['action']): ReportedPullRequest {
  return { number: pullRequest.number, url: pullRequest.url, action };
}

function files(comparison: {
  added: readonly string[];
  changed: readonly string[];
  removed: readonly string[];
}) {
  return { added: [...comparison.added], changed: [...comparison.changed], removed: [...comparison.removed] };
}
