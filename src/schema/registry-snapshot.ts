/**
 * The shipped CRDs, parsed once when gitops-synth is built (`dist/crds.json`) instead of
 * on every run: parsing the 600 kB of CRD YAML took ~0.4 s and left ~27 MB of resident
 * memory in every render thread, each of which loads the registry. The snapshot records
 * the sha256 of every CRD file it was made from; it is used only while those files are
 * byte for byte the same, so an edited or added CRD is parsed from YAML as before.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { CrdVersion } from './crd-version';

/** What `dist/crds.json` holds. */
interface RegistrySnapshot {
  readonly version: 1;
  /** Each CRD file, relative to the CRD directory with `/`, and the sha256 of its bytes, in reading order. */
  readonly sources: ReadonlyArray<readonly [file: string, sha256: string]>;
  /** The served versions, with `file` relative to the CRD directory. */
  readonly versions: readonly CrdVersion[];
}

/** Where the build writes the snapshot of `crdDir`'s CRDs: `dist/crds.json` beside it. */
export function snapshotFileOf(crdDir: string): string {
  return path.join(path.dirname(crdDir), 'dist', 'crds.json');
}

/** sha256 (hex) of each file, named relative to `crdDir`. */
function hashSources(crdDir: string, files: readonly string[]): Array<[string, string]> {
  return files.map((file) => [
    path.relative(crdDir, file).split(path.sep).join('/'),
    createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
  ]);
}

/** Writes the snapshot of `versions`, read from `files` under `crdDir`, to `target`. */
export function writeRegistrySnapshot(
  crdDir: string,
  files: readonly string[],
  versions: readonly CrdVersion[],
  target: string,
): void {
  const snapshot: RegistrySnapshot = {
    version: 1,
    sources: hashSources(crdDir, files),
    versions: versions.map((v) => ({ ...v, file: path.relative(crdDir, v.file).split(path.sep).join('/') })),
  };
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, `${JSON.stringify(snapshot)}\n`);
}

/**
 * The versions the snapshot at `source` holds for `files` under `crdDir`, with `file`
 * absolute again; undefined when there is no snapshot, it cannot be read, or any file
 * differs from the one it was made from (then the caller parses the YAML).
 */
export function readRegistrySnapshot(
  crdDir: string,
  files: readonly string[],
  source: string,
): CrdVersion[] | undefined {
  let snapshot: RegistrySnapshot;
  try {
    snapshot = JSON.parse(fs.readFileSync(source, 'utf8')) as RegistrySnapshot;
  } catch {
    return undefined;
  }
  if (snapshot?.version !== 1 || !Array.isArray(snapshot.sources) || !Array.isArray(snapshot.versions)) {
    return undefined;
  }
  const now = hashSources(crdDir, files);
  if (JSON.stringify(now) !== JSON.stringify(snapshot.sources)) return undefined;
  // Typed again: Array.isArray above narrowed the field to any[].
  const versions: readonly CrdVersion[] = snapshot.versions;
  return versions.map((v) => ({ ...v, file: path.join(crdDir, ...v.file.split('/')) }));
}
