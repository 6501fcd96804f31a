/**
 * Finds plain-text secrets in `values` and `parameters`: whatever is merged into Git is
 * readable by everyone who can read the repository, forever.
 *
 * Keys are judged by meaning, not by a list of exact names: a key is split into words
 * (case, separators, digits), version and `Value`-like suffixes are dropped, and its
 * ending is matched against families (`pass*`, `pwd`, `*secret`, `*token`, `api key`,
 * `private key`, ...), so `db_pass`, `dbPass`, `pass word` and `apikey2` are secrets while
 * `passwordSecretRef` (a reference) and `tokenTtl` are not. `auth*` and connection-string
 * keys count when their value looks like a credential. Values are judged by shape
 * ({@link describeSecretShape}). Placeholders are left alone, and an explicit allow-list
 * (`allowPlainText` in the intents) clears false positives. Findings never repeat the value.
 *
 * The walk is iterative: no depth of nesting can overflow the stack.
 */
import { PathSegment } from './paths';
import { INTENT_RULES } from './rules';
import { describeSecretShape, isCredentialLike, isPlaceholder } from './secret-values';

/** One suspected plain-text secret. */
export interface SecretFinding {
  readonly path: PathSegment[];
  readonly rule: typeof INTENT_RULES.plainTextSecretValue | typeof INTENT_RULES.plainTextSecretKey;
  /** What it looks like, for the message (`a GitHub token`, `the secret-named key 'password'`). */
  readonly what: string;
}

/**
 * Key endings that name a secret, matched against the key's words joined (so `pass word`
 * and `dbpass` end in `pass`, `api_key2` in `apikey`).
 */
const SECRET_ENDING =
  /(?:pass|passwd|password|passphrase|pwd|secret|token|credentials?|apikey|privatekey|accesskey|secretkey|signingkey|encryptionkey|masterkey|authtoken)$/;
/** Endings of ordinary words that end like a secret family (`bypass`, `compass`). */
const NOT_SECRET_ENDING = /(?:bypass|compass|encompass|overpass|underpass|surpass|trespass)$/;
/** Words after the head that still mean the value itself (`passwordValue`, `token_b64`, `apiKeyV2`). */
const VALUE_SUFFIXES = new Set([
  'value',
  'data',
  'string',
  'plain',
  'plaintext',
  'raw',
  'b64',
  'base64',
  'current',
  'new',
  'old',
]);
/** Words anywhere that make the key a reference to a secret, not the secret (`existingSecret`). */
const REFERENCE_WORDS = new Set(['existing']);
/** Keys (joined) whose values are credentials when they look like one: `auth*`, connection strings. */
const CREDENTIAL_CONTEXT = /^(?:auth|.*connection(?:str|url|uri)?$|.*connstr(?:ing)?$|.*dsn$)/;

/** A node of the walk: its value, its key or index, and its parent (the path is built only for a finding). */
interface Node {
  readonly value: unknown;
  readonly segment?: PathSegment;
  readonly parent?: Node;
}

/**
 * Every suspected plain-text secret below `value` (the values or parameters of one
 * intent), except at the paths `allowed` lists (in the `targetPath` form: `auth.token`,
 * `env[0].value`): those, and everything below them, are plain text on purpose.
 */
export function findPlainTextSecrets(
  value: unknown,
  allowed: ReadonlySet<string> = new Set(),
): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const stack: Node[] = [{ value }];
  const isAllowed = (node: Node): boolean => allowed.has(targetPathOf(pathOf(node)));
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const found = visit(node, findings);
    const children = allowed.size === 0 ? found : found.filter((child) => !isAllowed(child));
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index]);
  }
  return findings.filter((finding) => !allowed.has(targetPathOf(finding.path)));
}

/** Judges one node; returns the children still to walk. */
function visit(node: Node, findings: SecretFinding[]): Node[] {
  const { value } = node;
  if (typeof value === 'string') {
    const what = describeSecretShape(value);
    if (what !== undefined)
      findings.push({ path: pathOf(node), rule: INTENT_RULES.plainTextSecretValue, what });
    return [];
  }
  if (Array.isArray(value)) {
    return (value as unknown[]).map((item, index) => ({ value: item, segment: index, parent: node }));
  }
  if (value === null || typeof value !== 'object') {
    return [];
  }
  const entry = value as Record<string, unknown>;
  const children: Node[] = [];
  const environmentSecret = findEnvironmentSecret(node, entry, findings);
  // `auth: {...}`: every string below it is judged as a credential.
  const underAuth = typeof node.segment === 'string' && isAuthKey(node.segment);
  for (const key of Object.keys(entry)) {
    const item = entry[key];
    const child: Node = { value: item, segment: key, parent: node };
    if (isSecretKeyName(key) && isLiteral(item)) {
      findings.push({
        path: pathOf(child),
        rule: INTENT_RULES.plainTextSecretKey,
        what: `the secret-named key '${key}' holds a literal`,
      });
    } else if (
      typeof item === 'string' &&
      (underAuth || isCredentialContextKey(key)) &&
      isCredentialLike(item)
    ) {
      findings.push({
        path: pathOf(child),
        rule: INTENT_RULES.plainTextSecretKey,
        what: `the key '${key}' holds a credential`,
      });
    } else if (!(environmentSecret && key === 'value')) {
      children.push(child);
    }
  }
  return children;
}

