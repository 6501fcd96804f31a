/**
 * A stamp of what is on disk below `clusters/<id>/`: every entry as `lstat` saw it, so a
 * later run can tell, without reading a single file, that nothing there changed. This is
 * git's index check: an entry whose kind, size, mtime, ctime and inode are all the same is
 * taken as unchanged. A content edit moves the ctime even when the mtime is put back
 * (`touch -d`, `utimes`), and a file replaced by another gets a new inode or ctime.
 *
 * The stamp keeps a digest of the entries, not the entries: the cache holds one stamp per
 * cluster and is read on every run, and at 111,100 entries the entries themselves were
 * 17 MB of JSON, a third of a cached no-op's time and ~60 MB of memory through a whole run.
 * A check walks the disk the same way and compares digests; it cannot say which entry
 * differs, but no caller needs that (a changed cluster is simply rendered again).
 *
 * The one gap is the filesystem clock's tick: an edit in the same tick as the recorded
 * change leaves every field as it was. A stamp whose latest file change is in the tick it
 * was saved in, or later, is therefore never trusted ("racily clean", as git calls it).
 *
 * Entries are walked in one fixed order (depth first, names sorted) by one walker.
 * Symlinks are recorded, never followed; `.git` is skipped, as the tree reader skips it
 * (read.ts), so nothing the reader sees escapes the stamp.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { GitopsSynthError } from '../errors';
import { errorCode } from './fs';
import { CLUSTERS_DIR } from './paths';

/** What an entry is, as `lstat` says (a symlink is a symlink, whatever it points to). */
export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

/** Every entry of one cluster's directory, as a digest; no entries when the directory is absent. */
export interface ClusterStamp {
  /** The cluster id, so that "still absent" can be checked too. */
  readonly cluster: string;
  /** How many entries the walk found (the cluster directory itself included). */
  readonly entries: number;
  /**
   * `sha256:<hex>` over each entry in walk order: its POSIX path relative to the
   * repository root, kind, then size, mtime (ns), ctime (ns) and inode from `lstat` with `bigint`.
   */
  readonly digest: string;
  /**
   * The latest mtime or ctime (ns, a decimal string) of any entry but a directory, "0" when
   * there is none: a directory's contents are its names, and every name is in the digest,
   * so only the other entries' times decide whether the stamp is racily clean.
   */
  readonly latestChangeNs: string;
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
  const { lines, latestChangeNs } = collectEntries(root, clusterId);
  const digest = `sha256:${createHash('sha256').update(lines.join('')).digest('hex')}`;
  return { cluster: clusterId, entries: lines.length, digest, latestChangeNs: latestChangeNs.toString() };
}

/**
 * The entries a stamp of `clusters/<clusterId>/` digests, in walk order: one line each,
 * `<path>\0<kind>\0<size>\0<mtimeNs>\0<ctimeNs>\0<ino>\n` (what a debug session compares).
 */
export function listStampEntries(root: string, clusterId: string): string[] {
  return collectEntries(root, clusterId).lines;
}

function collectEntries(root: string, clusterId: string): { lines: string[]; latestChangeNs: bigint } {
  ensureClusterId(clusterId);
  const lines: string[] = [];
  let latest = 0n;
  if (findClustersKind(root) === 'directory') {
    walkCluster(root, clusterId, (relative, stat) => {
      const kind = kindOf(stat);
      lines.push(`${relative}\0${kind}\0${stat.size}\0${stat.mtimeNs}\0${stat.ctimeNs}\0${stat.ino}\n`);
      if (kind !== 'directory') {
        if (stat.mtimeNs > latest) latest = stat.mtimeNs;
        if (stat.ctimeNs > latest) latest = stat.ctimeNs;
      }
    });
  }
  return { lines, latestChangeNs: latest };
}

/**
 * Why the disk no longer matches `stamp`, or undefined when it matches exactly: the same
 * entries, each with the same kind, size, mtime, ctime and inode, and not racily clean
 * (no entry but a directory changed at or after `trustedBeforeNs`, the time the stamp was
 * saved). The reason is a short sentence for debug logs. Never throws: an entry that
 * cannot be read is a difference.
 */
export function findStampChange(
  root: string,
  stamp: ClusterStamp,
  trustedBeforeNs: bigint,
): string | undefined {
  const where = `${CLUSTERS_DIR}/${stamp.cluster}`;
  try {
    if (findClustersKind(root) === 'other') {
      return `${CLUSTERS_DIR}: not a real directory`;
    }
    const now = stampCluster(root, stamp.cluster);
    if (now.entries !== stamp.entries || now.digest !== stamp.digest) {
      return `${where}: ${now.entries === stamp.entries ? '' : `${stamp.entries} entries before, ${now.entries} now; `}an entry was added, removed, replaced or changed`;
    }
  } catch (error) {
    return `${where}: cannot be read (${errorCode(error) ?? String(error)})`;
  }
  // "0": no entry but directories (a file's ctime, set by the kernel, is never 0).
  const latest = BigInt(stamp.latestChangeNs);
  if (latest !== 0n && latest >= trustedBeforeNs) {
    return `${where}: racily clean (a file changed in or after the clock tick the stamp was saved in)`;
  }
  return undefined;
}

/**
 * Visits `clusters/<clusterId>` and everything below it, depth first with the names of
 * each directory sorted. An entry that vanishes between the
 * listing and its `lstat` is not visited (it is gone). Only called when `clusters` is a
 * real directory, so no path here passes through a symlink.
 */
function walkCluster(
  root: string,
  clusterId: string,
  visit: (relative: string, stat: fs.BigIntStats) => void,
): void {
  const base = path.resolve(root) + path.sep;
  const statOf = (relative: string): fs.BigIntStats | undefined =>
    fs.lstatSync(base + relative, { bigint: true, throwIfNoEntry: false });
  const visitTree = (relative: string): void => {
    const stat = statOf(relative);
    if (stat === undefined) return;
    visit(relative, stat);
    if (!stat.isDirectory()) return;
    for (const name of fs.readdirSync(base + relative).sort()) {
      if (name !== '.git') visitTree(`${relative}/${name}`);
    }
  };
  visitTree(`${CLUSTERS_DIR}/${clusterId}`);
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
