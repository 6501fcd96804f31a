import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageRoot } from '../../src/package-root';
import { listCrdFiles, loadCrdRegistry, parseCrdFile } from '../../src/schema/registry';
import {
  readRegistrySnapshot,
  snapshotFileOf,
  writeRegistrySnapshot,
} from '../../src/schema/registry-snapshot';

const shipped = path.join(packageRoot(), 'crds');

const parsed = (dir: string) =>
  listCrdFiles(dir).flatMap((file) => parseCrdFile(fs.readFileSync(file, 'utf8'), file));

describe('the CRD registry snapshot', () => {
  let dir: string;
  let crds: string;
  let target: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-crd-snapshot-'));
    crds = path.join(dir, 'crds');
    fs.cpSync(shipped, crds, { recursive: true });
    target = snapshotFileOf(crds);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('GIVEN the shipped CRDs WHEN snapshotted and read back THEN the versions are exactly those parsed from the YAML, with absolute file names', () => {
    writeRegistrySnapshot(crds, listCrdFiles(crds), parsed(crds), target);
    expect(target).toBe(path.join(dir, 'dist', 'crds.json'));
    expect(readRegistrySnapshot(crds, listCrdFiles(crds), target)).toEqual(parsed(crds));
  });

  it.each([
    [
      'a CRD file edited',
      () =>
        fs.appendFileSync(
          path.join(crds, 'vworkspace/ops.vworkspace.io_operations.yaml'),
          '\n# local edit\n',
        ),
    ],
    [
      'a CRD file added',
      () =>
        fs.copyFileSync(
          path.join(crds, 'vworkspace/ops.vworkspace.io_operations.yaml'),
          path.join(crds, 'vworkspace/zz-extra.yaml'),
        ),
    ],
    ['a CRD file removed', () => fs.rmSync(path.join(crds, 'upstream/argo-cd/application-crd.yaml'))],
    ['a corrupt snapshot', () => fs.writeFileSync(target, '{"version":1,')],
    [
      'a snapshot of another version',
      () => fs.writeFileSync(target, '{"version":2,"sources":[],"versions":[]}'),
    ],
    ['no snapshot', () => fs.rmSync(target)],
  ])(
    'GIVEN %s after the snapshot WHEN read THEN it is not used (the YAML is parsed instead)',
    (_name, change) => {
      writeRegistrySnapshot(crds, listCrdFiles(crds), parsed(crds), target);
      change();
      expect(readRegistrySnapshot(crds, listCrdFiles(crds), target)).toBeUndefined();
    },
  );

  it('GIVEN the build (npm run build writes dist/crds.json) WHEN the shipped registry is loaded THEN it serves the versions the YAML gives', () => {
    // npm test builds first, so the shipped snapshot exists and matches crds/ here.
    expect(readRegistrySnapshot(shipped, listCrdFiles(shipped), snapshotFileOf(shipped))).toEqual(
      parsed(shipped),
    );
    expect(loadCrdRegistry().versions).toEqual(parsed(shipped));
  });
});
