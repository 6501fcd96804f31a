/**
 * The rollout document `gitops-synth rollout --format json` prints (schema:
 * schemas/rollout-status.v1alpha1.json, docs/schemas.md), and its text form.
 */
import { STATUS_API_VERSION } from '../status/model';
import { formatSeconds } from '../status/derive';
import { PlannedWave, RolloutPlan } from './plan';

/** `kind` of the rollout document. */
export const ROLLOUT_STATUS_KIND = 'RolloutStatus';

/** The document: the plan, plus when and on which base it was made and what the next run does. */
export interface RolloutStatus extends RolloutPlan {
  readonly apiVersion: typeof STATUS_API_VERSION;
  readonly kind: typeof ROLLOUT_STATUS_KIND;
  readonly generatedAt: string;
  readonly base: { readonly branch: string; readonly sha: string };
  /** What the next publish run does, one sentence per wave that it touches or that waits. */
  readonly next: readonly string[];
}

/** The document for `plan` (pure). */
export function rolloutStatus(plan: RolloutPlan, base: RolloutStatus['base'], now: Date): RolloutStatus {
  return {
    apiVersion: STATUS_API_VERSION,
    kind: ROLLOUT_STATUS_KIND,
    generatedAt: now.toISOString(),
    base,
    ...plan,
    next: nextRun(plan),
  };
}

/** One sentence per wave on what the next run does with it (pure). */
export function nextRun(plan: RolloutPlan): string[] {
  const lines = plan.waves.flatMap((wave) => waveNext(wave));
  if (plan.ungated.length > 0) {
    lines.push(
      `publish ${plural(plan.ungated.length, 'cluster')} that no wave matches, as without a rollout`,
    );
  }
  return lines.length > 0 ? lines : ['nothing: every wave is done'];
}

function waveNext(wave: PlannedWave): string[] {
  const count = (action: string) => wave.clusters.filter((c) => c.action === action).length;
  const parts: string[] = [];
  if (count('open') > 0) parts.push(`open ${plural(count('open'), 'pull request')}`);
  if (count('update') > 0) parts.push(`keep ${plural(count('update'), 'open pull request')} current`);
  const waiting = wave.clusters.filter((c) => c.action === 'wait');
  if (waiting.length > 0)
    parts.push(`hold back ${plural(waiting.length, 'cluster')}: ${waiting[0].wait!.message}`);
  return parts.length === 0 ? [] : [`wave ${wave.name}: ${parts.join('; ')}`];
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The text `gitops-synth rollout` prints (pure). */
export function renderRolloutText(status: RolloutStatus): string {
  const lines = [
    `Rollout of ${status.target.trailer} ${status.target.value} on ${status.base.branch} (${status.base.sha.slice(0, 12)})`,
    `Failures: ${status.failures} of a budget of ${status.failureBudget}${status.halted ? ' (halted)' : ''}. ` +
      `Open pull requests: ${status.openPullRequests}${status.maxOpenPullRequests === null ? '' : ` of at most ${status.maxOpenPullRequests}`}.`,
  ];
  if (status.freeze !== null) {
    lines.push(
      `Freeze: "${status.freeze.reason}" until ${status.freeze.end}${status.freezeOverride === null ? '' : ` (overridden: ${status.freezeOverride})`}.`,
    );
  }
  for (const wave of status.waves) {
    const soak = wave.soakSeconds > 0 ? `, soak ${formatSeconds(wave.soakSeconds)}` : '';
    const max = wave.maxClusters === null ? '' : `, at most ${wave.maxClusters} in flight`;
    lines.push(
      '',
      `wave ${wave.name}: ${wave.status}${soak}${max}${wave.wait === null ? '' : ` — ${wave.wait.message}`}`,
    );
    const width = Math.max(0, ...wave.clusters.map((c) => c.id.length));
    for (const cluster of wave.clusters) {
      const pull = cluster.pullRequest === null ? '' : ` #${cluster.pullRequest}`;
      lines.push(`  ${cluster.id.padEnd(width)}  ${cluster.state.padEnd(14)} ${cluster.action}${pull}`);
    }
    if (wave.clusters.length === 0) lines.push('  (no cluster matches)');
  }
  if (status.ungated.length > 0) lines.push('', `not in any wave: ${status.ungated.join(', ')}`);
  lines.push('', 'Next run:', ...status.next.map((line) => `  ${line}`));
  return `${lines.join('\n')}\n`;
}

/** The JSON `gitops-synth rollout --format json` prints. */
export function renderRolloutJson(status: RolloutStatus): string {
  return `${JSON.stringify(status, null, 2)}\n`;
}
