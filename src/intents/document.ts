/**
 * One parsed intents document: its data plus enough of its source to point at any
 * path in it by line and column.
 */
import { Document, LineCounter, Node } from 'yaml';
import { Problem } from '../errors';
import { findNode, hasAlias } from './yaml-nodes';
import { formatPath, PathSegment } from './paths';
import { IntentRule } from './rules';

/** A 1-based line and column in a file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** One intents document read from a file (a YAML file may hold several). */
export interface IntentDocument {
  /** The file, as the user named it. */
  readonly file: string;
  /** The document's number in its file, from 0. */
  readonly index: number;
  /** The document as plain JSON-compatible data (aliases and merge keys resolved). */
  readonly data: unknown;
  /**
   * True when one object may be reached by several paths in `data` (a YAML alias):
   * whoever keeps a part of such data copies it first, so that no two intents share an
   * object. JSON.parse never shares, so JSON data is kept as it is (no copy, half the memory).
   */
  readonly sharesObjects: boolean;
  /** Where `path` (or, when it does not exist, its nearest ancestor) starts in the file. */
  locate(path: readonly PathSegment[]): Position | undefined;
  /** The scalar at `path` exactly as written (`28.0`, `yes`), when there is one. */
  sourceText(path: readonly PathSegment[]): string | undefined;
}

/** An {@link IntentDocument} backed by a YAML (or JSON, which YAML 1.2 reads) syntax tree. */
export function documentFromYaml(
  file: string,
  index: number,
  data: unknown,
  doc: Document | undefined,
  text: string,
  lines: LineCounter,
): IntentDocument {
  const startOf = (path: readonly PathSegment[]): Node | undefined => {
    if (doc === undefined) {
      return undefined;
    }
    const found = findNode(doc, path);
    return (found.exact && found.key !== undefined ? found.key : found.node) ?? undefined;
  };
  return {
    file,
    index,
    data,
    sharesObjects: doc !== undefined && hasAlias(doc),
    locate(path) {
      const offset = startOf(path)?.range?.[0];
      return offset === undefined ? undefined : positionAt(lines, offset);
    },
    sourceText(path) {
      const found = doc === undefined ? undefined : findNode(doc, path);
      const range = found?.exact === true ? found.node?.range : undefined;
      return range === undefined || range === null ? undefined : text.slice(range[0], range[1]).trim();
    },
  };
}

/**
 * An {@link IntentDocument} for data JSON.parse read (so no object in it is shared),
 * whose positions are worked out only when first asked for:
 * `load` (typically a re-read of the file with the YAML parser) runs at most once, so
 * a valid file never pays for a syntax tree, and a file with problems pays once.
 */
export function documentWithLazyPositions(
  file: string,
  index: number,
  data: unknown,
  load: () => IntentDocument,
): IntentDocument {
  let loaded: IntentDocument | undefined;
  const positioned = (): IntentDocument => (loaded ??= load());
  return {
    file,
    index,
    data,
    sharesObjects: false,
    locate: (path) => positioned().locate(path),
    sourceText: (path) => positioned().sourceText(path),
  };
}

/** The 1-based position of a character offset. */
export function positionAt(lines: LineCounter, offset: number): Position {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** `line 3:7: ` for messages, or nothing when the position is unknown. */
export function formatPosition(position: Position | undefined): string {
  return position === undefined ? '' : `line ${position.line}:${position.column}: `;
}

/** A problem at `path` in `doc`, its message prefixed with the line:column when known. */
export function problemAt(
  doc: IntentDocument,
  path: readonly PathSegment[],
  rule: IntentRule,
  message: string,
): Problem {
  return {
    file: doc.file,
    path: formatPath(path),
    rule,
    message: `${formatPosition(doc.locate(path))}${message}`,
  };
}

/** Where an entry is, for messages that name a second place (`b.yaml clusters[0] (line 3:5)`). */
export function describePlace(doc: IntentDocument, path: readonly PathSegment[]): string {
  const position = doc.locate(path);
  return `${doc.file} ${formatPath(path)}${position === undefined ? '' : ` (line ${position.line}:${position.column})`}`;
}
