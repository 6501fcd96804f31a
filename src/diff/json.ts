/**
 * The change set for machines (the control plane, CI). The shape is versioned by
 * `apiVersion`/`kind`; fields are only ever added to v1alpha1, never renamed. Keys come
 * out in a fixed order and object values with sorted keys, so the same change set
 * always gives the same bytes. Values are complete here, never shortened.
 *
 * ```json
 * {
 *   "apiVersion": "gitops.vworkspace.io/v1alpha1",
 *   "kind": "ChangeSet",
 *   "clusters": [{
 *     "cluster": "cluster-prod-1",
 *     "summary": { "added": 1, "changed": 1, "removed": 0 },
 *     "added":   [{ "kind": "ApplicationInstance", "namespace": "myteam", "name": "wiki", "path": "clusters/…" }],
 *     "changed": [{ "kind": "…", "namespace": "…", "name": "…", "path": "…",
 *                   "fields": [{ "path": "spec.version", "change": "changed", "before": "1", "after": "2" }] }],
 *     "removed": []
 *   }],
 *   "summary": { "clusters": 1, "added": 1, "changed": 1, "removed": 0 }
 * }
 * ```
 * A resource may also carry `"note"` (why it has no field list) and, for Operations,
 * `"operation": { "type", "target" }`. A field has `before` unless it was added and
 * `after` unless it was removed.
 */
import type { JsonObject, JsonValue } from '../intents/model';
import type { ChangeSet, ClusterChanges, FieldChange, ResourceChange } from './model';
import { summarize } from './summary';

/** The `apiVersion` of the JSON change set document. */
export const CHANGESET_API_VERSION = 'gitops.vworkspace.io/v1alpha1';
/** The `kind` of the JSON change set document. */
export const CHANGESET_KIND = 'ChangeSet';

/** Renders a change set as the versioned JSON document described above, with a final newline. */
export function renderJson(changeSet: ChangeSet): string {
  return `${JSON.stringify(toChangeSetDocument(changeSet), null, 2)}\n`;
}

/** The JSON document as a value, for callers that embed it rather than print it. */
export function toChangeSetDocument(changeSet: ChangeSet): JsonObject {
  const { total } = summarize(changeSet);
  return {
    apiVersion: CHANGESET_API_VERSION,
    kind: CHANGESET_KIND,
    clusters: changeSet.clusters.map(clusterDocument),
    summary: { clusters: total.clusters, added: total.added, changed: total.changed, removed: total.removed },
  };
}

function clusterDocument(cluster: ClusterChanges): JsonObject {
  return {
    cluster: cluster.cluster,
    summary: {
      added: cluster.added.length,
      changed: cluster.changed.length,
      removed: cluster.removed.length,
    },
    added: cluster.added.map(resourceDocument),
    changed: cluster.changed.map(resourceDocument),
    removed: cluster.removed.map(resourceDocument),
  };
}

function resourceDocument(change: ResourceChange): JsonObject {
  const { kind, namespace, name, path } = change.resource;
  const document: JsonObject = { kind, namespace, name, path };
  if (change.note !== undefined) document.note = change.note;
  if (change.operation !== undefined)
    document.operation = { type: change.operation.type, target: change.operation.target };
  if (change.change === 'changed') document.fields = change.fields.map(fieldDocument);
  return document;
}

function fieldDocument(field: FieldChange): JsonObject {
  const document: JsonObject = { path: field.path, change: field.change };
  if (field.before !== undefined) document.before = sortKeys(field.before);
  if (field.after !== undefined) document.after = sortKeys(field.after);
  return document;
}

/** A copy with every object's keys sorted, so formatting of the YAML never shows. */
function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const sorted: JsonObject = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
  return sorted;
}
