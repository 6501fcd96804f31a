/**
 * A fast writer for the common subset of manifests, producing exactly the bytes that
 * the `yaml` package writes for them in `toManifestYaml` (about ten times faster: no
 * document model is built). It handles maps, sequences, safe integers, booleans, null
 * and strings whose characters it can prove need no escaping and no quoting rule
 * beyond {@link IMPLICITLY_TYPED}; for anything else it gives up (returns undefined)
 * and the caller uses the `yaml` package, which stays the reference: the fast path may
 * only be faster, never different (a test holds the two against each other).
 */

/** Printable ASCII without `"` and `\`: written between double quotes exactly as they are. */
const QUOTABLE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
/**
 * Strings the `yaml` package writes plain: a safe first character, no `: ` or ` #`,
 * no leading or trailing space, no indicator or flow character, no trailing `:`.
 */
const PLAIN = /^[A-Za-z_/](?:[A-Za-z0-9_./@+=~-]|:(?=[^ ])| (?=[^ #]))*$/;
/** Longer keys are written as explicit (`? key`) keys by the `yaml` package. */
const MAX_IMPLICIT_KEY = 512;
/** `:` may not end a plain scalar. */
const COLON = 0x3a;

/** A string as the fast path writes it, or undefined when only the `yaml` package may decide. */
function fastString(value: string, implicitlyTyped: RegExp): string | undefined {
  if (implicitlyTyped.test(value)) return QUOTABLE.test(value) ? `"${value}"` : undefined;
  if (PLAIN.test(value) && value.charCodeAt(value.length - 1) !== COLON) return value;
  return undefined;
}

/**
 * Map keys as the fast path writes them (`false`: give up), remembered: a fleet's
 * manifests repeat the same few hundred keys (`metadata`, `replicas`, label names)
 * hundreds of thousands of times, and one lookup is cheaper than three regular
 * expressions. Values are not remembered (names and hosts are mostly unique).
 * Bounded, so odd input cannot grow it without limit, and emptied whenever another
 * rule is passed in: an entry depends only on the key and the rule, so the cache
 * never changes a byte.
 */
const KEY_CACHE_LIMIT = 4096;
const keyCache = new Map<string, string | false>();
let keyCacheRule: RegExp | undefined;

function useKeyCache(implicitlyTyped: RegExp): void {
  if (keyCacheRule === implicitlyTyped) return;
  keyCache.clear();
  keyCacheRule = implicitlyTyped;
}

function fastKey(key: string, implicitlyTyped: RegExp): string {
  let text = keyCache.get(key);
  if (text === undefined) {
    text = fastString(key, implicitlyTyped) ?? false;
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    keyCache.set(key, text);
  }
  if (text === false) throw GIVE_UP;
  return text;
}

/**
 * Thrown inside the writer to give up; never escapes {@link fastManifestYaml}. One Error made
 * once: throwing it captures no stack, and anything else thrown is told from it by identity.
 */
const GIVE_UP = new Error('the fast YAML path gives up');

interface Writer {
  readonly implicitlyTyped: RegExp;
  readonly order: (keys: string[], first: readonly string[]) => string[];
  readonly topLevel: readonly string[];
  readonly metadata: readonly string[];
  out: string;
}

function scalar(writer: Writer, value: unknown): string {
  if (typeof value === 'string') {
    const text = fastString(value, writer.implicitlyTyped);
    if (text === undefined) throw GIVE_UP;
    return text;
  }
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  // String(-0) is "0", as the library path writes it too.
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw GIVE_UP;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The keys of `record` whose value is not `undefined` (the writer leaves those out). */
function definedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  for (const key of keys) {
    if (record[key] === undefined) return keys.filter((each) => record[each] !== undefined);
  }
  return keys;
}

/** Writes the entries of a map at `indent` (`keys`: its defined keys, at least one); the first line's indent is already written when `inline`. */
function writeMap(
  writer: Writer,
  record: Record<string, unknown>,
  keys: string[],
  indent: string,
  inline: boolean,
  first: readonly string[],
  isTop: boolean,
): void {
  const ordered = writer.order(keys, first);
  for (let index = 0; index < ordered.length; index += 1) {
    const key = ordered[index];
    // `<<` is an error the library path raises; long keys become explicit `? ` keys there.
    if (key === '<<' || key.length > MAX_IMPLICIT_KEY) throw GIVE_UP;
    const prefix = index === 0 && inline ? '' : indent;
    writer.out += `${prefix}${fastKey(key, writer.implicitlyTyped)}:`;
    writeValue(writer, record[key], indent, isTop && key === 'metadata' ? writer.metadata : NO_ORDER);
  }
}

/** The key order of maps below the top level and `metadata`: all sorted. */
const NO_ORDER: readonly string[] = [];

/** Writes a value after `key:` (a space and a scalar, or a newline and an indented block). */
function writeValue(writer: Writer, value: unknown, indent: string, first: readonly string[]): void {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      writer.out += ' []\n';
      return;
    }
    writer.out += '\n';
    writeSeq(writer, value, `${indent}  `);
  } else if (isPlainObject(value)) {
    const keys = definedKeys(value);
    if (keys.length === 0) {
      writer.out += ' {}\n';
      return;
    }
    writer.out += '\n';
    writeMap(writer, value, keys, `${indent}  `, false, first, false);
  } else {
    writer.out += ` ${scalar(writer, value)}\n`;
  }
}

/** Writes a sequence's items at `indent` (`- item`); maps start on the dash's line. */
function writeSeq(writer: Writer, items: unknown[], indent: string): void {
  for (const item of items) {
    if (isPlainObject(item)) {
      const keys = definedKeys(item);
      if (keys.length === 0) {
        writer.out += `${indent}- {}\n`;
      } else {
        writer.out += `${indent}- `;
        writeMap(writer, item, keys, `${indent}  `, true, NO_ORDER, false);
      }
    } else if (Array.isArray(item) || item === undefined) {
      throw GIVE_UP;
    } else {
      writer.out += `${indent}- ${scalar(writer, item)}\n`;
    }
  }
}

/** The rules the fast path shares with `toManifestYaml`, passed in so they are defined once. */
export interface FastYamlRules {
  readonly implicitlyTyped: RegExp;
  readonly orderKeys: (keys: string[], first: readonly string[]) => string[];
  readonly topLevelOrder: readonly string[];
  readonly metadataOrder: readonly string[];
}

/**
 * The YAML `toManifestYaml` would write for `object`, or undefined when `object`
 * holds anything outside the subset this writer is proven on (the caller then uses
 * the `yaml` package, which also raises the errors for values that are not JSON data).
 */
export function fastManifestYaml(object: unknown, rules: FastYamlRules): string | undefined {
  if (!isPlainObject(object)) return undefined;
  const writer: Writer = {
    implicitlyTyped: rules.implicitlyTyped,
    order: rules.orderKeys,
    topLevel: rules.topLevelOrder,
    metadata: rules.metadataOrder,
    out: '',
  };
  useKeyCache(rules.implicitlyTyped);
  try {
    const keys = definedKeys(object);
    if (keys.length === 0) return undefined;
    writeMap(writer, object, keys, '', false, rules.topLevelOrder, true);
    return writer.out;
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}
