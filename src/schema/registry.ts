import * as fs from 'fs';
import * as path from 'path';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { GitopsSynthError, type ErrorSource } from '../errors';
import { packageRoot } from '../package-root';
import { createKubernetesAjv, knownFormats } from './kubernetes-ajv';
import { readRegistrySnapshot, snapshotFileOf, writeRegistrySnapshot } from './registry-snapshot';
import { toAjvSchema, type SchemaNode } from './structural-schema';
import type { CrdVersion } from './crd-version';

export type { CrdVersion };

/**
 * The custom resources gitops-synth may write, by group, version and kind. Schemas
 * are compiled on first use and kept: the Argo CD Application schema alone is
 * 400 kB, and most runs never need it.
 */
export class CrdRegistry {
  private readonly validators = new Map<string, ValidateFunction>();
  /** {@link findVersion}'s answers by apiVersion, then kind (`null`: not served); asked twice for every object. */
  private readonly found = new Map<string, Map<string, CrdVersion | null>>();
  private readonly formats: ReadonlySet<string>;

  /** Prefer {@link loadCrdRegistry}; this is for callers that parsed CRDs themselves. */
  public constructor(
    /** Every served version, in the order the CRD files list them. */
    public readonly versions: readonly CrdVersion[],
    private readonly ajv: Ajv = createKubernetesAjv(),
  ) {
    this.formats = knownFormats(ajv);
  }

  /** The served version of `kind` at `apiVersion` (`group/version`), or undefined. */
  public findVersion(apiVersion: string, kind: string): CrdVersion | undefined {
    let kinds = this.found.get(apiVersion);
    if (kinds === undefined) {
      kinds = new Map();
      this.found.set(apiVersion, kinds);
    }
    let crd = kinds.get(kind);
    if (crd === undefined) {
      const { group, version } = splitApiVersion(apiVersion);
      crd = this.versions.find((v) => v.group === group && v.version === version && v.kind === kind) ?? null;
      kinds.set(kind, crd);
    }
    return crd ?? undefined;
  }

  /** Every served version of `kind` in `group`, in CRD order; empty when the kind is unknown. */
  public servedVersions(group: string, kind: string): readonly string[] {
    return this.versions.filter((v) => v.group === group && v.kind === kind).map((v) => v.version);
  }

  /** The compiled validator of a served version; throws when the registry does not serve it. */
  public getValidator(apiVersion: string, kind: string): ValidateFunction {
    const crd = this.findVersion(apiVersion, kind);
    if (crd === undefined) {
      throw new GitopsSynthError('CRD_NOT_SERVED', `no CRD serves ${apiVersion} ${kind}`, {
        source: 'internal',
        hint: 'look the version up with findVersion() before asking for its validator',
      });
    }
    const key = `${apiVersion}/${kind}`;
    let validate = this.validators.get(key);
    if (validate === undefined) {
      const schema = toAjvSchema(crd.schema, {
        knownFormats: this.formats,
        fluxDurations: crd.group.endsWith('.toolkit.fluxcd.io'),
      });
      validate = this.ajv.compile(schema);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/** Splits `group/version` (or a core `version`) into its parts. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * Reads every CRD under `crdDir` (default: the `crds/` shipped with gitops-synth),
 * including multi-document files and sub-directories. Nothing is compiled yet. The
 * shipped CRDs come from the build's snapshot while it matches them (registry-snapshot.ts).
 */
export function loadCrdRegistry(crdDir?: string): CrdRegistry {
  const dir = crdDir ?? path.join(packageRoot(), 'crds');
  const source: ErrorSource = crdDir === undefined ? 'internal' : 'user';
  const files = listCrdFiles(dir, source);
  const versions =
    (crdDir === undefined ? readRegistrySnapshot(dir, files, snapshotFileOf(dir)) : undefined) ??
    parseCrdFiles(files, source);
  if (versions.length === 0) {
    throw new GitopsSynthError('CRD_DIR_EMPTY', `no CustomResourceDefinition was found under ${dir}`, {
      source,
      hint: 'point at the directory that holds the CRD YAML files (gitops-synth ships them in crds/)',
    });
  }
  return new CrdRegistry(versions);
}

/** Writes the snapshot of the shipped CRDs that {@link loadCrdRegistry} reads (the build runs this). */
export function snapshotShippedCrds(): string {
  const dir = path.join(packageRoot(), 'crds');
  const files = listCrdFiles(dir, 'internal');
  const target = snapshotFileOf(dir);
  writeRegistrySnapshot(dir, files, parseCrdFiles(files, 'internal'), target);
  return target;
}

function parseCrdFiles(files: readonly string[], source: ErrorSource): CrdVersion[] {
  return files.flatMap((file) => parseCrdFile(fs.readFileSync(file, 'utf8'), file, source));
}

/**
 * The served versions in one CRD file's text. Documents that are not CRDs are
 * skipped; a CRD without a schema is an error, since nothing could be checked.
 */
export function parseCrdFile(text: string, file: string, source: ErrorSource = 'user'): CrdVersion[] {
  const out: CrdVersion[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw crdInvalid(file, document.errors[0].message, source);
    }
    const crd = document.toJS() as SchemaNode | null;
    if (crd === null || crd.kind !== 'CustomResourceDefinition') {
      continue;
    }
    out.push(...servedVersionsOf(crd, file, source));
  }
  return out;
}

function servedVersionsOf(crd: SchemaNode, file: string, source: ErrorSource): CrdVersion[] {
  const spec = crd.spec as
    { group?: string; scope?: string; names?: { kind?: string }; versions?: SchemaNode[] } | undefined;
  const group = spec?.group;
  const kind = spec?.names?.kind;
  if (group === undefined || kind === undefined || !Array.isArray(spec?.versions)) {
    throw crdInvalid(file, 'spec.group, spec.names.kind and spec.versions are required', source);
  }
  const scope = spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced';
  return spec.versions
    .filter((v) => v.served === true)
    .map((v) => {
      const schema = (v.schema as { openAPIV3Schema?: SchemaNode } | undefined)?.openAPIV3Schema;
      if (schema === undefined) {
        throw crdInvalid(file, `version ${String(v.name)} of ${kind} has no openAPIV3Schema`, source);
      }
      return { group, version: String(v.name), kind, scope, file, schema };
    });
}

function crdInvalid(file: string, reason: string, source: ErrorSource): GitopsSynthError {
  return new GitopsSynthError('CRD_INVALID', `CRD file ${file} cannot be used: ${reason}`, {
    source,
    hint: 'CRD files must be apiextensions.k8s.io/v1 CustomResourceDefinitions with a schema per served version',
  });
}

/** The CRD files under `dir`, in reading order (names sorted per directory, sub-directories walked). */
export function listCrdFiles(dir: string, source: ErrorSource = 'user'): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (cause) {
    throw new GitopsSynthError('CRD_DIR_UNREADABLE', `the CRD directory ${dir} cannot be read`, {
      source,
      cause,
      hint: 'check that the path exists',
    });
  }
  return entries
    .sort((a, b) => a.name.localeCompare(b.name, 'en'))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        return listCrdFiles(full, source);
      }
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    });
}
