import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GitopsSynthError, ValidationError } from '../../src/errors';
import { fleetDigest } from '../../src/intents/fleet';
import { decodeUtf8, listIntentFiles, loadFleet, readStamped, readTextAgain } from '../../src/intents/load';
import { HEADER, VALID } from './intents-text';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'intents', 'fleet');

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'intents-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Writes files (relative path → text) below the temporary directory. */
async function write(files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), text);
  }
}

const CLUSTERS = `${HEADER}clusters:\n  - id: cluster-b\n    sync: argocd\n  - id: cluster-a\n    owners: ["@acme/prod"]\n`;
const APPS = `${HEADER}applications:
  - { cluster: cluster-b, namespace: org-x, name: zeta, app: nextcloud, version: "1", chart: { repository: "oci://r.example.org/c", name: n, version: "1" } }
  - { cluster: cluster-a, namespace: org-y, name: alpha, app: gitea, version: "1", chart: { repository: "https://r.example.org", name: g, version: "2" }, values: { b: 1, a: [2, 1] } }
`;
const OPS = `${HEADER}operations:
  - { cluster: cluster-a, namespace: org-y, name: alpha-restart, type: restart, target: alpha, requestedAt: "2026-05-28T02:00:00+02:00", requestedBy: bob }
`;

describe('loadFleet', () => {
  it('GIVEN the realistic fixture directory WHEN loaded THEN it loads cleanly, every YAML/JSON file read in path order and other files ignored', async () => {
    // WHEN
    const loaded = await loadFleet(FIXTURE);
    // THEN
    expect(loaded.files).toEqual([
      'applications/prod.yaml',
      'applications/staging.json',
      'clusters.yaml',
      'operations.yml',
    ]);
    expect(loaded.fleet.clusters.map((c) => [c.id, c.sync, c.helmReleases])).toEqual([
      ['cluster-prod-1', 'flux', false],
      ['cluster-prod-2', 'flux', true],
      ['cluster-staging', 'argocd', false],
    ]);
    expect(loaded.fleet.applications.map((a) => `${a.cluster}/${a.namespace}/${a.name}`)).toEqual([
      'cluster-prod-1/org-myteam/gitea-myteam',
      'cluster-prod-1/org-myteam/nextcloud-myteam',
      'cluster-prod-2/org-research/nextcloud-research',
      'cluster-prod-2/org-research/nextcloud-research-archive',
      'cluster-staging/org-myteam/nextcloud-myteam',
    ]);
    expect(loaded.fleet.applications[3]).toMatchObject({
      chart: { repository: 'https://charts.example.org/stable', name: 'nextcloud', version: '4.6.2' },
      values: { replicas: 1, env: [{ name: 'DB_PASSWORD' }, { name: 'PHP_MEMORY_LIMIT', value: '512M' }] },
      source: { file: 'applications/prod.yaml', path: 'applications[1]' },
    });
    expect(loaded.fleet.operations.map((o) => [o.name, o.requestedAt, o.parameters])).toEqual([
      ['gitea-myteam-restart-1', '2026-05-28T04:30:00.250+02:00', {}],
      ['nextcloud-myteam-backup-2026-05-28', '2026-05-28T02:00:00Z', {}],
    ]);
    expect(loaded.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('GIVEN one file WHEN loaded THEN defaults are filled in and problems would name the file as given', async () => {
    await write({ 'intents.yaml': VALID });
    const loaded = await loadFleet(path.join(dir, 'intents.yaml'));
    expect(loaded.files).toEqual([path.join(dir, 'intents.yaml')]);
    expect(loaded.fleet.clusters[0]).toEqual({
      id: 'cluster-prod-1',
      sync: 'flux',
      helmReleases: false,
      owners: [],
      source: { file: path.join(dir, 'intents.yaml'), path: 'clusters[0]' },
    });
    expect(loaded.fleet.applications[0]).toMatchObject({ values: {}, valuesFrom: [], suspend: false });
    expect(loaded.fleet.operations[0].parameters).toEqual({});
  });

  it('GIVEN a directory of YAML and JSON files in nested folders WHEN loaded THEN their lists are merged and sorted', async () => {
    await write({
      'z/ops.yml': OPS,
      'clusters.json': JSON.stringify(parseClusters()),
      'apps/all.yaml': APPS,
      'notes.txt': 'ignored',
      '.github/workflows/ci.yml': 'on: push',
    });
    const loaded = await loadFleet(dir);
    expect(loaded.files).toEqual(['apps/all.yaml', 'clusters.json', 'z/ops.yml']);
    expect(loaded.fleet.clusters.map((c) => c.id)).toEqual(['cluster-a', 'cluster-b']);
    expect(loaded.fleet.applications.map((a) => a.name)).toEqual(['alpha', 'zeta']);
    expect(loaded.fleet.operations.map((o) => [o.name, o.source.file])).toEqual([
      ['alpha-restart', 'z/ops.yml'],
    ]);
  });

  it('GIVEN the same intents split into files differently and in another order WHEN loaded THEN the digest is the same', async () => {
    // GIVEN: one multi-document file
    await write({ 'all.yaml': `${CLUSTERS}---\n${APPS}---\n${OPS}` });
    const together = await loadFleet(dir);
    await fs.rm(dir, { recursive: true, force: true });
    // GIVEN: three files, lists reversed, keys reordered, JSON for one of them
    const reversedApps = `${HEADER}applications:\n${APPS.split('applications:\n')[1].split('\n').filter(Boolean).reverse().join('\n')}\n`;
    await write({
      'a-ops.yaml': OPS,
      'b-apps.yaml': reversedApps,
      'c/clusters.json': JSON.stringify({
        kind: 'Intents',
        clusters: parseClusters().clusters.reverse(),
        apiVersion: 'gitops.vworkspace.io/v1alpha1',
      }),
    });
    // WHEN
    const split = await loadFleet(dir);
    // THEN
    expect(split.digest).toBe(together.digest);
    expect(fleetDigest(split.fleet)).toBe(split.digest);
    // ... and a change of meaning changes it.
    await write({ 'a-ops.yaml': OPS.replace('requestedBy: bob', 'requestedBy: carol') });
    expect((await loadFleet(dir)).digest).not.toBe(together.digest);
  });

  it('GIVEN invalid intents in a directory WHEN loaded THEN a ValidationError INTENTS_INVALID names each file relative to the directory', async () => {
    await write({ 'ok.yaml': CLUSTERS, 'sub/bad.yaml': `${HEADER}clusters:\n  - id: cluster-a\n` });
    const error = await loadFleet(dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'INTENTS_INVALID', source: 'user' });
    expect((error as ValidationError).problems).toEqual([
      {
        file: 'sub/bad.yaml',
        path: 'clusters[0].id',
        rule: 'duplicate-cluster',
        message:
          "line 4:5: cluster id 'cluster-a' is declared twice: here and at ok.yaml clusters[1] (line 6:5); remove one or rename it",
      },
    ]);
  });

  it('GIVEN a large JSON file with one problem deep inside WHEN loaded THEN the problem still names its line:column (the file is read again for it)', async () => {
    // GIVEN: 3,000 applications (about 1 MB pretty-printed); the last has a reserved namespace.
    const applications = Array.from({ length: 3000 }, (_, index) => ({
      cluster: 'cluster-a',
      namespace: index === 2999 ? 'kube-system' : 'org-x',
      name: `app-${index}`,
      app: 'nextcloud',
      version: '1',
      chart: { repository: 'https://charts.example.org', name: 'nextcloud', version: '1' },
      values: { replicas: index },
    }));
    const text = JSON.stringify({ ...parseClusters(), applications }, null, 2);
    await write({ 'fleet.json': text });
    // WHEN
    const error = await loadFleet(dir).catch((caught: unknown) => caught);
    // THEN: the position is where "namespace" of the last application is written.
    const offset = text.indexOf('"namespace": "kube-system"');
    const before = text.slice(0, offset).split('\n');
    const where = `line ${before.length}:${before[before.length - 1].length + 1}: `;
    expect((error as ValidationError).problems).toEqual([
      {
        file: 'fleet.json',
        path: 'applications[2999].namespace',
        rule: 'reserved-namespace',
        message: expect.stringMatching(new RegExp(`^${where}namespace 'kube-system' is reserved`)),
      },
    ]);
    expect(before.length).toBeGreaterThan(40_000);
  });

  it('GIVEN a path that does not exist, or a directory without intents files WHEN loaded THEN INTENTS_NOT_FOUND', async () => {
    await expect(loadFleet(path.join(dir, 'missing'))).rejects.toMatchObject({
      code: 'INTENTS_NOT_FOUND',
      message: `the intents path '${path.join(dir, 'missing')}' does not exist`,
    });
    await write({ 'README.md': '# nothing here' });
    const error = await loadFleet(dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GitopsSynthError);
    expect(error).toMatchObject({
      code: 'INTENTS_NOT_FOUND',
      message: `the intents path '${dir}' holds no .yaml, .yml or .json files`,
    });
  });
});

describe('decodeUtf8', () => {
  it('GIVEN ASCII bytes, UTF-8 bytes with accents and emoji, a byte-order mark, and invalid bytes WHEN decoded THEN the text is what Buffer decodes as UTF-8', () => {
    const samples = [
      Buffer.from('{"a": "plain ascii ~\\x7f"}\n'),
      Buffer.from('{"é": "ünïcødé 🚀"}'),
      Buffer.from('\uFEFF{}'),
      Buffer.from([0x22, 0xff, 0xc3, 0x22]),
      Buffer.alloc(0),
    ];
    for (const bytes of samples) {
      expect(decodeUtf8(bytes)).toBe(bytes.toString('utf8'));
    }
    expect(decodeUtf8(Buffer.from('caf\u00e9'))).toBe('café');
  });
});

describe('listIntentFiles', () => {
  it('GIVEN nested intents files, hidden folders and other files WHEN listed THEN the intents files come in reading order, relative with /', async () => {
    expect(await listIntentFiles(dir)).toEqual([]);
    await write({
      'z/ops.yml': OPS,
      'B.json': '{}',
      'a/b/apps.YAML': APPS,
      'notes.txt': 'ignored',
      '.github/workflows/ci.yml': 'on: push',
    });
    expect(await listIntentFiles(dir)).toEqual(['B.json', 'a/b/apps.YAML', 'z/ops.yml']);
  });
});

describe('readStamped / readTextAgain', () => {
  it('GIVEN a file read with its stamp WHEN read again unchanged, after a change, and after deletion THEN the same text, then nothing, then nothing', async () => {
    // GIVEN
    const file = path.join(dir, 'a.json');
    await fs.writeFile(file, '{"a": 1}');
    const { text, stamp } = await readStamped(file);
    expect(text).toBe('{"a": 1}');
    // WHEN / THEN: unchanged
    expect(readTextAgain(file, stamp)).toBe('{"a": 1}');
    // WHEN / THEN: rewritten (another size)
    await fs.writeFile(file, '{"a": 12}');
    expect(readTextAgain(file, stamp)).toBeUndefined();
    // WHEN / THEN: same size, another modification time
    const again = await readStamped(file);
    await fs.writeFile(file, '{"a": 34}');
    await fs.utimes(file, new Date(), new Date(again.stamp.mtimeMs + 5000));
    expect(readTextAgain(file, again.stamp)).toBeUndefined();
    // WHEN / THEN: gone
    await fs.rm(file);
    expect(readTextAgain(file, again.stamp)).toBeUndefined();
  });
});

function parseClusters(): { apiVersion: string; kind: string; clusters: object[] } {
  return {
    apiVersion: 'gitops.vworkspace.io/v1alpha1',
    kind: 'Intents',
    clusters: [
      { id: 'cluster-b', sync: 'argocd' },
      { owners: ['@acme/prod'], id: 'cluster-a' },
    ],
  };
}
