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

/** True when `text` (a file's contents) carries the label every object gitops-synth writes has. */
export function isOwnedContent(text: string): boolean {
  return OWNED_LINE.test(text);
}

/**
 * True when a file at `path` could be gitops-synth's own: a `.yaml` file inside a
 * cluster's directory. Whether it is depends on its text ({@link isOwnedContent}).
 */
export function mayBeOwned(path: string): boolean {
  return path.endsWith('.yaml') && findClusterId(path) !== undefined;
}
