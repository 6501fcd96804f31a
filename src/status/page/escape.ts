/**
 * Escaping for the status page. Everything shown there that came from outside
 * (cluster ids, pull request titles and URLs, controller messages, commit
 * subjects) goes through these: the page must never run what a controller or a
 * branch name put in it.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in an element's content and in a double- or single-quoted attribute (pure). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** An http(s) URL, escaped for an `href`; undefined for any other scheme (`javascript:`, `data:`) or no URL (pure). */
export function safeHref(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? escapeHtml(url.href) : undefined;
}

/** At most `max` characters, ending with `…` when cut: a 39,000-character message must not swell the page (pure). */
export function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
