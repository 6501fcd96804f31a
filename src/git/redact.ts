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
 * Replaces every occurrence of each secret, and of the forms git or HTTP may show
 * it in (URL-encoded, Base64 `user:secret` pairs are covered by the caller passing
 * them as secrets), with {@link REDACTED}. Also strips the user information
 * from any `http(s)://userinfo@host` URL and the password from any
 * `scheme://user:password@host` URL, known secret or not, because there such
 * parts are (or carry) a credential.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  const variants = secrets
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .flatMap((secret) => [secret, encodeURIComponent(secret)])
    // Longest first, so that a secret containing another is replaced whole.
    .sort((a, b) => b.length - a.length);
  for (const variant of new Set(variants)) {
    result = result.split(variant).join(REDACTED);
  }
  return result
    .replace(/(https?:\/\/)[^\s/@]+@/gi, `$1${REDACTED}@`)
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^\s/@:]*):[^\s/@]*@/gi, `$1:${REDACTED}@`);
}
