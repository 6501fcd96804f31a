/**
 * What a rollback pull request says (pure): which change it reverts, the clusters it
 * touches, and the intents that are out of step with the tree once it is merged, so
 * the control plane can fix its own record. Until it does, the next publish proposes
 * the reverted change again.
 */
import { ChangeSet, clusterResourceChanges, OPERATION_KIND } from '../diff/model';
import { markdownCode, markdownField, markdownResource } from '../diff/markdown';
import { clusterLabel, GITOPS_LABEL } from '../messages/pull-request';

/** Marks rollback pull requests, so people and tools can tell them from publish's. */
export const ROLLBACK_MARKER = '<!-- gitops-synth rollback -->';
/** The label every rollback pull request carries. */
export const ROLLBACK_LABEL = 'rollback';
/** The prefix of rollback branches. */
export const ROLLBACK_BRANCH_PREFIX = 'gitops/rollback-';

/** What the reverted change was. */
export interface RevertedChange {
  readonly sha: string;
  readonly subject: string;
  /** The merged pull request, when the rollback was asked for by number. */
  readonly pullRequest?: number;
  /** The revert commit on the rollback branch. */
  readonly revertSha: string;
}

/** The branch a rollback of `sha` goes on: `gitops/rollback-<first 12 hex digits>`. */
export function rollbackBranch(sha: string): string {
  return `${ROLLBACK_BRANCH_PREFIX}${sha.slice(0, 12)}`;
}

/** `Roll back <sha>: <subject>`, cut to 250 characters. */
export function rollbackTitle(change: RevertedChange): string {
  const title = `Roll back ${change.sha.slice(0, 12)}: ${change.subject}`;
  return title.length <= 250 ? title : `${title.slice(0, 249)}…`;
}

/** `gitops`, `rollback` and one `cluster:<id>` label per touched cluster, sorted. */
export function rollbackLabels(changes: ChangeSet): string[] {
  return [
    ...new Set([
      GITOPS_LABEL,
      ROLLBACK_LABEL,
      ...changes.clusters.map((c) => clusterLabel(c.cluster)).filter((l) => l !== 'cluster:'),
    ]),
  ].sort();
}

/** The pull request body; cut (with a note) to `maxLength` characters. */
export function rollbackBody(change: RevertedChange, changes: ChangeSet, maxLength: number): string {
  const clusters = changes.clusters.map((c) => c.cluster).filter((c) => c !== '');
  const what =
    change.pullRequest === undefined
      ? `commit ${markdownCode(change.sha)}`
      : `pull request #${change.pullRequest} (commit ${markdownCode(change.sha)})`;
  const head = [
    ROLLBACK_MARKER,
    `Reverts ${what}, ${markdownCode(change.subject)}, with \`git revert\` (commit ${markdownCode(change.revertSha)}). The base branch is not rewritten: merging this pull request is the rollback.`,
    '',
    `**Clusters:** ${clusters.length === 0 ? '(none: the change touched no cluster path)' : clusters.map(markdownCode).join(', ')}`,
    '',
    '## Intents now out of step with the tree',
    '',
    "Once this is merged, the tree no longer holds what the control plane's intents say for the resources below. " +
      '**The control plane must update its intents to match** (or mark the change as rolled back); otherwise the next `gitops-synth publish` proposes the reverted change again.',
  ];
  const operationsBack = changes.clusters
    .flatMap((c) => c.added)
    .filter((r) => r.resource.kind === OPERATION_KIND);
  const warning =
    operationsBack.length === 0
      ? []
      : [
          '',
          `> **Note:** this brings back ${operationsBack.length} Operation file${operationsBack.length === 1 ? '' : 's'} (${operationsBack.map((r) => markdownCode(r.resource.name)).join(', ')}). ` +
            'An Operation the operator already deleted after it finished would be created, and so run, again.',
        ];
  const sections = changes.clusters.map((cluster) =>
    [
      '',
      `### ${markdownCode(cluster.cluster === '' ? '(outside clusters/)' : cluster.cluster)}`,
      '',
      ...clusterResourceChanges(cluster).flatMap((r) => [
        `- ${markdownResource(r)}`,
        ...r.fields.map((f) => `  - ${markdownField(f)}`),
      ]),
    ].join('\n'),
  );
  const body = `${[...head, ...warning, ...sections].join('\n')}\n`;
  if (body.length <= maxLength) return body;
  const cut = "\n\n… (cut to fit the host's limit; run `gitops-synth diff` for the whole list)\n";
  return `${body.slice(0, Math.max(0, maxLength - cut.length))}${cut}`;
}
