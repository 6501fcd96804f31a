/**
 * The files one commit changes against another, with their new modes: what a commit
 * made through a host's API (`--sign api`) must send. `git diff --raw`, renames off,
 * so every change is one addition, modification or deletion of one path.
 */
import { checkSha } from './arguments';
import { runGit, type GitRunContext } from './runner';

/** One changed file; `mode` is the new mode (`000000` for a deletion). */
export interface ChangedFile {
  readonly path: string;
  readonly status: 'A' | 'M' | 'D' | 'T';
  readonly mode: string;
}

/** The files `to` changes against `from`, sorted by path. */
export async function changedFiles(context: GitRunContext, from: string, to: string): Promise<ChangedFile[]> {
  checkSha(from, 'diff start');
  checkSha(to, 'diff end');
  const output = await runGit(context, [
    'diff',
    '--raw',
    '--no-renames',
    '--no-abbrev',
    '-z',
    from,
    to,
    '--',
  ]);
  // -z: ":<old mode> <new mode> <old sha> <new sha> <status>\0<path>\0" per file.
  const fields = output.stdout.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const meta = fields[i].replace(/^\s*:/, '').split(' ');
    if (meta.length < 5) continue;
    files.push({ path: fields[i + 1], status: meta[4].charAt(0) as ChangedFile['status'], mode: meta[1] });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
