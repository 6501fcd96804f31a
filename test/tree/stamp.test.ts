import * as fs from 'fs';
import * as path from 'path';
import { ClusterStamp, findStampChange, listStampEntries, stampCluster } from '../../src/tree/stamp';
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
  return BigInt(stamp.latestChangeNs);
}

/** The fields of each line `listStampEntries` gives. */
function fieldsOf(line: string): string[] {
  return line.replace(/\n$/, '').split('\0');
}

/** What a stamp that finds a difference says (it cannot tell which entry: the cache keeps a digest). */
const CHANGED = (cluster: string): string =>
  `clusters/${cluster}: an entry was added, removed, replaced or changed`;
/** The same, when the number of entries moved too. */
const RECOUNTED = (before: number, now: number): string =>
  `clusters/a: ${before} entries before, ${now} now; an entry was added, removed, replaced or changed`;

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

  it('GIVEN a cluster directory WHEN stamped THEN every entry below it is digested once, depth first with sorted names, with lstat fields as decimal strings', () => {
    const lines = listStampEntries(root, 'a');
    expect(lines.map((line) => fieldsOf(line).slice(0, 2))).toEqual([
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
    expect(fieldsOf(lines[5] ?? '')).toEqual([
      APP,
      'file',
      String(app.size),
      String(app.mtimeNs),
      String(app.ctimeNs),
      String(app.ino),
    ]);
    expect(fieldsOf(lines[5] ?? '')[3]).toBe(`${BigInt(PAST.getTime()) * 1_000_000n}`);
    const stamp = stampCluster(root, 'a');
    expect(stamp).toEqual({
      cluster: 'a',
      entries: 8,
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      latestChangeNs: expect.stringMatching(/^\d+$/),
    });
  });

  it('GIVEN a cluster directory WHEN stamped THEN the latest change is the newest mtime or ctime of a file, never of a directory', () => {
    const times = listStampEntries(root, 'a')
      .map(fieldsOf)
      .filter((fields) => fields[1] !== 'directory')
      .flatMap((fields) => [BigInt(fields[3] ?? '0'), BigInt(fields[4] ?? '0')]);
    const newestFile = times.reduce((a, b) => (a > b ? a : b), 0n);
    expect(latestChange(stampCluster(root, 'a'))).toBe(newestFile);
    fs.mkdirSync(path.join(root, 'clusters/a/namespaces/later'));
    expect(latestChange(stampCluster(root, 'a'))).toBe(newestFile);
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
    expect(reason).toBe(CHANGED('a'));
  });

  it.each([
    [
      'a new file',
      () => writeFiles(root, { 'clusters/a/namespaces/apps/applicationinstance-new.yaml': ownedYaml('new') }),
      RECOUNTED(8, 9),
    ],
    ['a new file sorted last', () => writeFiles(root, { 'clusters/a/zz.yaml': 'x' }), RECOUNTED(8, 9)],
    ['a removed file', () => fs.unlinkSync(path.join(root, DB)), RECOUNTED(8, 7)],
    [
      'the last entry removed',
      () => fs.unlinkSync(path.join(root, 'clusters/a/namespaces/kustomization.yaml')),
      RECOUNTED(8, 7),
    ],
    [
      'a new empty directory',
      () => fs.mkdirSync(path.join(root, 'clusters/a/namespaces/tools')),
      RECOUNTED(8, 9),
    ],
    [
      'a file replaced by a symlink to the same bytes',
      () => {
        fs.writeFileSync(path.join(root, 'elsewhere.yaml'), ownedYaml('app'));
        fs.unlinkSync(path.join(root, APP));
        fs.symlinkSync(path.join(root, 'elsewhere.yaml'), path.join(root, APP));
      },
      CHANGED('a'),
    ],
    ['a file appended to', () => fs.appendFileSync(path.join(root, DB), '# more\n'), CHANGED('a')],
    ['the cluster directory removed', () => removeDir(path.join(root, 'clusters/a')), RECOUNTED(8, 0)],
  ])('GIVEN %s after the stamp WHEN checked THEN the change is found', (_name, change, reason) => {
    expect(changeAfterStamp(change)).toBe(reason);
  });

  it("GIVEN a file created and removed again (an editor's swap file) WHEN checked THEN its directory's times still count as a change", () => {
    const reason = changeAfterStamp(() => {
      writeFiles(root, { 'clusters/a/namespaces/apps/.swp': 'x' });
      fs.unlinkSync(path.join(root, 'clusters/a/namespaces/apps/.swp'));
    });
    expect(reason).toBe(CHANGED('a'));
  });

  it('GIVEN a file renamed over by another with the same size and mtime WHEN checked THEN the new inode gives it away', () => {
    const reason = changeAfterStamp(() => {
      fs.writeFileSync(path.join(root, 'clusters/a/staged'), ownedYaml('APP'));
      fs.utimesSync(path.join(root, 'clusters/a/staged'), PAST, PAST);
      fs.renameSync(path.join(root, 'clusters/a/staged'), path.join(root, APP));
    });
    expect(reason).toBe(CHANGED('a'));
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
    const db = fieldsOf(listStampEntries(root, 'a').find((line) => line.startsWith(`${DB}\0`)) ?? '');
    const latest = latestChange(stamp);
    expect(findStampChange(root, stamp, BigInt(db[3] ?? ''))).toMatch(/: racily clean/);
    expect(findStampChange(root, stamp, latest)).toMatch(/: racily clean/);
    expect(findStampChange(root, stamp, latest + 1n)).toBeUndefined();
  });

  it('GIVEN a file whose mtime is in the future WHEN checked THEN it is never trusted', () => {
    const future = new Date('2100-01-01T00:00:00Z');
    fs.utimesSync(path.join(root, APP), future, future);
    expect(findStampChange(root, stampCluster(root, 'a'), farFuture())).toBe(
      'clusters/a: racily clean (a file changed in or after the clock tick the stamp was saved in)',
    );
  });

  it('GIVEN a cluster of directories only WHEN checked with any trust time THEN directories are never racy (their names are compared instead)', () => {
    fs.mkdirSync(path.join(root, 'clusters/c/namespaces/empty'), { recursive: true });
    const stamp = stampCluster(root, 'c');
    expect(stamp.entries).toBe(3);
    expect(stamp.latestChangeNs).toBe('0');
    expect(findStampChange(root, stamp, 0n)).toBeUndefined();
  });

  it('GIVEN an absent cluster directory WHEN stamped THEN the stamp is empty and matches until the directory appears', () => {
    const stamp = stampCluster(root, 'missing');
    expect(stamp).toEqual({
      cluster: 'missing',
      entries: 0,
      digest: stampCluster(root, 'also-missing').digest,
      latestChangeNs: '0',
    });
    expect(findStampChange(root, stamp, 0n)).toBeUndefined();
    fs.mkdirSync(path.join(root, 'clusters/missing'));
    expect(findStampChange(root, stamp, 0n)).toBe(
      'clusters/missing: 0 entries before, 1 now; an entry was added, removed, replaced or changed',
    );
  });

  it('GIVEN no clusters/ at all WHEN stamped THEN the stamp is empty and matches', () => {
    removeDir(path.join(root, 'clusters'));
    const stamp = stampCluster(root, 'a');
    expect(stamp.entries).toBe(0);
    expect(findStampChange(root, stamp, 0n)).toBeUndefined();
  });

  it('GIVEN clusters/ replaced by a symlink to an identical copy WHEN checked THEN it is a change (the tree reader would not read through it)', () => {
    const stamp = stampCluster(root, 'a');
    fs.renameSync(path.join(root, 'clusters'), path.join(scratch, 'clusters'));
    fs.symlinkSync(path.join(scratch, 'clusters'), path.join(root, 'clusters'));
    expect(findStampChange(root, stamp, farFuture())).toBe('clusters: not a real directory');
    expect(stampCluster(root, 'a').entries).toBe(0);
  });

  it('GIVEN a cluster directory that is a symlink WHEN stamped THEN the link itself is the only entry and is never followed', () => {
    fs.renameSync(path.join(root, 'clusters/a'), path.join(scratch, 'a'));
    fs.symlinkSync(path.join(scratch, 'a'), path.join(root, 'clusters/a'));
    expect(listStampEntries(root, 'a').map((line) => fieldsOf(line).slice(0, 2))).toEqual([
      ['clusters/a', 'symlink'],
    ]);
    expect(stampCluster(root, 'a').entries).toBe(1);
  });

  it('GIVEN a cluster id that is not one directory name WHEN stamped THEN TREE_STAMP_CLUSTER_INVALID; WHEN checked THEN a reason, never a throw', () => {
    for (const id of ['', '..', '.', 'a/b', '.git']) {
      expect(() => stampCluster(root, id)).toThrow(
        expect.objectContaining({ code: 'TREE_STAMP_CLUSTER_INVALID', source: 'internal' }),
      );
      const stamp: ClusterStamp = { cluster: id, entries: 0, digest: 'sha256:', latestChangeNs: '0' };
      expect(findStampChange(root, stamp, 0n)).toMatch(/cannot be read/);
    }
  });
});
