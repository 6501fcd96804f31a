/**
 * What Git already knows about the files below `clusters/`: the blob id of every tracked
 * file, from the index (`git ls-files -s`). A blob id is the hash of `blob <size>\0<bytes>`,
 * so a rendered file can be held against its committed version without reading it: on a
 * fresh clone of a 100,000-object repository that skips reading 100,000 files.
 *
 * The index only speaks for the disk when the working tree matches it, so the answer is
 * given only when `git diff-files` finds no tracked file changed and `git ls-files -o`
 * finds no untracked one below `clusters/`; otherwise (or when `root` is not a Git work
 * tree, or holds symlinks or submodules there) it is undefined and the caller reads the
 * files, as it would without Git.
 */
import { createHash } from 'crypto';
import { existsSync } from 'fs';
import * as path from 'path';
import { createGitRunContext } from '../git/context';
import { GitRunContext, runGitRaw } from '../git/runner';
import { CLUSTERS_DIR } from './paths';

/** Tracked regular files below `clusters/`: path (relative to the root) → blob id. */
export type CommittedBlobs = ReadonlyMap<string, string>;

/** The regular-file modes of the index; symlinks (120000) and submodules (160000) are not files to compare. */
const FILE_MODES = new Set(['100644', '100755']);

/**
 * The blob ids of the tracked files below `root/clusters/`, or undefined when the index
 * cannot stand in for the files (see the module comment). Never throws for a tree that is
 * not a Git work tree: that is an undefined answer, not an error.
 */
export async function findCommittedBlobs(
  root: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<CommittedBlobs | undefined> {
  try {
    const context = await createGitRunContext({ env }, root, undefined);
    const git = (args: string[]) => runGitRaw(context, args);
    // Paths relative to `root` (ls-files prints them relative to its working directory).
    const scope = ['--', `${CLUSTERS_DIR}/`];
    const changed = await git(['diff-files', '--quiet', ...scope]);
    if (changed.exitCode !== 0) return undefined;
    const untracked = await git(['ls-files', '-z', '--others', ...scope]);
    if (untracked.exitCode !== 0 || untracked.stdout !== '') return undefined;
    const listed = await git(['ls-files', '-z', '--stage', ...scope]);
    if (listed.exitCode !== 0) return undefined;
    const blobs = parseStage(listed.stdout);
    if (blobs === undefined || !(await storedAsWritten(context, root, env, [...blobs.keys()])))
      return undefined;
    return blobs;
  } catch {
    return undefined;
  }
}

/** Attributes under which the bytes on disk may differ from the blob (line ends, filters, encodings). */
const CONVERTING_ATTRIBUTES = ['text', 'eol', 'filter', 'ident', 'working-tree-encoding'];

/**
 * True when no file of `files` is converted between the index and the disk: no
 * `core.autocrlf`, and none of {@link CONVERTING_ATTRIBUTES} set for any of them. Otherwise
 * a clean `diff-files` only says the files match the blobs after conversion, and a blob id
 * says nothing about the bytes on disk.
 */
async function storedAsWritten(
  context: GitRunContext,
  root: string,
  env: Readonly<Record<string, string | undefined>>,
  files: readonly string[],
): Promise<boolean> {
  const autocrlf = await runGitRaw(context, ['config', '--get', 'core.autocrlf']);
  if (['true', 'input'].includes(autocrlf.stdout.trim().toLowerCase())) return false;
  // Asking for every file's attributes costs seconds and a large answer at fleet scale: only when some could be set.
  if (files.length === 0 || !(await mayHaveAttributes(context, root, env))) return true;
  const attributes = await runGitRaw(context, ['check-attr', '-z', '--stdin', ...CONVERTING_ATTRIBUTES], {
    input: `${files.join('\0')}\0`,
  });
  if (attributes.exitCode !== 0) return false;
  // `<path>\0<attribute>\0<value>\0` per file and attribute.
  const fields = attributes.stdout.split('\0');
  for (let index = 2; index < fields.length; index += 3) {
    if (!['unspecified', 'unset'].includes(fields[index])) return false;
  }
  return true;
}

/**
 * False when no attributes file can apply to the files below `root/clusters/`: none is
 * tracked anywhere in the repository, none lies in `root` or a directory above it up to
 * the top of the work tree (untracked ones below `clusters/` already sent the caller to
 * reading files), and there is no `info/attributes`, `core.attributesFile`, user-wide
 * (`$XDG_CONFIG_HOME/git/attributes`, `~/.config/git/attributes`) or system-wide
 * (`/etc/gitattributes`) file. True when any might.
 */
async function mayHaveAttributes(
  context: GitRunContext,
  root: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<boolean> {
  const git = (args: string[]) => runGitRaw(context, args);
  const tracked = await git(['ls-files', '-z', '--', ':(top,glob)**/.gitattributes']);
  if (tracked.exitCode !== 0 || tracked.stdout !== '') return true;
  const configured = await git(['config', '--get', 'core.attributesFile']);
  if (configured.stdout.trim() !== '') return true;
  const top = (await git(['rev-parse', '--show-toplevel'])).stdout.trim();
  const info = (await git(['rev-parse', '--git-path', 'info/attributes'])).stdout.trim();
  if (top === '' || info === '') return true;
  const candidates = [
    path.resolve(root, info),
    path.join(env.XDG_CONFIG_HOME ?? path.join(env.HOME ?? '/nonexistent', '.config'), 'git', 'attributes'),
    '/etc/gitattributes',
  ];
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, '.gitattributes'));
    if (path.relative(top, dir) === '' || dir === path.dirname(dir)) break;
  }
  return candidates.some((file) => existsSync(file));
}

/** `<mode> <id> <stage>\t<path>\0` records; undefined when any is not a plain, merged file. */
export function parseStage(output: string): CommittedBlobs | undefined {
  const blobs = new Map<string, string>();
  for (const record of output.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode, id, stage] = record.slice(0, tab).split(' ');
    if (tab < 0 || !FILE_MODES.has(mode ?? '') || stage !== '0' || id === undefined) return undefined;
    blobs.set(record.slice(tab + 1), id);
  }
  return blobs;
}

/** Git's blob id of `text` (UTF-8), in the hash of `like` (SHA-1: 40 hex digits, SHA-256: 64). */
export function blobId(text: string, like: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash(like.length === 64 ? 'sha256' : 'sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}
