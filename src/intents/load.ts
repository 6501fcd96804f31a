/**
 * The filesystem edge of intents: finds the files, reads them, and hands the text to
 * the pure parser and validator.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { GitopsSynthError } from '../errors';
import { Fleet } from './model';
import { IntentFile } from './parse';
import { getFleetFromFiles } from './validate';

/** A validated fleet, with its digest and the files it was read from. */
export interface LoadedFleet {
  readonly fleet: Fleet;
  /** `sha256:<hex>`: equal for equal intents, however they are split into files. */
  readonly digest: string;
  /** The files read, as named in problems (relative to the directory when one was given), in reading order. */
  readonly files: string[];
}

const INTENT_EXTENSIONS = /\.(ya?ml|json)$/i;

/**
 * Loads the intents at `intentsPath`: one file, or every `.yaml`/`.yml`/`.json` file
 * below a directory (recursively, sorted by path), merged into one fleet.
 * Throws `INTENTS_NOT_FOUND` when there is nothing to read and `INTENTS_INVALID`
 * (a ValidationError listing every problem) when the intents break a rule.
 */
export async function loadFleet(intentsPath: string): Promise<LoadedFleet> {
  const files = await readIntentFiles(intentsPath);
  const { fleet, digest } = getFleetFromFiles(files);
  return { fleet, digest, files: files.map(({ file }) => file) };
}

/** The text of every intents file at `intentsPath`, named as problems will name them. */
export async function readIntentFiles(intentsPath: string): Promise<IntentFile[]> {
  const stat = await fs.stat(intentsPath).catch(() => undefined);
  if (stat === undefined) {
    throw notFound(intentsPath, 'does not exist');
  }
  if (stat.isFile()) {
    return [{ file: intentsPath, text: await fs.readFile(intentsPath, 'utf8') }];
  }
  const names = (await listIntentFiles(intentsPath, '')).sort(compareText);
  if (names.length === 0) {
    throw notFound(intentsPath, 'holds no .yaml, .yml or .json files');
  }
  return Promise.all(names.map(async (file) => ({ file, text: await fs.readFile(path.join(intentsPath, file), 'utf8') })));
}

/**
 * Relative paths (with `/`, on every OS) of the intents files below `root`. Hidden
 * entries (`.git`, `.github/workflows/*.yml`) are skipped: they are never intents, and
 * CI configuration next to the intents would otherwise be read as intents.
 */
async function listIntentFiles(root: string, relative: string): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, relative), { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.name.startsWith('.')) {
      continue;
    }
    if (entry.isDirectory()) {
      found.push(...(await listIntentFiles(root, child)));
    } else if (INTENT_EXTENSIONS.test(entry.name) && (entry.isFile() || (await isFileLink(path.join(root, child))))) {
      found.push(child);
    }
  }
  return found;
}

/** Symbolic links to files are read; links to directories are not followed (no loops). */
async function isFileLink(file: string): Promise<boolean> {
  const stat = await fs.stat(file).catch(() => undefined);
  return stat?.isFile() === true;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function notFound(intentsPath: string, what: string): GitopsSynthError {
  return new GitopsSynthError('INTENTS_NOT_FOUND', `the intents path '${intentsPath}' ${what}`, {
    hint: 'pass a YAML or JSON intents file, or a directory that holds some (for example --intents intents/)',
  });
}
