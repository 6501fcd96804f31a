/**
 * The filesystem edge of intents: finds the files, reads them, and hands the text to
 * the pure parser and validator (and reads a file again when a problem needs its
 * line:column after its text was dropped).
 */
import { isAscii } from 'buffer';
import { promises as fs, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { GitopsSynthError, Problem } from '../errors';
import { IntentDocument } from './document';
import { DEFAULT_INTENT_LIMITS, IntentLimits, IntentsTooLargeError } from './limits';
import { Fleet } from './model';
import { IntentFile, parseIntentFile } from './parse';
import { listIntentFiles } from './files';
import { getValidFleet } from './validate';

export { listIntentFiles };

/** A validated fleet, with its digest and the files it was read from. */
export interface LoadedFleet {
  readonly fleet: Fleet;
  /** `sha256:<hex>`: equal for equal intents, however they are split into files. */
  readonly digest: string;
  /** The digest, worked out in slices with the event loop free between them (publish, while git runs). */
  digestInSlices(): Promise<string>;
  /** The files read, as named in problems (relative to the directory when one was given), in reading order. */
  readonly files: string[];
}

/**
 * Loads the intents at `intentsPath`: one file, or every `.yaml`/`.yml`/`.json` file
 * below a directory (recursively, sorted by path), merged into one fleet.
 * Throws `INTENTS_NOT_FOUND` when there is nothing to read and `INTENTS_INVALID`
 * (a ValidationError listing every problem) when the intents break a rule.
 *
 * Files are parsed one at a time (the next one is read meanwhile), and a JSON file's text
 * is dropped once it is parsed (read again only if a problem needs a line:column), so
 * that at fleet scale at most two files' text are in memory at a time.
 */
export async function loadFleet(
  intentsPath: string,
  limits: Partial<IntentLimits> = {},
): Promise<LoadedFleet> {
  const bounds: IntentLimits = { ...DEFAULT_INTENT_LIMITS, ...limits };
  const found = await getIntentFilePaths(intentsPath);
  await checkSizes(found, bounds);
  const documents: IntentDocument[] = [];
  const problems: Problem[] = [];
  const read = (at: number) => {
    const reading = readStamped(found[at].fullPath, bounds.maxFileBytes, found[at].file);
    // Awaited in turn below; a parse that throws first must not leave it unobserved.
    reading.catch(() => undefined);
    return reading;
  };
  let next = found.length > 0 ? read(0) : undefined;
  for (let at = 0; at < found.length; at += 1) {
    const { file, fullPath } = found[at];
    const { text, stamp } = await (next as ReturnType<typeof read>);
    // The next file is read (in libuv's pool) while this thread parses this one: at most two texts in memory.
    next = at + 1 < found.length ? read(at + 1) : undefined;
    const parsed = parseIntentFile({ file, text }, () => readTextAgain(fullPath, stamp), bounds.maxDepth);
    documents.push(...parsed.documents);
    problems.push(...parsed.problems);
  }
  const valid = getValidFleet({ documents, problems });
  const files = found.map(({ file }) => file);
  // The digest stays lazy (see getValidFleet): synth never reads it.
  return {
    fleet: valid.fleet,
    files,
    get digest(): string {
      return valid.digest;
    },
    digestInSlices: () => valid.digestInSlices(),
  };
}

/** The text of every intents file at `intentsPath`, named as problems will name them. */
export async function readIntentFiles(
  intentsPath: string,
  limits: Partial<IntentLimits> = {},
): Promise<IntentFile[]> {
  const bounds: IntentLimits = { ...DEFAULT_INTENT_LIMITS, ...limits };
  const found = await getIntentFilePaths(intentsPath);
  await checkSizes(found, bounds);
  return Promise.all(
    found.map(async ({ file, fullPath }) => ({
      file,
      text: (await readStamped(fullPath, bounds.maxFileBytes, file)).text,
    })),
  );
}

/**
 * Refuses, with `stat` and before a byte is read, a file larger than the per-file limit or
 * files larger together than the total limit: reading and parsing cost time and memory
 * in proportion to the size, and a hostile or runaway export must not take either.
 */
async function checkSizes(found: readonly IntentFilePath[], limits: IntentLimits): Promise<void> {
  let total = 0;
  // Asked all at once (one round trip, not one per file), then added up in reading order.
  const sizes = await Promise.all(found.map(async ({ fullPath }) => (await fs.stat(fullPath)).size));
  for (const [at, { file }] of found.entries()) {
    const size = sizes[at];
    if (size > limits.maxFileBytes) {
      throw new IntentsTooLargeError(`the intents file '${file}'`, size, 'maxFileBytes', limits.maxFileBytes);
    }
    total += size;
    if (total > limits.maxTotalBytes) {
      throw new IntentsTooLargeError(
        `the intents (${found.length} files)`,
        total,
        'maxTotalBytes',
        limits.maxTotalBytes,
      );
    }
  }
}

/** An intents file: its name in problems, and where it is on disk. */
interface IntentFilePath {
  readonly file: string;
  readonly fullPath: string;
}

/** The intents files at `intentsPath`, in reading order; throws `INTENTS_NOT_FOUND` when there are none. */
async function getIntentFilePaths(intentsPath: string): Promise<IntentFilePath[]> {
  const stat = await fs.stat(intentsPath).catch(() => undefined);
  if (stat === undefined) {
    throw notFound(intentsPath, 'does not exist');
  }
  if (stat.isFile()) {
    return [{ file: intentsPath, fullPath: intentsPath }];
  }
  const names = await listIntentFiles(intentsPath);
  if (names.length === 0) {
    throw notFound(intentsPath, 'holds no .yaml, .yml or .json files');
  }
  return names.map((file) => ({ file, fullPath: path.join(intentsPath, file) }));
}

/** What identifies one version of a file's contents, cheaply: its size and modification time. */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
}

