import { GroupOutcome } from '../../publish/publish-group';
import { CliIo } from '../io';

/** Prints what publish did (or, in a dry run, exactly what it would do). */
export function printOutcomes(outcomes: readonly GroupOutcome[], io: CliIo, heldBack = false): void {
  if (outcomes.length === 0 && heldBack) {
    io.out('Nothing published this run: the selected clusters wait (see the rollout lines below).\n');
    return;
  }
  if (outcomes.length === 0) {
    io.out('Nothing to publish: no cluster is selected.\n');
    return;
  }
  for (const outcome of outcomes) {
    io.out(describe(outcome));
  }
  if (outcomes.every((o) => o.status === 'up-to-date' || o.status === 'unchanged')) {
    io.out('Nothing changed: no commit, no push, no pull request edited.\n');
  }
}

function describe(outcome: GroupOutcome): string {
  const branch = outcome.group.branch;
  switch (outcome.status) {
    case 'up-to-date':
      return `${branch}: the base branch already matches the intents${outcome.pullRequest ? `; pull request #${outcome.pullRequest.number} left as it is` : ''}\n`;
    case 'unchanged':
      return `${branch}: already holds this change (pull request #${outcome.pullRequest.number}, ${outcome.action}): ${outcome.pullRequest.url}\n${notes(outcome.notes)}`;
    case 'published':
      return `${branch}: pushed ${outcome.sha.slice(0, 12)}; pull request #${outcome.pullRequest.number} ${outcome.action}: ${outcome.pullRequest.url}\n${notes(outcome.notes)}`;
    case 'dry-run': {
      const files = [
        ...outcome.content.files.added.map((p) => `A ${p}`),
        ...outcome.content.files.changed.map((p) => `M ${p}`),
        ...outcome.content.files.removed.map((p) => `D ${p}`),
        ...(outcome.codeowners === undefined
          ? []
          : [`${outcome.codeowners.status} ${outcome.codeowners.path}`]),
      ];
      return [
        `=== ${branch} (dry run: nothing pushed, no API called) ===`,
        '--- commit message ---',
        outcome.content.commitMessage.trimEnd(),
        '--- file changes ---',
        ...files,
        '--- pull request title ---',
        outcome.content.title,
        `--- pull request labels: ${outcome.content.labels.join(', ')}; reviewers: ${outcome.content.reviewers.join(', ') || '(none)'} ---`,
        '--- pull request body ---',
        outcome.content.body.trimEnd(),
        '',
        '',
      ].join('\n');
    }
  }
}

function notes(lines: readonly string[]): string {
  return lines.map((line) => `  note: ${line}\n`).join('');
}
