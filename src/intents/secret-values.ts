/**
 * What a credential looks like by its value alone: known shapes (PEM private keys, token
 * prefixes, a password in a URL or a connection string), base64 of `user:password`, and
 * strings random enough to be a generated secret ({@link HIGH_ENTROPY}).
 */

/** Credentials recognisable by their shape alone, wherever they appear. */
export const SECRET_SHAPES: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'a PEM private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  { what: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { what: 'a GitHub token', pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}\b/ },
  { what: 'a GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}/ },
  { what: 'a GitLab token', pattern: /\bgl(?:pat|dt|rt|ptt|cbt|soat)-[A-Za-z0-9_-]{20,}/ },
  { what: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  {
    what: 'a Slack webhook URL',
    pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9]+\/B[A-Za-z0-9]+\/[A-Za-z0-9]+/,
  },
  { what: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { what: 'a Stripe secret key', pattern: /\b[sr]k_live_[0-9A-Za-z]{20,}\b/ },
  { what: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { what: 'a password inside a URL', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:(?![$]|\{\{)[^\s/@]+@/ },
  {
    what: 'a password in a connection string',
    pattern: /(?:^|;)\s*(?:password|pwd)\s*=\s*(?![$]|\{\{)[^;\s]+/i,
  },
];

/**
 * A quick filter before {@link SECRET_SHAPES}: almost no string is a credential, so most
 * strings are cleared by one regular expression instead of twelve. Case-insensitive (the
 * connection-string shape needs it), so it matches a little more; the shapes then decide.
 */
const ANY_SECRET_SHAPE = new RegExp(
  SECRET_SHAPES.map(({ pattern }) => `(?:${pattern.source})`).join('|'),
  'i',
);

/**
 * The high-entropy rule: a string of 32 to 512 characters without whitespace, not a URL,
 * whose Shannon entropy is at least 4.5 bits per character, reads as a generated secret.
 * Hex digests (at most 4 bits per character), words, names, paths and image references
 * stay below it; a random token of 32 base64 or alphanumeric characters is above it.
 */
export const HIGH_ENTROPY = { minLength: 32, maxLength: 512, minBitsPerChar: 4.5 } as const;

/** `${DB_PASSWORD}` (Flux post-build substitution, envsubst) and `{{ ... }}` templates are filled in at deploy time. */
export function isPlaceholder(value: string): boolean {
  return /^\s*(\$\{[^}]+\}|\{\{.*\}\})\s*$/s.test(value);
}

/** What a string looks like when it has a credential's shape (and is no placeholder). */
export function describeSecretShape(value: string): string | undefined {
  if (isPlaceholder(value)) {
    return undefined;
  }
  if (ANY_SECRET_SHAPE.test(value)) {
    const shape = SECRET_SHAPES.find(({ pattern }) => pattern.test(value));
    if (shape !== undefined) return shape.what;
  }
  if (isBase64UserPassword(value)) return 'base64 of a user:password pair';
  return isHighEntropy(value) ? 'a high-entropy string (a generated secret, by its randomness)' : undefined;
}

/** True when a value bears a credential: anything {@link describeSecretShape} finds, an HTTP `Basic`/`Bearer` credential, or a plain `user:password`. */
export function isCredentialLike(value: string): boolean {
  return (
    describeSecretShape(value) !== undefined ||
    /^\s*(?:basic|bearer|token)\s+\S{8,}\s*$/i.test(value) ||
    /^[^\s:/]+:[^\s/]+$/.test(value)
  );
}

/** `dXNlcjpwYXNz` (or `Basic dXNlcjpwYXNz`): base64 whose text is `user:password`, as HTTP basic auth carries it. */
export function isBase64UserPassword(value: string): boolean {
  const match = /^\s*(?:basic\s+)?([A-Za-z0-9+/]{8,}={0,2})\s*$/i.exec(value);
  if (match === null || match[1].length % 4 !== 0) {
    return false;
  }
  const text = Buffer.from(match[1], 'base64').toString('latin1');
  return /^[\x21-\x39\x3b-\x7e]+:[\x21-\x7e]+$/.test(text);
}

/** See {@link HIGH_ENTROPY}. */
export function isHighEntropy(value: string): boolean {
  if (
    value.length < HIGH_ENTROPY.minLength ||
    value.length > HIGH_ENTROPY.maxLength ||
    /\s/.test(value) ||
    /^[a-z][a-z0-9+.-]*:\/\//i.test(value)
  ) {
    return false;
  }
  return shannonBitsPerChar(value) >= HIGH_ENTROPY.minBitsPerChar;
}

/** The Shannon entropy of the characters of `value`, in bits per character. */
export function shannonBitsPerChar(value: string): number {
  // Every string value of every intent is judged: ASCII (nearly all) is counted in arrays
  // instead of a Map of one-character strings, adding up in the same order (the order of
  // first appearance) so that the sum is the same float to the last bit.
  return isAsciiText(value) ? asciiEntropy(value) : codePointEntropy(value);
}

const ASCII_COUNTS = new Uint32Array(128);
const ASCII_ORDER = new Uint8Array(128);

function isAsciiText(value: string): boolean {
  for (let at = 0; at < value.length; at += 1) if (value.charCodeAt(at) > 0x7f) return false;
  return true;
}

function asciiEntropy(value: string): number {
  let distinct = 0;
  for (let at = 0; at < value.length; at += 1) {
    const code = value.charCodeAt(at);
    if (ASCII_COUNTS[code] === 0) ASCII_ORDER[distinct++] = code;
    ASCII_COUNTS[code] += 1;
  }
  let bits = 0;
  for (let index = 0; index < distinct; index += 1) {
    const code = ASCII_ORDER[index];
    const p = ASCII_COUNTS[code] / value.length;
    bits -= p * Math.log2(p);
    ASCII_COUNTS[code] = 0;
  }
  return bits;
}

function codePointEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
