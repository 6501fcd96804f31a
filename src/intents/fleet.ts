/**
 * Valid entries → the typed {@link Fleet}: defaults filled in, lists sorted, and a
 * digest that depends on the intents only (not on how they are split into files).
 */
import { createHash } from 'crypto';
import { CanonicalWriter, canonicalJson } from './canonical-json';
import { IntentDocument } from './document';
import { formatPath } from './paths';
import { LocatedEntries, LocatedEntry } from './references';
import {
  ApplicationIntent,
  ChartRef,
  ClusterIntent,
  Fleet,
  IntentSource,
  JsonObject,
  JsonValue,
  OperationIntent,
  OperationType,
  SyncMode,
  ValuesReference,
} from './model';

/** Canonical JSON lives in canonical-json.ts; it is exported here too, beside the digest built on it, for the modules that import it from here. */
export { canonicalJson };

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
    values: payloadOf(doc, entry.values),
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
    parameters: payloadOf(doc, entry.parameters),
    source: sourceOf(doc.file, path),
  };
}

/**
 * `values`/`parameters` as the fleet keeps them. YAML aliases share objects, and no two
 * intents should, so shared data is deep-copied; other data (all of JSON's) is kept as
 * read: nothing after validation changes the fleet, and a copy would double its memory.
 */
function payloadOf(doc: IntentDocument, value: unknown): JsonObject {
  if (value === null || value === undefined) {
    return {};
  }
  return (doc.sharesObjects ? structuredClone(value) : value) as JsonObject;
}

function sourceOf(file: string, path: readonly (string | number)[]): IntentSource {
  return { file, path: formatPath(path) };
}

function compareByPlace(a: { cluster: string; namespace: string; name: string }, b: typeof a): number {
  return (
    compareText(a.cluster, b.cluster) || compareText(a.namespace, b.namespace) || compareText(a.name, b.name)
  );
}

/** Code-unit order: the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `sha256:<hex>` of the fleet as canonical JSON: keys sorted at every depth, `source`
 * fields left out, lists in fleet order (already sorted; lists inside values keep their
 * order, which means something to Helm). Hashed piece by piece as it is written: the
 * same digest as hashing {@link canonicalJson} of the fleet, without holding that string.
 */
export function fleetDigest(fleet: Fleet): string {
  const hashing = hashFleet(fleet);
  let step = hashing.next();
  while (step.done !== true) step = hashing.next();
  return step.value;
}

/** Intents hashed between two pauses of {@link fleetDigestInSlices}: a few milliseconds' work. */
const INTENTS_PER_SLICE = 256;

/**
 * {@link fleetDigest}, worked out in slices with the event loop free between them: at
 * fleet scale the digest costs a second or more of this thread, which can then be spent
 * while git clones or fetches in its own process.
 */
export async function fleetDigestInSlices(fleet: Fleet): Promise<string> {
  const hashing = hashFleet(fleet);
  for (let done = 0; ; done += 1) {
    const step = hashing.next();
    if (step.done === true) return step.value;
    if (done % INTENTS_PER_SLICE === INTENTS_PER_SLICE - 1)
      await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Hashes the fleet's canonical JSON, pausing after each intent; returns the digest. The
 * two outer levels are written here as canonical JSON writes them (the three lists under
 * their keys in code-unit order, items joined by commas), each intent by the writer.
 */
function* hashFleet(fleet: Fleet): Generator<void, string> {
  const hash = createHash('sha256');
  const writer = new CanonicalWriter((piece) => hash.update(piece, 'utf8'));
  const lists: Array<[string, readonly object[]]> = [
    ['applications', fleet.applications],
    ['clusters', fleet.clusters],
    ['operations', fleet.operations],
  ];
  writer.raw('{');
  for (const [index, [key, items]] of lists.entries()) {
    writer.raw(`${index > 0 ? ',' : ''}${JSON.stringify(key)}:[`);
    for (const [at, item] of items.entries()) {
      if (at > 0) writer.raw(',');
      writer.value(item as unknown as JsonValue, true);
      yield;
    }
    writer.raw(']');
  }
  writer.raw('}');
  writer.flush();
  return `sha256:${hash.digest('hex')}`;
}
