/**
 * Checks across entries and files: duplicates, references to undeclared clusters,
 * operations whose target is missing. Every duplicate names both places, since the two
 * are often in different files.
 */
import { Problem } from '../errors';
import { describePlace, IntentDocument, problemAt } from './document';
import { findDns1123LabelViolation, findLabelValueViolation } from './names';
import { PathSegment } from './paths';
import { INTENT_RULES, IntentRule } from './rules';
import { findNearest } from './suggest';

/** One entry of a list in a document, with where it is. */
export interface LocatedEntry {
  readonly doc: IntentDocument;
  readonly path: PathSegment[];
  readonly entry: Record<string, unknown>;
}

/** Every entry of the three lists, across all documents. */
export interface LocatedEntries {
  readonly clusters: readonly LocatedEntry[];
  readonly applications: readonly LocatedEntry[];
  readonly operations: readonly LocatedEntry[];
}

/** Problems that only show when all documents are seen together. */
export function checkReferences(entries: LocatedEntries): Problem[] {
  const clusterIds = new Set(entries.clusters.map(({ entry }) => entry.id).filter(isString));
  return [
    ...findDuplicates(entries.clusters, ['id'], INTENT_RULES.duplicateCluster, 'cluster id'),
    ...findDuplicates(
      entries.applications,
      ['cluster', 'namespace', 'name'],
      INTENT_RULES.duplicateApplication,
      'application',
    ),
    ...findDuplicates(
      entries.operations,
      ['cluster', 'namespace', 'name'],
      INTENT_RULES.duplicateOperation,
      'operation',
    ),
    ...[...entries.applications, ...entries.operations].flatMap((located) =>
      checkCluster(located, clusterIds),
    ),
    ...checkTargets(entries.operations, indexApplications(entries.applications)),
  ];
}

function findDuplicates(
  list: readonly LocatedEntry[],
  fields: string[],
  rule: IntentRule,
  what: string,
): Problem[] {
  const first = new Map<string, LocatedEntry>();
  const problems: Problem[] = [];
  for (const located of list) {
    const parts = fields.map((field) => located.entry[field]);
    if (!parts.every(isString)) {
      continue;
    }
    const key = JSON.stringify(parts);
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, located);
      continue;
    }
    const name =
      fields.length === 1
        ? `'${parts[0]}'`
        : `'${parts[2]}' in cluster '${parts[0]}', namespace '${parts[1]}'`;
    problems.push(
      problemAt(
        located.doc,
        [...located.path, fields[fields.length - 1]],
        rule,
        `${what} ${name} is declared twice: here and at ${describePlace(earlier.doc, earlier.path)}; remove one or rename it`,
      ),
    );
  }
  return problems;
}

function checkCluster({ doc, path, entry }: LocatedEntry, clusterIds: ReadonlySet<string>): Problem[] {
  const cluster = entry.cluster;
  if (!isString(cluster) || clusterIds.has(cluster) || findDns1123LabelViolation(cluster) !== undefined) {
    return [];
  }
  const nearest = findNearest(cluster, [...clusterIds]);
  const hint =
    nearest === undefined
      ? 'declare it under clusters'
      : `did you mean '${nearest}'? Otherwise declare it under clusters`;
  return [
    problemAt(
      doc,
      [...path, 'cluster'],
      INTENT_RULES.undeclaredCluster,
      `cluster '${cluster}' is not declared in any intents file; ${hint}`,
    ),
  ];
}

/** Applications looked up by place and by name, so that checking targets is not O(operations × applications). */
interface ApplicationIndex {
  /** Names (strings only) of the applications in each cluster/namespace, in entry order. */
  readonly namesByPlace: ReadonlyMap<string, readonly string[]>;
  /** Applications by name, in entry order. */
  readonly byName: ReadonlyMap<string, readonly LocatedEntry[]>;
}

function indexApplications(applications: readonly LocatedEntry[]): ApplicationIndex {
  const namesByPlace = new Map<string, string[]>();
  const byName = new Map<string, LocatedEntry[]>();
  for (const located of applications) {
    const { cluster, namespace, name } = located.entry;
    if (isString(cluster) && isString(namespace) && isString(name)) {
      const place = placeKey(cluster, namespace);
      const names = namesByPlace.get(place);
      if (names === undefined) namesByPlace.set(place, [name]);
      else names.push(name);
    }
    if (isString(name)) {
      const same = byName.get(name);
      if (same === undefined) byName.set(name, [located]);
      else same.push(located);
    }
  }
  return { namesByPlace, byName };
}

function placeKey(cluster: string, namespace: string): string {
  return JSON.stringify([cluster, namespace]);
}

function checkTargets(operations: readonly LocatedEntry[], applications: ApplicationIndex): Problem[] {
  return operations.flatMap((located) => checkTarget(located, applications));
}

function checkTarget({ doc, path, entry }: LocatedEntry, applications: ApplicationIndex): Problem[] {
  const { cluster, namespace, target } = entry;
  // A target that is no label value was reported as such; it cannot name an application either.
  if (
    !isString(cluster) ||
    !isString(namespace) ||
    !isString(target) ||
    target === '' ||
    findLabelValueViolation(target) !== undefined
  ) {
    return [];
  }
  const sameNamespace = applications.namesByPlace.get(placeKey(cluster, namespace)) ?? [];
  if (sameNamespace.includes(target)) {
    return [];
  }
  // An application of that name with no usable cluster/namespace was reported already; a second problem here would only echo it.
  const sameName = applications.byName.get(target) ?? [];
  if (sameName.some(({ entry: app }) => !isString(app.cluster) || !isString(app.namespace))) {
    return [];
  }
  const elsewhere = sameName[0];
  const nearest = findNearest(target, sameNamespace);
  const hint =
    elsewhere !== undefined
      ? `an application of that name is in cluster '${String(elsewhere.entry.cluster)}', namespace '${String(elsewhere.entry.namespace)}' (${describePlace(elsewhere.doc, elsewhere.path)}); an operation must be in its target's cluster and namespace`
      : nearest !== undefined
        ? `did you mean '${nearest}'?`
        : 'declare the application or correct the target';
  return [
    problemAt(
      doc,
      [...path, 'target'],
      INTENT_RULES.operationTargetMissing,
      `target '${target}' is not an application in cluster '${cluster}', namespace '${namespace}'; ${hint}`,
    ),
  ];
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
