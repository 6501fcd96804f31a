/**
 * Text → documents. Reads YAML (1.2, several documents per file) and JSON faithfully,
 * and turns every syntax problem into a {@link Problem} with line:column instead of
 * stopping at the first one. Pure: no filesystem.
 */
import { Composer, Document, LineCounter, Parser, parseDocument, YAMLError } from 'yaml';
import { Problem } from '../errors';
import {
  documentFromYaml,
  documentWithLazyPositions,
  formatPosition,
  IntentDocument,
  positionAt,
  problemAt,
} from './document';
import { hasDuplicateJsonKey } from './json-keys';
import { findJsonSyntaxOffset } from './json-syntax';
import { DEFAULT_INTENT_LIMITS, findDeepYaml, isDeeperThan, LIMIT_FLAGS } from './limits';
import { scanJsonText } from './json-text';
import { findNonJsonValues } from './json-values';
import { formatPath } from './paths';
import { INTENT_RULES, IntentRule, MAX_YAML_ALIAS_COUNT } from './rules';
import { findCollectionKeyOffset, findPathAtOffset, findUnresolvedAlias } from './yaml-nodes';

/** The text of one intents file, named as the user named it. */
export interface IntentFile {
  readonly file: string;
  readonly text: string;
}

/** Every document that could be read, and every problem met while reading. */
export interface ParsedIntents {
  readonly documents: readonly IntentDocument[];
  readonly problems: readonly Problem[];
}

/**
 * Reads a file's text again, or gives undefined when it can no longer be had as it was
 * (deleted, or changed since it was parsed). Lets a caller drop the text after parsing:
 * JSON line:column is only worked out when a problem needs it.
 */
export type ReadTextAgain = () => string | undefined;

/** Parses every file (`.json` as JSON, anything else as YAML) into intents documents. */
export function parseIntentDocuments(
  files: readonly IntentFile[],
  maxDepth = DEFAULT_INTENT_LIMITS.maxDepth,
): ParsedIntents {
  const documents: IntentDocument[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const parsed = parseIntentFile(file, undefined, maxDepth);
    documents.push(...parsed.documents);
    problems.push(...parsed.problems);
  }
  return { documents, problems };
}

/**
 * Parses one file (`.json` as JSON, anything else as YAML). Without `readAgain` a JSON
 * document keeps `file.text` for its positions; with it, it keeps nothing of the text
 * and calls `readAgain` the first time a problem needs a line:column.
 */
export function parseIntentFile(
  file: IntentFile,
  readAgain?: ReadTextAgain,
  maxDepth = DEFAULT_INTENT_LIMITS.maxDepth,
): ParsedIntents {
  const text = withoutByteOrderMark(file.text);
  if (!/\.json$/i.test(file.file)) {
    return parseYamlFile({ file: file.file, text }, maxDepth);
  }
  // Refused before JSON.parse, and so before any walker of the data could recurse that deep.
  // The same pass counts the keys written, for the duplicate-key check after parsing.
  const scan = scanJsonText(text, maxDepth);
  if (scan.deepAt !== undefined) {
    return {
      documents: [],
      problems: [depthProblem(file.file, offsetPosition(text, scan.deepAt), maxDepth)],
    };
  }
  return parseJsonFile(
    { file: file.file, text },
    readAgain === undefined ? keepText(text) : dropText(readAgain),
    scan.writtenKeys,
  );
}

function depthProblem(file: string, where: string, maxDepth: number): Problem {
  return problem(
    file,
    '',
    INTENT_RULES.depthLimit,
    `${where}the document nests maps and lists more than ${maxDepth} levels deep; flatten it, or raise the limit with ${LIMIT_FLAGS.maxDepth}`,
  );
}

/** `line L:C: ` of an offset, counted without building the YAML tree. */
function offsetPosition(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return formatPosition({ line: before.length, column: before[before.length - 1].length + 1 });
}

// The two below are made in functions of their own on purpose: a closure keeps every
// variable any closure of the same function uses, so `text` would stay alive in both.

/** The text is already in memory (the caller holds it): positions read it from there. */
function keepText(text: string): ReadTextAgain {
  return () => text;
}

