/**
 * Finding things in a parsed YAML document, so that every problem can name its
 * line:column, and so that parser messages (which only know offsets) can name a path.
 */
import { Document, isAlias, isMap, isPair, isScalar, isSeq, Node, Pair, visit, YAMLMap } from 'yaml';
import { PathSegment } from './paths';

/** The node at a path and, when the last step was a map key, that key's node. */
export interface FoundNode {
  readonly node: Node | null;
  readonly key?: Node;
  /** True when the whole path was found, false when `node` is the nearest ancestor. */
  readonly exact: boolean;
}

/**
 * The node at `path`, or its nearest ancestor when the path does not exist in the
 * document (a missing field is reported at the object that should hold it).
 * Aliases and `<<` merge keys are followed, as they are when the value is read.
 */
export function findNode(doc: Document, path: readonly PathSegment[]): FoundNode {
  let node = doc.contents;
  let key: Node | undefined;
  for (const segment of path) {
    const current = resolve(doc, node);
    const pair = isMap(current) ? findPair(doc, current, String(segment), 0) : undefined;
    if (pair !== undefined) {
      key = pair.key as Node;
      node = (pair.value as Node | null) ?? null;
    } else if (isSeq(current) && typeof segment === 'number' && segment < current.items.length) {
      key = undefined;
      node = current.items[segment] as Node;
    } else {
      return { node: current, key, exact: false };
    }
  }
  return { node, key, exact: true };
}

/**
 * The path of the innermost node at `offset` (a duplicate key, a bad tag), built from
 * the ancestors `visit` hands over. Undefined when no node covers the offset.
 */
export function findPathAtOffset(doc: Document, offset: number): PathSegment[] | undefined {
  let found: PathSegment[] | undefined;
  visit(doc, (_key, node, ancestors) => {
    const range = isPair(node) ? pairRange(node) : (node as Node).range;
    if (range === undefined || range === null || offset < range[0] || offset > range[1]) {
      return undefined;
    }
    // Ancestors are visited before their children, so the last hit is the innermost.
    found = segmentsOf([...ancestors, node]);
    return undefined;
  });
  return found;
}

/** A pair has no range of its own: it runs from its key to the end of its value. */
function pairRange(pair: Pair): [number, number] | undefined {
  const key = (pair.key as Node | null)?.range;
  const value = (pair.value as Node | null)?.range;
  return key === undefined || key === null ? undefined : [key[0], value?.[1] ?? key[1]];
}

function segmentsOf(chain: readonly unknown[]): PathSegment[] {
  const segments: PathSegment[] = [];
  chain.forEach((item, index) => {
    const child = chain[index + 1];
    if (isPair(item)) {
      segments.push(isScalar(item.key) ? String(item.key.value) : String(item.key));
    } else if (isSeq(item) && child !== undefined) {
      segments.push(item.items.indexOf(child));
    }
  });
  return segments;
}

function resolve(doc: Document, node: Node | null): Node | null {
  return isAlias(node) ? ((node.resolve(doc) as Node | undefined) ?? null) : node;
}

/** Direct keys win over merged ones, as YAML merge keys define. */
function findPair(doc: Document, map: YAMLMap, key: string, depth: number): Pair | undefined {
  const direct = map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key);
  if (direct !== undefined || depth > 10) {
    return direct;
  }
  for (const pair of map.items) {
    if (!isMergeKey(pair)) {
      continue;
    }
    const source = resolve(doc, pair.value as Node | null);
    const sources = isSeq(source) ? source.items.map((item) => resolve(doc, item as Node)) : [source];
    for (const merged of sources) {
      const hit = isMap(merged) ? findPair(doc, merged, key, depth + 1) : undefined;
      if (hit !== undefined) {
        return hit;
      }
    }
  }
  return undefined;
}

function isMergeKey(pair: Pair): boolean {
  return isScalar(pair.key) && (pair.key.value === '<<' || pair.key.source === '<<');
}

/** True when some mapping in the document has a list or map as a key (JSON cannot hold it). */
export function findCollectionKeyOffset(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Pair(_key, pair) {
      if (pair.key !== null && typeof pair.key === 'object' && !isScalar(pair.key) && !isAlias(pair.key)) {
        offset = (pair.key as Node).range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return offset;
}

/** The first alias (`*name`) with no anchor before it in its document, with its offset. */
export function findUnresolvedAlias(
  doc: Document,
): { readonly name: string; readonly offset: number } | undefined {
  let found: { name: string; offset: number } | undefined;
  visit(doc, {
    Alias(_key, alias) {
      if (alias.resolve(doc) === undefined) {
        found = { name: alias.source, offset: alias.range?.[0] ?? 0 };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** True when the document has an alias (`*name`), the only way YAML data shares an object. */
export function hasAlias(doc: Document): boolean {
  let found = false;
  visit(doc, {
    Alias() {
      found = true;
      return visit.BREAK;
    },
  });
  return found;
}
