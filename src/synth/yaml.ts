/**
 * The one YAML writer for manifests: deterministic, and read back as the same data by
 * YAML 1.2 parsers and by the YAML 1.1 parsers Flux and kubectl use (go-yaml).
 *
 * Key order: `apiVersion`, `kind`, `metadata` (`name`, `namespace`, `labels`,
 * `annotations`, then the rest), `spec`, then the rest; every other map's keys sorted
 * by UTF-16 code units. One document, no `---`, no anchors, no line folding, a
 * trailing newline.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { GitopsSynthError } from '../errors';
import { compareCodeUnits } from '../charts/order';
import { fastManifestYaml, FastYamlRules } from './yaml-fast';

const TOP_LEVEL_ORDER = ['apiVersion', 'kind', 'metadata', 'spec'];
const METADATA_ORDER = ['name', 'namespace', 'labels', 'annotations'];

/**
 * Plain scalars that some YAML version reads as something other than a string: the
 * YAML 1.1 booleans (`yes`, `on`, `y`, ...), nulls, the merge key `<<` and value key
 * `=`, and anything that starts like a number, date or time in either version
 * (`012`, `1_000`, `0o17`, `1e5`, `2026-05-28`, `12:30`, `.5`, `.inf`). Over-quoting
 * (`"1.2.3"`) costs nothing; under-quoting turns `no` into `false` on a cluster.
 */
const IMPLICITLY_TYPED =
  /^(?:|~|null|Null|NULL|[yY]|yes|Yes|YES|[nN]|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|<<|=|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$|^[-+]?\.?[0-9]/;
/** Characters that YAML 1.1 treats as line breaks or that must be escaped: only double quotes carry them safely. */
const NEEDS_ESCAPES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

/** The YAML 1.1 merge key. */
const MERGE_KEY = '<<';

/**
 * A map key `<<` cannot be written safely: kustomize (go-yaml v3 / kyaml) treats it
 * as a merge key and drops it even when quoted or tagged `!!str`, so the object on
 * the cluster would silently lose it.
 */
function mergeKeyError(at: string): GitopsSynthError {
  const where = at === '' ? 'the top level' : at;
  return new GitopsSynthError(
    'YAML_MERGE_KEY',
    `a map at ${where} has the key "<<", which YAML 1.1 consumers (kustomize, Flux, Argo CD) read as a merge key and drop: rename the key`,
    {
      source: 'user',
      hint: 'rename the "<<" key in the values or parameters',
    },
  );
}

/**
 * Orders a map's keys: `first` in that order, then the rest by code units. Returns
 * `keys` itself when it is already in order (cdk8s hands over most maps sorted), and
 * never changes it.
 */
function orderKeys(keys: string[], first: readonly string[]): string[] {
  if (first.length === 0) return isSorted(keys) ? keys : [...keys].sort(compareCodeUnits);
  const leading = first.filter((key) => keys.includes(key));
  const rest = keys.filter((key) => !first.includes(key)).sort(compareCodeUnits);
  return [...leading, ...rest];
}

/** True when `keys` is in code-unit order. */
function isSorted(keys: readonly string[]): boolean {
  for (let index = 1; index < keys.length; index += 1) {
    if (keys[index - 1] > keys[index]) return false;
  }
  return true;
}

function stringNode(value: string): Scalar {
  const node = new Scalar(value);
  if (IMPLICITLY_TYPED.test(value) || NEEDS_ESCAPES.test(value)) node.type = Scalar.QUOTE_DOUBLE;
  return node;
}

function scalarNode(value: unknown, at: string): Scalar {
  if (typeof value === 'string') return stringNode(value);
  if (value === null || typeof value === 'boolean') return new Scalar(value);
  // -0 is written as 0, as JSON writes it: every consumer reads both as the integer 0, and one
  // spelling keeps the output a function of the intents' JSON (the synth cache fingerprints that).
  if (typeof value === 'number' && Number.isFinite(value)) return new Scalar(value === 0 ? 0 : value);
  const what =
    typeof value === 'object'
      ? `a ${value.constructor.name} object`
      : typeof value === 'function'
        ? 'a function'
        : `${shownScalar(value as symbol | bigint | number | undefined)} (${typeof value})`;
  throw new GitopsSynthError(
    'YAML_UNSUPPORTED_VALUE',
    `${at}: ${what} is not JSON data and cannot be written as YAML`,
    { source: 'internal' },
  );
}

/** True for `{}`-like objects; class instances (a Date, a Map) are not JSON data. */
function isPlainObject(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Builds the YAML node for a JSON value; `first` is the key order of this map (depth-dependent). */
function toNode(value: unknown, at: string, first: readonly string[]): Scalar | YAMLMap | YAMLSeq {
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    value.forEach((item, index) => seq.items.push(toNode(item, `${at}[${index}]`, [])));
    return seq;
  }
  if (isPlainObject(value)) {
    const record = value as Record<string, unknown>;
    const map = new YAMLMap();
    const keys = Object.keys(record).filter((key) => record[key] !== undefined);
    for (const key of orderKeys(keys, first)) {
      if (key === MERGE_KEY) throw mergeKeyError(at);
      const childOrder = at === '' && key === 'metadata' ? METADATA_ORDER : [];
      map.items.push(
        new Pair(stringNode(key), toNode(record[key], at === '' ? key : `${at}.${key}`, childOrder)),
      );
    }
    return map;
  }
  return scalarNode(value, at === '' ? '(root)' : at);
}

/**
 * Serializes one Kubernetes object (or any JSON data) as a single YAML document with
 * the stable key order and quoting described above. The same data always gives the
 * same bytes, whatever the key order of the input objects.
 */
export function toManifestYaml(object: unknown): string {
  return flatten(fastManifestYaml(object, MANIFEST_YAML_RULES) ?? toManifestYamlWithLibrary(object));
}

/**
 * The same text, stored in one piece. Both writers build their output by appending, and
 * V8 keeps an appended string as a tree of its pieces until something needs it whole: a
 * 1.2 kB manifest then holds about 8 kB of heap, and a fleet's tree gigabytes. Converting
 * a string to a number makes V8 flatten it in place (the trick the `flatstr` package
 * documents); should a V8 stop doing so, only memory suffers, never the bytes.
 */
function flatten(text: string): string {
  Number(text);
  return text;
}

/** The rules above, as the fast path takes them. */
export const MANIFEST_YAML_RULES: FastYamlRules = {
  implicitlyTyped: IMPLICITLY_TYPED,
  orderKeys,
  topLevelOrder: TOP_LEVEL_ORDER,
  metadataOrder: METADATA_ORDER,
};

/**
 * {@link toManifestYaml} through the `yaml` package only: the reference the fast path
 * is held against, and the path for everything the fast path does not handle.
 */
export function toManifestYamlWithLibrary(object: unknown): string {
  const doc = new Document();
  doc.contents = toNode(object, '', TOP_LEVEL_ORDER);
  return doc.toString({ lineWidth: 0, minContentWidth: 0 });
}

/** What is left once JSON data, objects and functions are ruled out: NaN, Infinity, a bigint, a symbol, undefined. */
function shownScalar(value: symbol | bigint | number | undefined): string {
  return String(value);
}