/** The text is dropped after parsing, and read again (without its byte-order mark) when a position is needed. */
function dropText(readAgain: ReadTextAgain): ReadTextAgain {
  return () => {
    const again = readAgain();
    return again === undefined ? undefined : withoutByteOrderMark(again);
  };
}

/** Editors on Windows may start a file with a byte-order mark; JSON.parse refuses it. */
function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function parseYamlFile({ file, text }: IntentFile, maxDepth: number): ParsedIntents {
  const lines = new LineCounter();
  // The parser builds the syntax tree without recursion; composing it into documents
  // recurses, so the depth is checked in between.
  const tokens = Array.from(new Parser(lines.addNewLine).parse(text));
  const deep = findDeepYaml(tokens, maxDepth);
  if (deep !== undefined) {
    return {
      documents: [],
      problems: [depthProblem(file, formatPosition(positionAt(lines, deep)), maxDepth)],
    };
  }
  // YAML 1.2 core schema (the package default): `yes` is a string, `0x1f` is 31.
  // Merge keys are not part of 1.2 but intents files use them, so they are turned on.
  const docs = Array.from(new Composer({ merge: true, uniqueKeys: true }).compose(tokens));
  const documents: IntentDocument[] = [];
  const problems: Problem[] = [];
  docs.forEach((doc, index) => {
    const syntax = yamlProblems(file, doc, lines, text);
    problems.push(...syntax);
    // Duplicate keys and bad tags leave a readable document: keep checking it, so one run reports all.
    const readable = doc.errors.every((error) => error.code === 'DUPLICATE_KEY');
    if (!readable || doc.contents === null) {
      return;
    }
    const read = toData(file, doc, lines);
    if ('problem' in read) {
      problems.push(read.problem);
      return;
    }
    if (read.data === null || read.data === undefined) {
      // An empty document (a trailing `---`, only comments) declares nothing.
      return;
    }
    if (isDeeperThan(read.data, maxDepth)) {
      // Aliases can nest deeper than the text does.
      problems.push(depthProblem(file, '', maxDepth));
      return;
    }
    const document = documentFromYaml(file, index, read.data, doc, text, lines);
    problems.push(...nonJsonProblems(document));
    documents.push(document);
  });
  return { documents, problems };
}

function yamlProblems(file: string, doc: Document, lines: LineCounter, text: string): Problem[] {
  const toProblem = (error: YAMLError): Problem => {
    const offset = error.pos[0];
    const path = findPathAtOffset(doc, offset) ?? [];
    const where = formatPosition(positionAt(lines, offset));
    if (error.code === 'DUPLICATE_KEY') {
      const key = path.length > 0 ? String(path[path.length - 1]) : text.slice(error.pos[0], error.pos[1]);
      return problem(
        file,
        formatPath(path),
        INTENT_RULES.duplicateKey,
        `${where}the key '${key}' appears twice in the same mapping; YAML would keep only the last one, so remove or rename one of them`,
      );
    }
    if (error.code === 'TAG_RESOLVE_FAILED') {
      return problem(
        file,
        formatPath(path),
        INTENT_RULES.yamlUnknownTag,
        `${where}${describeTagFailure(error.message)}`,
      );
    }
    return problem(file, '', INTENT_RULES.yamlSyntax, `${where}${error.message} (YAML ${error.code})`);
  };
  return [...doc.errors, ...doc.warnings].map(toProblem);
}

const CORE_TAGS = ['!!str', '!!int', '!!float', '!!bool', '!!null', '!!map', '!!seq'];

function describeTagFailure(message: string): string {
  const tag = message.replace(/^Unresolved tag:\s*/, '').replace(/^tag:yaml\.org,2002:/, '!!');
  if (CORE_TAGS.includes(tag)) {
    return `the value does not fit its tag ${tag}; fix the value or remove the tag`;
  }
  return `the tag ${tag} is unknown: intents use only the YAML 1.2 core tags (${CORE_TAGS.join(', ')}); remove it, and quote the value to keep it as text`;
}

