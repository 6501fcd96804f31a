import * as fs from 'fs';
import * as path from 'path';
import { ClusterStamp, findStampChange, stampCluster } from '../../src/tree/stamp';
import { makePlainDir, makeRepo, ownedYaml, removeDir, writeFiles } from './helpers';

/** A whole second, so that utimes can put an mtime back exactly (it takes seconds as a float). */
const PAST = new Date('2020-01-01T00:00:00Z');

/** Later than any entry of the test trees: nothing is racily clean. */
function farFuture(): bigint {
  return BigInt(Date.now() + 3_600_000) * 1_000_000n;
}

/**
 * Waits until the filesystem clock has moved past `ns`, by touching a probe file: with a
 * coarse clock (ext4 without multigrain timestamps ticks every few ms) an edit in the same
 * tick as the stamp would keep its ctime, which is exactly the racy case, not the one tested.
 */
function waitPastClock(dir: string, ns: bigint): void {
  const probe = path.join(dir, 'clock-probe');
  for (;;) {
    fs.writeFileSync(probe, 'x');
    if (fs.lstatSync(probe, { bigint: true }).ctimeNs > ns) {
      fs.unlinkSync(probe);
      return;
    }
  }
}

function latestChange(stamp: ClusterStamp): bigint {
  return stamp.entries.reduce(
    (latest, entry) => [BigInt(entry[3]), BigInt(entry[4]), latest].reduce((a, b) => (a > b ? a : b)),
    0n,
  );
}

const APP = 'clusters/a/namespaces/apps/applicationinstance-app.yaml';
const DB = 'clusters/a/namespaces/apps/applicationinstance-db.yaml';