/** The file's text, and the stamp of the version read (from the same open file). */
export async function readStamped(
  fullPath: string,
  maxBytes = DEFAULT_INTENT_LIMITS.maxFileBytes,
  file = fullPath,
): Promise<{ text: string; stamp: FileStamp }> {
  const handle = await fs.open(fullPath, 'r');
  try {
    const { size, mtimeMs } = await handle.stat();
    if (size > maxBytes) {
      // It grew since it was checked: the open file is what would be read.
      throw new IntentsTooLargeError(`the intents file '${file}'`, size, 'maxFileBytes', maxBytes);
    }
    return { text: decodeUtf8(await handle.readFile()), stamp: { size, mtimeMs } };
  } finally {
    await handle.close();
  }
}

/**
 * The file's text again, for the line:column of a problem found after it was parsed, or
 * undefined when the file is gone or no longer the version that was parsed (positions
 * in another version would point at the wrong place). Synchronous because positions are
 * asked for while problems are built; it runs once per file with a problem.
 */
export function readTextAgain(fullPath: string, stamp: FileStamp): string | undefined {
  try {
    const now = statSync(fullPath);
    if (now.size !== stamp.size || now.mtimeMs !== stamp.mtimeMs) {
      return undefined;
    }
    return decodeUtf8(readFileSync(fullPath));
  } catch {
    return undefined;
  }
}

/**
 * The text of UTF-8 bytes. Intents files are nearly always plain ASCII, which reads as
 * the same text in Latin-1, and Node decodes Latin-1 about fifty times faster than
 * UTF-8 (a byte-order mark is not ASCII, so it still reaches the parser, which drops it).
 */
export function decodeUtf8(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

function notFound(intentsPath: string, what: string): GitopsSynthError {
  return new GitopsSynthError('INTENTS_NOT_FOUND', `the intents path '${intentsPath}' ${what}`, {
    hint: 'pass a YAML or JSON intents file, or a directory that holds some (for example --intents intents/)',
  });
}
