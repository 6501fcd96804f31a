/**
 * Finds plain-text secrets in `values` and `parameters`: whatever is merged into Git is
 * readable by everyone who can read the repository, forever. False positives fail CI
 * jobs, so the key rule looks at the *head* word of a key (`adminPassword` is a
 * password, `passwordSecretRef` is a reference) and placeholders are left alone.
 * Findings never repeat the secret itself.
 */
import { PathSegment } from './paths';
import { INTENT_RULES } from './rules';

/** One suspected plain-text secret. */
export interface SecretFinding {
  readonly path: PathSegment[];
  readonly rule: typeof INTENT_RULES.plainTextSecretValue | typeof INTENT_RULES.plainTextSecretKey;
  /** What it looks like, for the message (`a GitHub token`, `the secret-named key 'password'`). */
  readonly what: string;
}

/** Credentials recognisable by their shape alone, wherever they appear. */
const SECRET_SHAPES: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'a PEM private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  { what: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { what: 'a GitHub token', pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}\b/ },
  { what: 'a GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}/ },
  { what: 'a GitLab token', pattern: /\bgl(?:pat|dt|rt|ptt|cbt|soat)-[A-Za-z0-9_-]{20,}/ },
  { what: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { what: 'a Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9]+\/B[A-Za-z0-9]+\/[A-Za-z0-9]+/ },
  { what: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { what: 'a Stripe secret key', pattern: /\b[sr]k_live_[0-9A-Za-z]{20,}\b/ },
  { what: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { what: 'a password inside a URL', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:(?![$]|\{\{)[^\s/@]+@/ },
];

/** Head words that name a secret on their own (`adminPassword`, `jwt_secret`, `API_TOKEN`). */
const SECRET_WORDS = new Set(['password', 'passwd', 'passphrase', 'secret', 'token', 'credential', 'credentials', 'apikey', 'privatekey', 'accesskey', 'secretkey', 'clientsecret', 'accesstoken', 'authtoken']);
/** `<word> key` compounds that are secrets (`apiKey`, `secretAccessKey`, `signing_key`). */
const SECRET_KEY_QUALIFIERS = new Set(['api', 'private', 'access', 'secret', 'signing', 'encryption', 'master']);
/** Words after the head that still mean the value itself (`passwordValue`, `token_b64`). */
const VALUE_SUFFIXES = new Set(['value', 'data', 'string', 'plain', 'plaintext', 'raw', 'b64', 'base64']);
/** Words anywhere that make the key a reference to a secret, not the secret (`existingSecret`). */
const REFERENCE_WORDS = new Set(['existing']);

/**
 * Any of {@link SECRET_SHAPES}, in one test: almost no string is a credential, so most
 * strings are cleared by one regular expression instead of eleven. Only a hit runs the
 * shapes one by one to name which it is. (No shape has flags, so the union of their
 * sources matches exactly when one of them does.)
 */
const ANY_SECRET_SHAPE = new RegExp(SECRET_SHAPES.map(({ pattern }) => `(?:${pattern.source})`).join('|'));

/** Every suspected plain-text secret below `value` (the values or parameters of one intent). */
export function findPlainTextSecrets(value: unknown, path: PathSegment[] = []): SecretFinding[] {
  const findings: SecretFinding[] = [];
  // One path, grown and shrunk as the walk goes; copied only into a finding.
  collectSecrets(value, [...path], findings);
  return findings;
}

function collectSecrets(value: unknown, path: PathSegment[], findings: SecretFinding[]): void {
  if (typeof value === 'string') {
    const what = describeSecretShape(value);
    if (what !== undefined) {
      findings.push({ path: [...path], rule: INTENT_RULES.plainTextSecretValue, what });
    }
    return;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      path.push(index);
      collectSecrets(value[index], path, findings);
      path.pop();
    }
    return;
  }
  if (value === null || typeof value !== 'object') {
    return;
  }
  const entry = value as Record<string, unknown>;
  const isEnvironmentSecret = findEnvironmentSecret(entry, path, findings);
  for (const key of Object.keys(entry)) {
    const item = entry[key];
    path.push(key);
    if (isSecretKeyName(key) && isLiteral(item)) {
      findings.push({ path: [...path], rule: INTENT_RULES.plainTextSecretKey, what: `the secret-named key '${key}' holds a literal` });
    } else if (!(isEnvironmentSecret && key === 'value')) {
      collectSecrets(item, path, findings);
    }
    path.pop();
  }
}

/** What a string looks like when it has a credential's shape (and is no placeholder). */
function describeSecretShape(value: string): string | undefined {
  if (!ANY_SECRET_SHAPE.test(value) || isPlaceholder(value)) {
    return undefined;
  }
  return SECRET_SHAPES.find(({ pattern }) => pattern.test(value))?.what;
}

/**
 * `env: [{name: DB_PASSWORD, value: hunter2}]`, the Kubernetes way to write a secret into
 * Git by accident. Adds the finding and says whether there was one.
 */
function findEnvironmentSecret(entry: Record<string, unknown>, path: PathSegment[], findings: SecretFinding[]): boolean {
  const { name, value } = entry;
  if (typeof name !== 'string' || !isSecretKeyName(name) || !isLiteral(value)) {
    return false;
  }
  findings.push({ path: [...path, 'value'], rule: INTENT_RULES.plainTextSecretKey, what: `the environment variable '${name}' holds a literal` });
  return true;
}

/**
 * True when a key names a secret: its head word (the last one, skipping `Value`-like
 * suffixes) is a secret word, and no word marks it as a reference.
 */
export function isSecretKeyName(key: string): boolean {
  let known = secretKeyNames.get(key);
  if (known === undefined) {
    known = isSecretKeyNameUncached(key);
    // Bounded: the same few keys repeat in every intent, but keys in values can be anything.
    if (secretKeyNames.size >= MAX_REMEMBERED_KEY_NAMES) {
      secretKeyNames.clear();
    }
    secretKeyNames.set(key, known);
  }
  return known;
}

/** Keys already classified by {@link isSecretKeyName} (a pure function of the key). */
const secretKeyNames = new Map<string, boolean>();
const MAX_REMEMBERED_KEY_NAMES = 10_000;

function isSecretKeyNameUncached(key: string): boolean {
  const words = splitWords(key);
  if (words.some((word) => REFERENCE_WORDS.has(word))) {
    return false;
  }
  let end = words.length;
  while (end > 1 && VALUE_SUFFIXES.has(words[end - 1])) {
    end -= 1;
  }
  const head = words[end - 1];
  if (head === undefined) {
    return false;
  }
  return SECRET_WORDS.has(head) || (head === 'key' && end > 1 && SECRET_KEY_QUALIFIERS.has(words[end - 2]));
}

/** `clientSecretValue` → client, secret, value; `DB_PASSWORD` → db, password; `apiKey` → api, key. */
export function splitWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

/** A non-empty string or a number: something that could be the secret itself. */
function isLiteral(value: unknown): boolean {
  return (typeof value === 'string' && value.trim() !== '' && !isPlaceholder(value)) || typeof value === 'number';
}

/**
 * `${DB_PASSWORD}` (Flux post-build substitution, envsubst) and `{{ ... }}` templates
 * are filled in from elsewhere at deploy time: they are how secrets stay out of Git.
 */
function isPlaceholder(value: string): boolean {
  return /^\s*(\$\{[^}]+\}|\{\{.*\}\})\s*$/s.test(value);
}
