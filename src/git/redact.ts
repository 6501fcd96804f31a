/**
 * Redaction of secrets from text that leaves the git layer (error messages, git's
 * stderr). Pure, so it is cheap to apply to everything.
 */

/** What replaces a secret. */
export const REDACTED = '***';

/**
 * Secrets shorter than this are not redacted on their own: replacing every `a`
 * in a message would destroy it and protect nothing (no real token is that short).
 */
const MIN_SECRET_LENGTH = 4;

/**
 * The forms a secret may be shown in: as it is, URL-encoded (`encodeURIComponent` and
 * `encodeURI`), and base64 (standard and URL-safe, with or without padding) at each of
 * the three byte alignments it can have inside a longer value, so `user:secret` in an
 * `Authorization: Basic` header is covered whatever the user name. For an alignment, only
 * the characters that the secret's bytes alone decide are kept (at least 8 of them).
 */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), encodeURI(secret)]);
  const bytes = Buffer.from(secret, 'utf8');
  for (let shift = 0; shift < 3; shift += 1) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    const start = shift === 0 ? 0 : 4; // the first group also encodes the bytes before the secret
    const end =
      (shift + bytes.length) % 3 === 0 ? encoded.length : Math.floor((shift + bytes.length) / 3) * 4; // a partial last group depends on what follows
    const core = encoded.slice(start, end);
    if (core.length >= 8) {
      forms.add(core);
      forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...forms];
}

/**
 * Replaces every occurrence of each secret, and of the forms git or HTTP may show
 * it in ({@link secretForms}: URL-encoded, base64 alone or inside a `user:secret` pair),
 * with {@link REDACTED}. Also strips the user information
 * from any `http(s)://userinfo@host` URL and the password from any
 * `scheme://user:password@host` URL, known secret or not, because there such
 * parts are (or carry) a credential.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  const variants = secrets
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .flatMap(secretForms)
    // Longest first, so that a secret containing another is replaced whole.
    .sort((a, b) => b.length - a.length);
  for (const variant of new Set(variants)) {
    result = result.split(variant).join(REDACTED);
  }
  // Both patterns need `://`: output without one (`ls-files -s` of a whole fleet is
  // megabytes) is returned without running them, which costs a regular expression
  // attempt at every letter.
  if (!result.includes('://')) return result;
  return result
    .replace(/(https?:\/\/)[^\s/@]+@/gi, `$1${REDACTED}@`)
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^\s/@:]*):[^\s/@]*@/gi, `$1:${REDACTED}@`);
}
