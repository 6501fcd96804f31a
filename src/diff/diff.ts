/**
 * Compares two synthesized trees into a {@link ChangeSet}. Pure: both trees are data
 * (`path -> YAML`), so dry runs, checks and pull request bodies all see the same result.
 */
import type { JsonValue } from '../intents/model';
import type {
  ChangeSet,
  ClusterChanges,
  FieldChange,
  ResourceChange,
  ResourceChangeKind,
  ResourceId,
} from './model';
import { findApplication } from './application';
import { diffValues, jsonEqual } from './fields';
import { findOperation, identifyResource, isBookkeepingFile, parseFile } from './resource';

/** A synthesized tree: POSIX paths relative to the repository root -> file contents. */
export type Tree = ReadonlyMap<string, string>;

/**
 * Every resource that differs between `base` (what a Git ref holds) and `head` (what
 * the intents produce). Both must hold only gitops-synth's own files; kustomization
 * files are bookkeeping and left out. A file whose bytes differ but whose object is
 * the same (reformatted, keys reordered) is not a change.
 */
export function diffTrees(base: Tree, head: Tree): ChangeSet {
  const changes: ResourceChange[] = [];
  const paths = new Set([...base.keys(), ...head.keys()]);
  for (const path of paths) {
    if (isBookkeepingFile(path)) continue;
    const change = diffFile(path, base.get(path), head.get(path));
    if (change !== undefined) changes.push(change);
  }
  return groupByCluster(changes);
}

/** The change of one file, or undefined when it holds the same object on both sides. */
export function diffFile(
  path: string,
  before: string | undefined,
  after: string | undefined,
): ResourceChange | undefined {
  if (before === after) return undefined;
  if (before === undefined) return wholeFile(path, 'added', after ?? '');
  if (after === undefined) return wholeFile(path, 'removed', before);
  const parsedBefore = parseFile(before);
  const parsedAfter = parseFile(after);
  if (!parsedBefore.ok || !parsedAfter.ok) {
    const known = parsedAfter.ok ? parsedAfter.value : parsedBefore.ok ? parsedBefore.value : undefined;
    const resource = identifyResource(path, known);
    const which = parsedAfter.ok ? `base: ${failure(parsedBefore)}` : `head: ${failure(parsedAfter)}`;
    return build(resource, 'changed', [], `could not parse ${which}`, known);
  }
  if (jsonEqual(parsedBefore.value, parsedAfter.value)) return undefined;
  const resource = identifyResource(path, parsedAfter.value);
  const fields = diffValues(parsedBefore.value, parsedAfter.value);
  return build(resource, 'changed', fields, undefined, parsedAfter.value);
}

function wholeFile(path: string, change: 'added' | 'removed', contents: string): ResourceChange {
  const parsed = parseFile(contents);
  const value: JsonValue | undefined = parsed.ok ? parsed.value : undefined;
  const resource = identifyResource(path, value);
  return build(resource, change, [], parsed.ok ? undefined : `could not parse: ${parsed.error}`, value);
}

/**
 * Builds a change, leaving out `note`, `operation` and `application` when they have no
 * value. Only an added application is summarized: a changed one lists its fields, and
 * a removed one is named by the intent that no longer holds it.
 */
function build(
  resource: ResourceId,
  change: ResourceChangeKind,
  fields: readonly FieldChange[],
  note: string | undefined,
  value: JsonValue | undefined,
): ResourceChange {
  const operation = findOperation(resource, value);
  const application = change === 'added' ? findApplication(resource, value) : undefined;
  return {
    resource,
    change,
    fields,
    ...(note === undefined ? {} : { note }),
    ...(operation === undefined ? {} : { operation }),
    ...(application === undefined ? {} : { application }),
  };
}

function failure(parsed: ReturnType<typeof parseFile>): string {
  return parsed.ok ? '' : parsed.error;
}

/** Groups changes per cluster (sorted by id) and sorts each list by path. */
function groupByCluster(changes: readonly ResourceChange[]): ChangeSet {
  const byCluster = new Map<string, ResourceChange[]>();
  for (const change of changes) {
    const list = byCluster.get(change.resource.cluster) ?? [];
    list.push(change);
    byCluster.set(change.resource.cluster, list);
  }
  const clusters: ClusterChanges[] = [...byCluster.keys()].sort(compareText).map((cluster) => {
    const list = (byCluster.get(cluster) ?? []).sort((a, b) => compareText(a.resource.path, b.resource.path));
    return {
      cluster,
      added: list.filter((change) => change.change === 'added'),
      changed: list.filter((change) => change.change === 'changed'),
      removed: list.filter((change) => change.change === 'removed'),
    };
  });
  return { clusters };
}

/** Code-unit order: the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
