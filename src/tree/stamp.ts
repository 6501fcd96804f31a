/**
 * A stamp of what is on disk below `clusters/<id>/`: every entry as `lstat` saw it, so a
 * later run can tell, without reading a single file, that nothing there changed. This is
 * git's index check: an entry whose kind, size, mtime, ctime and inode are all the same is
 * taken as unchanged. A content edit moves the ctime even when the mtime is put back
 * (`touch -d`, `utimes`), and a file replaced by another gets a new inode or ctime.
 *
 * The one gap is the filesystem clock's tick: an edit in the same tick as the recorded
 * change leaves every field as it was. An entry recorded in the tick the stamp was saved
 * in, or later, is therefore never trusted ("racily clean", as git calls it).
 *
 * Entries are walked in one fixed order (depth first, names sorted) by one walker, so a
 * check is a single pass that compares the disk with the stamp entry by entry and stops at
 * the first difference. Symlinks are recorded, never followed; `.git` is skipped, as the
 * tree reader skips it (read.ts), so nothing the reader sees escapes the stamp.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GitopsSynthError } from '../errors';
import { errorCode } from './fs';
import { CLUSTERS_DIR } from './paths';

/** What an entry is, as `lstat` says (a symlink is a symlink, whatever it points to). */
export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

/**
 * One entry below `clusters/<id>/` (or that directory itself), as a tuple because a
 * stamp of 111,100 entries is stored and parsed as JSON on every run: the POSIX path
 * relative to the repository root, its kind, then size, mtime (ns), ctime (ns) and inode
 * from `lstat` with `bigint`, written as decimal strings so no digit is lost in JSON.
 */
export type EntryStamp = readonly [
  path: string,
  kind: EntryKind,
  size: string,
  mtimeNs: string,
  ctimeNs: string,
  ino: string,
];

/** Every entry of one cluster's directory, in walk order; no entries when the directory is absent. */
export interface ClusterStamp {
  /** The cluster id, so that "still absent" can be checked too. */
  readonly cluster: string;
  readonly entries: readonly EntryStamp[];
}

/**
 * Stamps `clusters/<clusterId>/` of `root`, synchronously (one thread walking in order is
 * the fastest way through many small entries). Deterministic: the same tree gives the
 * same stamp. An absent cluster directory, or a `clusters` that is not a real directory
 * (which {@link findStampChange} never trusts), gives no entries.
 *
 * Throws the filesystem's error when a directory cannot be read (EACCES); the tree reader
 * would have failed on it before any write, so a caller can treat it as "no stamp".
 */
export function stampCluster(root: string, clusterId: string): ClusterStamp {
  ensureClusterId(clusterId);
  const entries: EntryStamp[] = [];
  if (findClustersKind(root) === 'directory') {
    walkCluster(root, clusterId, (relative, stat) => {
      entries.push([
        relative,
        kindOf(stat),
        stat.size.toString(),
        stat.mtimeNs.toString(),
        stat.ctimeNs.toString(),
        stat.ino.toString(),
      ]);
      return true;
    });
  }
  return { cluster: clusterId, entries };
}

/**
 * Why the disk no longer matches `stamp`, or undefined when it matches exactly: the same
 * entries, each with the same kind, size, mtime, ctime and inode, and none racily clean
 * (a non-directory whose recorded mtime or ctime is at or after `trustedBeforeNs`, the
 * time the stamp was saved). Stops at the first difference of an entry (a directory's own
 * difference only at the end of the walk, when nothing below it explains it). The reason is a short
 * sentence for debug logs (`clusters/a/x.yaml: size changed`). Never throws: an entry
 * that cannot be read is a difference.
 */
export function findStampChange(
  root: string,
  stamp: ClusterStamp,
  trustedBeforeNs: bigint,
): string | undefined {
  try {
    return compareWithDisk(root, stamp, trustedBeforeNs);
  } catch (error) {
    return `${CLUSTERS_DIR}/${stamp.cluster}: cannot be read (${errorCode(error) ?? String(error)})`;
  }
}

function compareWithDisk(root: string, stamp: ClusterStamp, trustedBeforeNs: bigint): string | undefined {
  ensureClusterId(stamp.cluster);
  const clusters = findClustersKind(root);
  if (clusters === 'other') {
    return `${CLUSTERS_DIR}: not a real directory`;
  }
  const entries = stamp.entries;
  let index = 0;
  let reason: string | undefined;
  // A directory's times move whenever a name in it does: its difference is kept, and
  // reported only if no entry below explains it, so the reason names the file.
  let directoryReason: string | undefined;
  if (clusters === 'directory') {
    walkCluster(root, stamp.cluster, (relative, stat) => {
      const recorded = entries[index++];
      if (recorded === undefined || recorded[0] !== relative) {
        reason = describeMismatch(entries, index - 1, relative);
        return false;
      }
      const difference = compareEntry(recorded, stat, trustedBeforeNs);
      if (difference !== undefined && recorded[1] === 'directory' && stat.isDirectory()) {
        directoryReason ??= difference;
        return true;
      }
      reason = difference;
      return reason === undefined;
    });
  }
  const missing = entries[index];
  return reason ?? (missing === undefined ? undefined : `${missing[0]}: removed`) ?? directoryReason;
}