describe('stampCluster and findStampChange', () => {
  let root: string;
  let scratch: string;
  beforeEach(() => {
    root = makeRepo();
    scratch = makePlainDir();
    writeFiles(root, {
      [APP]: ownedYaml('app'),
      [DB]: ownedYaml('db'),
      'clusters/a/namespaces/kustomization.yaml': 'resources: []\n',
      'clusters/a/flux-system/gotk-sync.yaml': 'kind: Kustomization\n',
      'clusters/b/namespaces/apps/applicationinstance-other.yaml': ownedYaml('other'),
    });
    fs.utimesSync(path.join(root, APP), PAST, PAST);
  });
  afterEach(() => {
    removeDir(root);
    removeDir(scratch);
  });

  /** Stamps cluster `a`, waits for the clock to move on, then lets `change` alter the disk. */
  function changeAfterStamp(change: () => void): string | undefined {
    const stamp = stampCluster(root, 'a');
    waitPastClock(scratch, latestChange(stamp));
    change();
    return findStampChange(root, stamp, farFuture());
  }

  it('GIVEN a cluster directory WHEN stamped THEN every entry below it is listed once, depth first with sorted names, with lstat fields as decimal strings', () => {
    const stamp = stampCluster(root, 'a');
    expect(stamp.cluster).toBe('a');
    expect(stamp.entries.map(([relative, kind]) => [relative, kind])).toEqual([
      ['clusters/a', 'directory'],
      ['clusters/a/flux-system', 'directory'],
      ['clusters/a/flux-system/gotk-sync.yaml', 'file'],
      ['clusters/a/namespaces', 'directory'],
      ['clusters/a/namespaces/apps', 'directory'],
      ['clusters/a/namespaces/apps/applicationinstance-app.yaml', 'file'],
      ['clusters/a/namespaces/apps/applicationinstance-db.yaml', 'file'],
      ['clusters/a/namespaces/kustomization.yaml', 'file'],
    ]);
    const app = fs.lstatSync(path.join(root, APP), { bigint: true });
    expect(stamp.entries[5]).toEqual([
      APP,
      'file',
      String(app.size),
      String(app.mtimeNs),
      String(app.ctimeNs),
      String(app.ino),
    ]);
    expect(stamp.entries[5]?.[3]).toBe(`${BigInt(PAST.getTime()) * 1_000_000n}`);
  });

  it('GIVEN nothing changed WHEN stamped again and checked THEN the stamps are equal and no change is found', () => {
    const stamp = stampCluster(root, 'a');
    expect(JSON.parse(JSON.stringify(stampCluster(root, 'a')))).toEqual(stamp);
    expect(
      findStampChange(root, JSON.parse(JSON.stringify(stamp)) as ClusterStamp, farFuture()),
    ).toBeUndefined();
  });

  it('GIVEN a content edit of the same size with the mtime put back by utimes WHEN checked THEN the ctime gives it away', () => {
    const reason = changeAfterStamp(() => {
      fs.writeFileSync(path.join(root, APP), ownedYaml('APP'));
      fs.utimesSync(path.join(root, APP), PAST, PAST);
    });
    expect(fs.statSync(path.join(root, APP)).mtime).toEqual(PAST);
    expect(reason).toBe(`${APP}: changed (ctime changed)`);
  });

  it.each([
    [
      'a new file',
      () => writeFiles(root, { 'clusters/a/namespaces/apps/applicationinstance-new.yaml': ownedYaml('new') }),
      'clusters/a/namespaces/apps/applicationinstance-new.yaml: new entry',
    ],
    [
      'a new file sorted last',
      () => writeFiles(root, { 'clusters/a/zz.yaml': 'x' }),
      'clusters/a/zz.yaml: new entry',
    ],
    ['a removed file', () => fs.unlinkSync(path.join(root, DB)), `${DB}: removed`],
    [
      'the last entry removed',
      () => fs.unlinkSync(path.join(root, 'clusters/a/namespaces/kustomization.yaml')),
      'clusters/a/namespaces/kustomization.yaml: removed',
    ],
    [
      'a new empty directory',
      () => fs.mkdirSync(path.join(root, 'clusters/a/namespaces/tools')),
      'clusters/a/namespaces/tools: new entry',
    ],
    [
      'a file replaced by a symlink to the same bytes',
      () => {
        fs.writeFileSync(path.join(root, 'elsewhere.yaml'), ownedYaml('app'));
        fs.unlinkSync(path.join(root, APP));
        fs.symlinkSync(path.join(root, 'elsewhere.yaml'), path.join(root, APP));
      },
      `${APP}: was a file, is now a symlink`,
    ],
    ['a file appended to', () => fs.appendFileSync(path.join(root, DB), '# more\n'), `${DB}: size changed`],
    ['the cluster directory removed', () => removeDir(path.join(root, 'clusters/a')), 'clusters/a: removed'],
  ])('GIVEN %s after the stamp WHEN checked THEN the change is found', (_name, change, reason) => {
    expect(changeAfterStamp(change)).toBe(reason);
  });

  it("GIVEN a file created and removed again (an editor's swap file) WHEN checked THEN its directory's times still count as a change", () => {
    const reason = changeAfterStamp(() => {
      writeFiles(root, { 'clusters/a/namespaces/apps/.swp': 'x' });
      fs.unlinkSync(path.join(root, 'clusters/a/namespaces/apps/.swp'));
    });
    expect(reason).toBe('clusters/a/namespaces/apps: modified (mtime changed)');
  });

  it('GIVEN a file renamed over by another with the same size and mtime WHEN checked THEN the new inode gives it away', () => {
    const reason = changeAfterStamp(() => {
      fs.writeFileSync(path.join(root, 'clusters/a/staged'), ownedYaml('APP'));
      fs.utimesSync(path.join(root, 'clusters/a/staged'), PAST, PAST);
      fs.renameSync(path.join(root, 'clusters/a/staged'), path.join(root, APP));
    });
    expect(reason).toBe(`${APP}: replaced (inode changed)`);
  });

  it('GIVEN a change in another cluster, or below a .git directory, WHEN cluster a is checked THEN it is unchanged (the tree reader skips .git too)', () => {
    writeFiles(root, { 'clusters/a/.git/HEAD': 'ref\n' });
    const reason = changeAfterStamp(() => {
      writeFiles(root, {
        'clusters/b/namespaces/apps/applicationinstance-more.yaml': ownedYaml('more'),
        'clusters/a/.git/HEAD': 'other\n',
        'clusters/a/.git/index': 'x',
      });
    });
    expect(reason).toBeUndefined();
  });

  it('GIVEN an entry recorded at or after the time the stamp was trusted from WHEN checked THEN it is racily clean; GIVEN a later trust time THEN it is clean', () => {
    const stamp = stampCluster(root, 'a');
    const db = stamp.entries.find((entry) => entry[0] === DB) as readonly string[];
    const latest = latestChange(stamp);
    expect(findStampChange(root, stamp, BigInt(db[3]))).toMatch(/: racily clean/);
    expect(findStampChange(root, stamp, latest)).toMatch(/: racily clean/);
    expect(findStampChange(root, stamp, latest + 1n)).toBeUndefined();
  });

  it('GIVEN a file whose mtime is in the future WHEN checked THEN it is never trusted', () => {
    const future = new Date('2100-01-01T00:00:00Z');
    fs.utimesSync(path.join(root, APP), future, future);
    expect(findStampChange(root, stampCluster(root, 'a'), farFuture())).toBe(
      `${APP}: racily clean (changed in or after the clock tick the stamp was saved in)`,
    );
  });

  it('GIVEN a cluster of directories only WHEN checked with any trust time THEN directories are never racy (their names are compared instead)', () => {
    fs.mkdirSync(path.join(root, 'clusters/c/namespaces/empty'), { recursive: true });
    const stamp = stampCluster(root, 'c');
    expect(stamp.entries).toHaveLength(3);
    expect(findStampChange(root, stamp, 0n)).toBeUndefined();
  });

  it('GIVEN an absent cluster directory WHEN stamped THEN the stamp is empty and matches until the directory appears', () => {
    const stamp = stampCluster(root, 'missing');
    expect(stamp).toEqual({ cluster: 'missing', entries: [] });
    expect(findStampChange(root, stamp, 0n)).toBeUndefined();
    fs.mkdirSync(path.join(root, 'clusters/missing'));
    expect(findStampChange(root, stamp, 0n)).toBe('clusters/missing: new entry');
  });

  it('GIVEN no clusters/ at all WHEN stamped THEN the stamp is empty and matches', () => {
    removeDir(path.join(root, 'clusters'));
    const stamp = stampCluster(root, 'a');
    expect(stamp.entries).toEqual([]);
    expect(findStampChange(root, stamp, 0n)).toBeUndefined();
  });

  it('GIVEN clusters/ replaced by a symlink to an identical copy WHEN checked THEN it is a change (the tree reader would not read through it)', () => {
    const stamp = stampCluster(root, 'a');
    fs.renameSync(path.join(root, 'clusters'), path.join(scratch, 'clusters'));
    fs.symlinkSync(path.join(scratch, 'clusters'), path.join(root, 'clusters'));
    expect(findStampChange(root, stamp, farFuture())).toBe('clusters: not a real directory');
    expect(stampCluster(root, 'a').entries).toEqual([]);
  });

  it('GIVEN a cluster directory that is a symlink WHEN stamped THEN the link itself is the only entry and is never followed', () => {
    fs.renameSync(path.join(root, 'clusters/a'), path.join(scratch, 'a'));
    fs.symlinkSync(path.join(scratch, 'a'), path.join(root, 'clusters/a'));
    const stamp = stampCluster(root, 'a');
    expect(stamp.entries.map(([relative, kind]) => [relative, kind])).toEqual([['clusters/a', 'symlink']]);
  });

  it('GIVEN a cluster id that is not one directory name WHEN stamped THEN TREE_STAMP_CLUSTER_INVALID; WHEN checked THEN a reason, never a throw', () => {
    for (const id of ['', '..', '.', 'a/b', '.git']) {
      expect(() => stampCluster(root, id)).toThrow(
        expect.objectContaining({ code: 'TREE_STAMP_CLUSTER_INVALID', source: 'internal' }),
      );
      expect(findStampChange(root, { cluster: id, entries: [] }, 0n)).toMatch(/cannot be read/);
    }
  });
});
