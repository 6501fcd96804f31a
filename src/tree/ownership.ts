/**
 * The ownership rule: a file is gitops-synth's own when it is a `.yaml` file inside a
 * cluster's directory whose text carries the managed-by label (every object gitops-synth
 * writes has it). Everything else in the repository is foreign and never touched.
 */
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../labels';
import { findClusterId } from './paths';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A line carrying the managed-by label, at any indentation, with the key and the value
 * each bare, single- or double-quoted, and optionally followed by a comment.
 */
const OWNED_LINE = new RegExp(
  `^[ \\t]*(["']?)${escapeRegExp(MANAGED_BY_LABEL)}\\1[ \\t]*:[ \\t]*(["']?)${escapeRegExp(MANAGED_BY_VALUE)}\\2[ \\t]*(#.*)?\\r?$`,
  'm',
);

/**
 * True when `text` (a file's contents) carries the label every object gitops-synth writes has.
 * Only the lines that contain the label's key are matched against the rule: a multiline
 * regular expression tried at every line start costs more than the rest of a tree read.
 */
export function isOwnedContent(text: string): boolean {
  for (let at = text.indexOf(MANAGED_BY_LABEL); at !== -1; at = text.indexOf(MANAGED_BY_LABEL, at + 1)) {
    // The same lines the `m` flag sees: they end at \n, \r, \u2028 or \u2029.
    let start = at;
    while (start > 0 && !isLineEnd(text.charCodeAt(start - 1))) start -= 1;
    let end = at;
    while (end < text.length && !isLineEnd(text.charCodeAt(end))) end += 1;
    // Keep one line end after the line, so `\r?$` reads it as the rule does in the whole text.
    if (OWNED_LINE.test(text.slice(start, Math.min(end + 1, text.length)))) return true;
  }
  return false;
}

function isLineEnd(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

/**
 * True when a file at `path` could be gitops-synth's own: a `.yaml` file inside a
 * cluster's directory. Whether it is depends on its text ({@link isOwnedContent}).
 */
export function mayBeOwned(path: string): boolean {
  return path.endsWith('.yaml') && findClusterId(path) !== undefined;
}