/** Converts a syntax tree to data, refusing what would hang or quietly change the data. */
function toData(file: string, doc: Document, lines: LineCounter): { data: unknown } | { problem: Problem } {
  const complexKey = findCollectionKeyOffset(doc);
  if (complexKey !== undefined) {
    const where = formatPosition(positionAt(lines, complexKey));
    return {
      problem: problem(
        file,
        formatPath(findPathAtOffset(doc, complexKey) ?? []),
        INTENT_RULES.nonJsonValue,
        `${where}a list or map is used as a mapping key; intents are JSON, whose keys are strings`,
      ),
    };
  }
  const alias = findUnresolvedAlias(doc);
  if (alias !== undefined) {
    const where = formatPosition(positionAt(lines, alias.offset));
    return {
      problem: problem(
        file,
        formatPath(findPathAtOffset(doc, alias.offset) ?? []),
        INTENT_RULES.yamlSyntax,
        `${where}the alias *${alias.name} has no anchor &${alias.name} before it in this document (anchors do not reach across '---')`,
      ),
    };
  }
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT }) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const where = formatPosition(doc.range === undefined ? undefined : positionAt(lines, doc.range[0]));
    if (/alias count/i.test(message)) {
      return {
        problem: problem(
          file,
          '',
          INTENT_RULES.yamlAliasLimit,
          `${where}the document expands aliases more than ${MAX_YAML_ALIAS_COUNT} times, which looks like a "billion laughs" attack; write the data out or use fewer nested aliases`,
        ),
      };
    }
    return { problem: problem(file, '', INTENT_RULES.yamlSyntax, `${where}${message}`) };
  }
}

function parseJsonFile(
  { file, text }: IntentFile,
  textAgain: ReadTextAgain,
  writtenKeys: number,
): ParsedIntents {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { documents: [], problems: [jsonSyntaxProblem(file, text, error)] };
  }
  // JSON.parse keeps the last of two equal keys without a word. A quick scan finds out
  // whether that happened; only then is the YAML tree (slow, large) built up front.
  if (hasDuplicateJsonKey(text, data, writtenKeys)) {
    return readJsonWithYaml({ file, text }, data);
  }
  // No duplicates: line:column is only needed if a problem is found, so the text is read
  // again and the tree built then. When the text cannot be had as it was, positions are
  // left out rather than guessed.
  const document = documentWithLazyPositions(file, 0, data, () => {
    const again = textAgain();
    return again === undefined
      ? documentFromYaml(file, 0, data, undefined, '', new LineCounter())
      : readJsonWithYaml({ file, text: again }, data).documents[0];
  });
  return { documents: [document], problems: [] };
}

/**
 * Reads JSON again with YAML 1.2 (which reads JSON too), for what JSON.parse cannot
 * tell: duplicate keys, and the line:column of every path. `data` stays JSON.parse's.
 */
function readJsonWithYaml({ file, text }: IntentFile, data: unknown): ParsedIntents {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const duplicates = doc.errors.filter((error) => error.code === 'DUPLICATE_KEY');
  const usable = doc.errors.length === duplicates.length;
  const problems = yamlProblems(file, Object.assign(doc, { errors: duplicates, warnings: [] }), lines, text);
  const document = documentFromYaml(file, 0, data, usable ? doc : undefined, text, lines);
  return { documents: [document], problems };
}

function jsonSyntaxProblem(file: string, text: string, error: unknown): Problem {
  const raw = error instanceof Error ? error.message : String(error);
  const offset = /at position (\d+)/.exec(raw);
  const message = raw
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/\s*\(line \d+ column \d+\)$/, '');
  // Node names the offset for a few errors only; otherwise it is found by scanning the text.
  const end = offset === null ? (findJsonSyntaxOffset(text) ?? text.length) : Number(offset[1]);
  const before = text.slice(0, end).split('\n');
  const position = { line: before.length, column: before[before.length - 1].length + 1 };
  const early = offset === null && /end of JSON/i.test(raw) ? ' (the file ends early)' : '';
  return problem(file, '', INTENT_RULES.jsonSyntax, `${formatPosition(position)}${message}${early}`);
}

function nonJsonProblems(document: IntentDocument): Problem[] {
  return findNonJsonValues(document.data).map(({ path, what, fix }) =>
    problemAt(
      document,
      path,
      INTENT_RULES.nonJsonValue,
      `${what} cannot be written safely; ${fix ?? 'quote it to keep it as a string'}`,
    ),
  );
}

function problem(file: string, path: string, rule: IntentRule, message: string): Problem {
  return { file, path, rule, message };
}
