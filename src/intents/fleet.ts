/**
 * Valid entries → the typed {@link Fleet}: defaults filled in, lists sorted, and a
 * digest that depends on the intents only (not on how they are split into files).
 */
import { createHash } from 'crypto';
import { formatPath } from './paths';
import { LocatedEntries, LocatedEntry } from './references';
import {
  ApplicationIntent, ChartRef, ClusterIntent, Fleet, IntentSource, JsonObject, JsonValue, OperationIntent,
  OperationType, SyncMode, ValuesReference,
} from './model';

/** Builds the fleet from entries that passed validation (it trusts their shape). */
export function buildFleet(entries: LocatedEntries): Fleet {
  return {
    clusters: entries.clusters.map(toCluster).sort((a, b) => compareText(a.id, b.id)),
    applications: entries.applications.map(toApplication).sort(compareByPlace),
    operations: entries.operations.map(toOperation).sort(compareByPlace),
  };
}

function toCluster({ doc, path, entry }: LocatedEntry): ClusterIntent {
  return {
    id: entry.id as string,
    sync: (entry.sync ?? 'flux') as SyncMode,
    helmReleases: (entry.helmReleases ?? false) as boolean,
    owners: [...((entry.owners ?? []) as string[])],
    source: sourceOf(doc.file, path),
  };
}

function toApplication({ doc, path, entry }: LocatedEntry): ApplicationIntent {
  const chart = entry.chart as ChartRef;
  const valuesFrom = (entry.valuesFrom ?? []) as ValuesReference[];
  return {
    cluster: entry.cluster as string,
    namespace: entry.namespace as string,
    name: entry.name as string,
    app: entry.app as string,
    version: entry.version as string,
    chart: { repository: chart.repository, name: chart.name, version: chart.version },
    values: copyObject(entry.values),
    valuesFrom: valuesFrom.map((reference) => ({ ...reference })),
    suspend: (entry.suspend ?? false) as boolean,
    source: sourceOf(doc.file, path),
  };
}

function toOperation({ doc, path, entry }: LocatedEntry): OperationIntent {
  return {
    cluster: entry.cluster as string,
    namespace: entry.namespace as string,
    name: entry.name as string,
    type: entry.type as OperationType,
    target: entry.target as string,
    requestedAt: entry.requestedAt as string,
    requestedBy: entry.requestedBy as string,
    parameters: copyObject(entry.parameters),
    source: sourceOf(doc.file, path),
  };
}

/** A deep copy: YAML aliases share objects, and no two intents should. */
function copyObject(value: unknown): JsonObject {
  return value === null || value === undefined ? {} : (structuredClone(value) as JsonObject);
}

function sourceOf(file: string, path: readonly (string | number)[]): IntentSource {
  return { file, path: formatPath(path) };
}

function compareByPlace(a: { cluster: string; namespace: string; name: string }, b: typeof a): number {
  return compareText(a.cluster, b.cluster) || compareText(a.namespace, b.namespace) || compareText(a.name, b.name);
}

/** Code-unit order: the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `sha256:<hex>` of the fleet as canonical JSON: keys sorted at every depth, `source`
 * fields left out, lists in fleet order (already sorted; lists inside values keep their
 * order, which means something to Helm).
 */
export function fleetDigest(fleet: Fleet): string {
  const canonical = canonicalJson({ clusters: fleet.clusters, applications: fleet.applications, operations: fleet.operations } as unknown as JsonValue, true);
  return `sha256:${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;
}

/** JSON with object keys sorted; `dropSource` removes the intents' `source` fields. */
export function canonicalJson(value: JsonValue, dropSource = false): string {
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item, dropSource)).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((key) => !(dropSource && key === 'source')).sort(compareText);
    // `source` is only dropped at the intent level, never inside values.
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key], dropSource && !['values', 'parameters'].includes(key))}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
