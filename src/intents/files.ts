/**
 * Which files under an intents directory are intents: the one rule loading and the run key
 * share. Kept apart from the parser so the run key's worker thread loads only this.
 */
import { promises as fs } from 'fs';
import * as path from 'path';

const INTENT_EXTENSIONS = /\.(ya?ml|json)$/i;

/** True when a file of this name, below an intents directory, is read as intents. */
export function isIntentFileName(name: string): boolean {
  return !name.startsWith('.') && INTENT_EXTENSIONS.test(name);
}

/**
 * Relative paths (with `/`, on every OS) of the intents files below `directory`, in
 * reading order (sorted by code unit); empty when there are none. Hidden entries
 * (`.git`, `.github/workflows/*.yml`) are skipped: they are never intents, and CI
 * configuration next to the intents would otherwise be read as intents.
 */
export async function listIntentFiles(directory: string): Promise<string[]> {
  return (await walkIntentFiles(directory, '')).sort(compareText);
}

async function walkIntentFiles(root: string, relative: string): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, relative), { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.name.startsWith('.')) {
      continue;
    }
    if (entry.isDirectory()) {
      found.push(...(await walkIntentFiles(root, child)));
    } else if (
      isIntentFileName(entry.name) &&
      (entry.isFile() || (await isFileLink(path.join(root, child))))
    ) {
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
