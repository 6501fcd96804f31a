/**
 * One line that says what changed, for commit subjects and pull request titles:
 * `cluster-prod-1: add nextcloud-myteam; backup nextcloud-myteam`. When the full
 * description is too long it is summarized step by step (names -> counts -> a total),
 * never cut mid-word unless nothing else fits.
 */
import type { ClusterChanges, ResourceChange } from '../diff/model';
import { APPLICATION_KINDS, OPERATION_KIND, clusterResourceChanges } from '../diff/model';
import { shorten } from '../diff/format-value';
import { plural } from '../diff/summary';

/** Git's conventional limit for a commit subject. */
export const SUBJECT_MAX_LENGTH = 72;

/** How much detail a description keeps; higher is shorter. */
const LEVELS = [0, 1, 2, 3] as const;
type Level = (typeof LEVELS)[number];

const VERBS = { added: 'add', changed: 'update', removed: 'remove' } as const;

/**
 * Describes the changes of some clusters in at most `maxLength` characters. Clusters
 * with identical changes are named (`a, b: …`) or counted (`3 clusters: …`); clusters
 * with different changes are counted and their changes described together.
 */
export function describeClusters(
  clusters: readonly ClusterChanges[],
  maxLength = SUBJECT_MAX_LENGTH,
): string {
  const changed = clusters.filter((cluster) => clusterResourceChanges(cluster).length > 0);
  if (changed.length === 0) return shorten('no changes', maxLength);
  const descriptions = changed.map((cluster) => describe(clusterResourceChanges(cluster), 0));
  const identical = descriptions.every((description) => description === descriptions[0]);
  const ids = changed.map((cluster) => (cluster.cluster === '' ? 'repository' : cluster.cluster));
  const counted = `${changed.length} clusters`;
  const prefixes = changed.length === 1 ? ids : identical ? [ids.join(', '), counted] : [counted];
  const changes = identical ? clusterResourceChanges(changed[0]) : changed.flatMap(clusterResourceChanges);
  for (const level of LEVELS) {
    for (const prefix of prefixes) {
      const candidate = `${prefix}: ${describe(changes, level)}`;
      if (candidate.length <= maxLength) return candidate;
    }
  }
  return shorten(`${prefixes[prefixes.length - 1] ?? ''}: ${describe(changes, 3)}`, maxLength);
}

/** Describes a list of resource changes at a level of detail. */
function describe(changes: readonly ResourceChange[], level: Level): string {
  if (level === 3) return plural(changes.length, 'change');
  const operations = changes.filter(isRequestedOperation);
  const resources = changes.filter((change) => !isRequestedOperation(change));
  if (level > 0 && operations.length > 0 && resources.length > 0) {
    // Counted, the operations are among the resources added, as the pull request body counts
    // them: "add 7 resources (upgrade a and 1 more)", never "add 5 resources" beside "7 added".
    return `${resourceClauses(changes, level)} (${operationClause(operations, level)})`;
  }
  const clauses = [resourceClauses(resources, level), operationClause(operations, level)].filter(
    (clause) => clause !== '',
  );
  return clauses.join('; ');
}

/** `add a, b; update c` at level 0, `add 2 applications, update 1` at levels 1 and 2. */
function resourceClauses(resources: readonly ResourceChange[], level: Level): string {
  const noun = resources.every((change) => APPLICATION_KINDS.includes(change.resource.kind))
    ? 'application'
    : 'resource';
  const clauses: string[] = [];
  for (const kind of ['added', 'changed', 'removed'] as const) {
    const names = unique(resources.filter((change) => change.change === kind).map(resourceName));
    const count = resources.filter((change) => change.change === kind).length;
    if (count === 0) continue;
    if (level === 0) clauses.push(`${VERBS[kind]} ${names.join(', ')}`);
    else
      clauses.push(
        clauses.length === 0 ? `${VERBS[kind]} ${plural(count, noun)}` : `${VERBS[kind]} ${count}`,
      );
  }
  return clauses.join(level === 0 ? '; ' : ', ');
}

/**
 * `backup a; restore b` at level 0, `backup a and 2 more` at 1, `3 operations` at 2.
 * "More" counts Operations, not distinct phrases, so two backups of `a` in two
 * namespaces are `backup a and 1 more`, as the body's table counts them.
 */
function operationClause(operations: readonly ResourceChange[], level: Level): string {
  const phrases = unique(
    operations.map((change) => `${change.operation?.type ?? ''} ${change.operation?.target ?? ''}`),
  );
  if (phrases.length === 0) return '';
  if (level === 0) return phrases.join('; ');
  if (level === 1)
    return operations.length === 1
      ? (phrases[0] ?? '')
      : `${phrases[0] ?? ''} and ${operations.length - 1} more`;
  return plural(operations.length, 'operation');
}

/** An Operation that was added and says what it does: named by its type and target. */
function isRequestedOperation(change: ResourceChange): boolean {
  return change.change === 'added' && change.operation !== undefined;
}

/** Applications go by name; everything else by kind and name (`operation backup-1`, `namespace apps`). */
function resourceName(change: ResourceChange): string {
  const { kind, name } = change.resource;
  if (APPLICATION_KINDS.includes(kind)) return name;
  return `${kind === OPERATION_KIND ? 'operation' : kind.toLowerCase()} ${name}`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