function pathOf(node: Node): PathSegment[] {
  const path: PathSegment[] = [];
  for (let at: Node | undefined = node; at?.segment !== undefined; at = at.parent) path.push(at.segment);
  return path.reverse();
}

/** The Helm values path (`auth.password`, `env[0].value`) that valuesFrom's targetPath and `allowPlainText` take. */
export function targetPathOf(path: readonly PathSegment[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : `${index === 0 ? '' : '.'}${segment.replace(/\./g, '\\.')}`,
    )
    .join('');
}

/**
 * `env: [{name: DB_PASSWORD, value: hunter2}]`, the Kubernetes way to write a secret into
 * Git by accident. Adds the finding and says whether there was one.
 */
function findEnvironmentSecret(
  node: Node,
  entry: Record<string, unknown>,
  findings: SecretFinding[],
): boolean {
  const { name, value } = entry;
  if (typeof name !== 'string' || !isSecretKeyName(name) || !isLiteral(value)) {
    return false;
  }
  findings.push({
    path: [...pathOf(node), 'value'],
    rule: INTENT_RULES.plainTextSecretKey,
    what: `the environment variable '${name}' holds a literal`,
  });
  return true;
}

/** `authorization`, `connectionString`, `dsn`: a key whose string value is a credential when it looks like one. */
function isCredentialContextKey(key: string): boolean {
  return remembered(credentialContextKeys, key, () => CREDENTIAL_CONTEXT.test(keyWords(key).join('')));
}

/** `auth`, `authentication`: a key whose strings below are credentials when they look like one. */
function isAuthKey(key: string): boolean {
  return remembered(authKeys, key, () => /^auth/.test(keyWords(key).join('')));
}

const credentialContextKeys = new Map<string, boolean>();
const authKeys = new Map<string, boolean>();

/**
 * What `judge` says of `key`, remembered in `known`: every key of every intent's values is
 * asked about, and the same few dozen keys repeat across a fleet (splitting one into words
 * costs four regular expressions). Bounded, since keys in values can be anything; the
 * judges are pure functions of the key, so remembering never changes a result.
 */
function remembered(known: Map<string, boolean>, key: string, judge: () => boolean): boolean {
  let answer = known.get(key);
  if (answer === undefined) {
    answer = judge();
    if (known.size >= MAX_REMEMBERED_KEY_NAMES) known.clear();
    known.set(key, answer);
  }
  return answer;
}

/**
 * True when a key names a secret: its words, without version and `Value`-like suffixes,
 * end in a secret family, and no word marks it as a reference. Cached: the same few keys
 * repeat in every intent.
 */
export function isSecretKeyName(key: string): boolean {
  return remembered(secretKeyNames, key, () => isSecretKeyNameUncached(key));
}

/** Keys already classified by {@link isSecretKeyName} (a pure function of the key). */
const secretKeyNames = new Map<string, boolean>();
const MAX_REMEMBERED_KEY_NAMES = 10_000;

function isSecretKeyNameUncached(key: string): boolean {
  const words = keyWords(key);
  if (words.some((word) => REFERENCE_WORDS.has(word))) {
    return false;
  }
  const joined = words.join('');
  return SECRET_ENDING.test(joined) && !NOT_SECRET_ENDING.test(joined);
}

/** The words of a key that carry its meaning: lowercase, without digits, version and `Value`-like suffixes. */
function keyWords(key: string): string[] {
  const words = splitWords(key);
  let end = words.length;
  while (
    end > 1 &&
    (VALUE_SUFFIXES.has(words[end - 1]) || /^v\d*$/.test(words[end - 1]) || /^\d+$/.test(words[end - 1]))
  ) {
    end -= 1;
  }
  return words
    .slice(0, end)
    .map((word) => word.replace(/\d+/g, ''))
    .filter((word) => word !== '');
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
  return (
    (typeof value === 'string' && value.trim() !== '' && !isPlaceholder(value)) || typeof value === 'number'
  );
}
