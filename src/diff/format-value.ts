/**
 * Showing a field's value in one short piece of text (`28.0.3`, `"1"`, `{"host":"x"}`).
 * Strings are shown bare unless that would make them look like another type, so a
 * change from the string '1' to the number 1 reads `"1" → 1`, not `1 → 1`.
 */
import type { JsonValue } from '../intents/model';

/** How many characters a value may take in text and markdown before it is shortened. */
export const DEFAULT_VALUE_WIDTH = 60;

/** Shows a value compactly, shortened to `width` characters with a trailing `…`. */
export function formatValue(value: JsonValue | undefined, width = DEFAULT_VALUE_WIDTH): string {
  return shorten(formatFull(value), width);
}

/** Shortens text to at most `width` characters, marking the cut with `…`. */
export function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

function formatFull(value: JsonValue | undefined): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return needsQuotes(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/** True when a bare string would be misread: empty, padded, multi-line, or looking like a number, boolean or null. */
function needsQuotes(text: string): boolean {
  if (text === '' || text.trim() !== text || /[\u0000-\u001f"]/.test(text)) return true;
  if (/^(true|false|null|~|yes|no|on|off)$/i.test(text)) return true;
  if (/^[-+]?(\d[\d_]*)?(\.\d+)?([eE][-+]?\d+)?$/.test(text) && /\d/.test(text)) return true;
  return /^[[{]/.test(text);
}
