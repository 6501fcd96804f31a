/**
 * The note an open pull request of a waiting wave carries at the top of its body,
 * saying why it waits. Marked with HTML comments so the next run replaces or
 * removes exactly this note and nothing a person wrote.
 */
import { WaitReason } from './plan';

const START = '<!-- gitops-synth rollout: waiting -->';
const END = '<!-- /gitops-synth rollout -->';

/** True when `body` carries a wait note. */
export function hasWaitNote(body: string): boolean {
  return body.includes(START);
}

/** `body` without its wait note (pure). */
export function withoutWaitNote(body: string): string {
  const start = body.indexOf(START);
  const end = body.indexOf(END);
  if (start === -1 || end === -1 || end < start) return body;
  return body.slice(0, start) + body.slice(end + END.length).replace(/^\n+/, '');
}

/** `body` with the note for `reason` on top, replacing any earlier note (pure). */
export function withWaitNote(body: string, wave: string, reason: WaitReason): string {
  const note = [
    START,
    `> [!WARNING]`,
    `> **Rollout: wave \`${wave}\` waits.** ${reason.message}.`,
    '> gitops-synth updates this pull request when the wave may go ahead; merging it before then skips the rollout order.',
    END,
    '',
    '',
  ].join('\n');
  return note + withoutWaitNote(body);
}