/** Compares one entry whose path matches; the first field that differs names the reason. */
function compareEntry(
  recorded: EntryStamp,
  stat: fs.BigIntStats,
  trustedBeforeNs: bigint,
): string | undefined {
  const [relative, kind, size, mtimeNs, ctimeNs, ino] = recorded;
  const now = kindOf(stat);
  if (now !== kind) {
    return `${relative}: was a ${kind}, is now a ${now}`;
  }
  if (stat.ino.toString() !== ino) {
    return `${relative}: replaced (inode changed)`;
  }
  if (stat.size.toString() !== size) {
    return `${relative}: size changed`;
  }
  if (stat.mtimeNs.toString() !== mtimeNs) {
    return `${relative}: modified (mtime changed)`;
  }
  if (stat.ctimeNs.toString() !== ctimeNs) {
    return `${relative}: changed (ctime changed)`;
  }
  // A directory's contents are its names, and every name is listed and compared, so its
  // times prove nothing either way; anything else is trusted only if it is older than the stamp.
  if (kind !== 'directory' && (stat.mtimeNs >= trustedBeforeNs || stat.ctimeNs >= trustedBeforeNs)) {
    return `${relative}: racily clean (changed in or after the clock tick the stamp was saved in)`;
  }
  return undefined;
}

/** The disk has `relative` where the stamp has another path (or none): one side has an entry the other lacks. */
function describeMismatch(entries: readonly EntryStamp[], index: number, relative: string): string {
  const recorded = entries[index];
  if (recorded !== undefined && entries.some((entry, at) => at > index && entry[0] === relative)) {
    return `${recorded[0]}: removed`;
  }
  return `${relative}: new entry`;
}

/**
 * Visits `clusters/<clusterId>` and everything below it, depth first with the names of
 * each directory sorted, until `visit` returns false. An entry that vanishes between the
 * listing and its `lstat` is not visited (it is gone). Only called when `clusters` is a
 * real directory, so no path here passes through a symlink.
 */
function walkCluster(
  root: string,
  clusterId: string,
  visit: (relative: string, stat: fs.BigIntStats) => boolean,
): void {
  const base = path.resolve(root) + path.sep;
  const statOf = (relative: string): fs.BigIntStats | undefined =>
    fs.lstatSync(base + relative, { bigint: true, throwIfNoEntry: false });
  const walk = (directory: string): boolean => {
    for (const name of fs.readdirSync(base + directory).sort()) {
      if (name === '.git') {
        continue;
      }
      const relative = `${directory}/${name}`;
      const stat = statOf(relative);
      if (stat !== undefined && !(visit(relative, stat) && (!stat.isDirectory() || walk(relative)))) {
        return false;
      }
    }
    return true;
  };
  const top = `${CLUSTERS_DIR}/${clusterId}`;
  const stat = statOf(top);
  if (stat !== undefined && visit(top, stat) && stat.isDirectory()) {
    walk(top);
  }
}

/** What `clusters` is: the tree reader treats anything but a real directory as foreign. */
function findClustersKind(root: string): 'absent' | 'directory' | 'other' {
  const stat = fs.lstatSync(path.join(root, CLUSTERS_DIR), { throwIfNoEntry: false });
  return stat === undefined ? 'absent' : stat.isDirectory() ? 'directory' : 'other';
}

function kindOf(stat: fs.BigIntStats): EntryKind {
  return stat.isFile()
    ? 'file'
    : stat.isDirectory()
      ? 'directory'
      : stat.isSymbolicLink()
        ? 'symlink'
        : 'other';
}

/** A cluster id names one directory in `clusters/`; anything else would walk outside it. */
function ensureClusterId(clusterId: string): void {
  if (
    clusterId === '' ||
    clusterId === '.' ||
    clusterId === '..' ||
    clusterId === '.git' ||
    /[/\\\0]/.test(clusterId)
  ) {
    throw new GitopsSynthError(
      'TREE_STAMP_CLUSTER_INVALID',
      `The cluster id ${JSON.stringify(clusterId)} is not one directory name inside ${CLUSTERS_DIR}/.`,
      {
        source: 'internal',
        hint: 'Stamp only cluster ids that passed intents validation.',
      },
    );
  }
}
