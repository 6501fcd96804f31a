/**
 * The semantic half of validation for one entry at a time: names, namespaces, URLs,
 * timestamps, sizes and secrets. Each check runs only on values of the right type, so
 * a type error (already reported by schema.ts) never crashes or doubles up here.
 */
import { Problem, shownValue } from '../errors';
import { IntentDocument, problemAt } from './document';
import {
  findDns1123LabelViolation,
  findDns1123SubdomainViolation,
  findFileNameViolation,
  findLabelValueViolation,
  isChartRepositoryUrl,
  isCodeownersOwner,
  isReservedNamespace,
  isRfc3339,
} from './names';
import { maxJsonBytes } from './json-values';
import { formatPath, PathSegment } from './paths';
import { INTENT_RULES, MAX_INTENT_VALUES_BYTES } from './rules';
import { findPlainTextSecrets, targetPathOf } from './secrets';

type Entry = Record<string, unknown>;

/** Problems of one `clusters[i]` entry. */
export function checkCluster(doc: IntentDocument, entry: Entry, path: PathSegment[]): Problem[] {
  const problems = [...checkLabel(doc, entry, path, 'id', 'cluster id')];
  if (entry.helmReleases === true && entry.sync === 'argocd') {
    problems.push(
      problemAt(
        doc,
        [...path, 'helmReleases'],
        INTENT_RULES.helmReleasesNeedFlux,
        "helmReleases: true needs sync: flux (a HelmRelease is applied by Flux's helm-controller, which an Argo CD cluster does not run); set sync: flux or helmReleases: false",
      ),
    );
  }
  asList(entry.owners).forEach((owner, index) => {
    if (typeof owner === 'string' && !isCodeownersOwner(owner)) {
      problems.push(
        problemAt(
          doc,
          [...path, 'owners', index],
          INTENT_RULES.codeownersOwner,
          `owner '${owner}' is not a CODEOWNERS owner; write @user, @org/team or an email address`,
        ),
      );
    }
  });
  return problems;
}

/** Problems of one `applications[i]` entry. */
export function checkApplication(doc: IntentDocument, entry: Entry, path: PathSegment[]): Problem[] {
  const problems = [
    ...checkLabel(doc, entry, path, 'cluster', 'cluster'),
    ...checkNamespace(doc, entry, path),
    ...checkName(doc, entry, path, ['applicationinstance-', 'helmrelease-'], true),
    ...checkLabel(doc, entry, path, 'app', 'app'),
    ...checkText(doc, entry, path, 'version', 128),
    ...checkValuesFrom(doc, entry, path),
    ...checkPayload(doc, entry, path, 'values'),
  ];
  const chart = entry.chart;
  if (isEntry(chart)) {
    const chartPath = [...path, 'chart'];
    if (typeof chart.repository === 'string' && !isChartRepositoryUrl(chart.repository)) {
      problems.push(
        problemAt(
          doc,
          [...chartPath, 'repository'],
          INTENT_RULES.chartRepositoryUrl,
          `chart repository '${chart.repository}' is not an http://, https:// or oci:// URL (for example https://charts.example.org/stable or oci://ghcr.io/acme/charts)`,
        ),
      );
    }
    problems.push(
      ...checkText(doc, chart, chartPath, 'name', 253),
      ...checkText(doc, chart, chartPath, 'version', 128),
    );
  }
  return problems;
}

/** Problems of one `operations[i]` entry. */
export function checkOperation(doc: IntentDocument, entry: Entry, path: PathSegment[]): Problem[] {
  const problems = [
    ...checkLabel(doc, entry, path, 'cluster', 'cluster'),
    ...checkNamespace(doc, entry, path),
    ...checkName(doc, entry, path, ['operation-'], false),
    ...checkText(doc, entry, path, 'requestedBy', 253),
    ...checkPayload(doc, entry, path, 'parameters'),
  ];
  if (typeof entry.target === 'string') {
    const reason = entry.target === '' ? 'is empty' : findLabelValueViolation(entry.target);
    if (reason !== undefined) {
      problems.push(
        problemAt(
          doc,
          [...path, 'target'],
          entry.target === '' ? INTENT_RULES.emptyValue : INTENT_RULES.labelValue,
          `target '${entry.target}' ${reason}; the target names an application and is written as a label value`,
        ),
      );
    }
  }
  if (typeof entry.requestedAt === 'string' && !isRfc3339(entry.requestedAt)) {
    problems.push(
      problemAt(
        doc,
        [...path, 'requestedAt'],
        INTENT_RULES.rfc3339Timestamp,
        `requestedAt '${entry.requestedAt}' is not an RFC 3339 timestamp; write a date, time and zone that exist, such as 2026-05-28T02:00:00Z or 2026-05-28T04:00:00.5+02:00`,
      ),
    );
  }
  return problems;
}

function checkLabel(
  doc: IntentDocument,
  entry: Entry,
  path: PathSegment[],
  field: string,
  what: string,
): Problem[] {
  const value = entry[field];
  const reason = typeof value === 'string' ? findDns1123LabelViolation(value) : undefined;
  return reason === undefined
    ? []
    : [problemAt(doc, [...path, field], INTENT_RULES.dns1123Label, `${what} '${value as string}' ${reason}`)];
}

function checkNamespace(doc: IntentDocument, entry: Entry, path: PathSegment[]): Problem[] {
  const label = checkLabel(doc, entry, path, 'namespace', 'namespace');
  const namespace = entry.namespace;
  if (label.length > 0 || typeof namespace !== 'string' || !isReservedNamespace(namespace)) {
    return label;
  }
  return [
    problemAt(
      doc,
      [...path, 'namespace'],
      INTENT_RULES.reservedNamespace,
      `namespace '${namespace}' is reserved for the platform (kube-*, flux-system, argocd, default); use a namespace of your own, such as org-<team>`,
    ),
  ];
}

/** Object names: DNS-1123 subdomains whose files fit in 255 bytes; application names are also label values. */
function checkName(
  doc: IntentDocument,
  entry: Entry,
  path: PathSegment[],
  filePrefixes: string[],
  isLabel: boolean,
): Problem[] {
  const name = entry.name;
  if (typeof name !== 'string') {
    return [];
  }
  const at = [...path, 'name'];
  const subdomain = findDns1123SubdomainViolation(name);
  if (subdomain !== undefined) {
    return [problemAt(doc, at, INTENT_RULES.dns1123Subdomain, `name '${name}' ${subdomain}`)];
  }
  const problems: Problem[] = [];
  const label = isLabel ? findLabelValueViolation(name) : undefined;
  if (label !== undefined) {
    problems.push(
      problemAt(
        doc,
        at,
        INTENT_RULES.labelValue,
        `name '${name}' ${label}, and the application name is written as the app.kubernetes.io/instance label value; shorten it to ${63} characters or fewer`,
      ),
    );
  }
  const longest = [...filePrefixes].sort((a, b) => b.length - a.length)[0];
  const file = findFileNameViolation(longest, name);
  if (file !== undefined) {
    problems.push(
      problemAt(doc, at, INTENT_RULES.fileNameLength, `a name of ${name.length} characters ${file}`),
    );
  }
  return problems;
}

/** A string field that must not be empty nor longer than `max`. */
function checkText(
  doc: IntentDocument,
  entry: Entry,
  path: PathSegment[],
  field: string,
  max: number,
): Problem[] {
  const value = entry[field];
  if (typeof value !== 'string') {
    return [];
  }
  const at = [...path, field];
  if (value.trim() === '') {
    return [problemAt(doc, at, INTENT_RULES.emptyValue, `${formatPath(at)} is empty; give it a value`)];
  }
  return value.length <= max
    ? []
    : [
        problemAt(
          doc,
          at,
          INTENT_RULES.tooLong,
          `${formatPath(at)} is ${value.length} characters long; at most ${max} are allowed`,
        ),
      ];
}

function checkValuesFrom(doc: IntentDocument, entry: Entry, path: PathSegment[]): Problem[] {
  return asList(entry.valuesFrom).flatMap((reference, index) => {
    if (!isEntry(reference)) {
      return [];
    }
    const at = [...path, 'valuesFrom', index];
    const problems: Problem[] = [];
    const subdomain =
      typeof reference.name === 'string' ? findDns1123SubdomainViolation(reference.name) : undefined;
    if (subdomain !== undefined) {
      problems.push(
        problemAt(
          doc,
          [...at, 'name'],
          INTENT_RULES.dns1123Subdomain,
          `${shownValue(reference.kind ?? 'object')} name '${reference.name as string}' ${subdomain}`,
        ),
      );
    }
    const key = reference.valuesKey;
    if (typeof key === 'string' && (!/^[-._a-zA-Z0-9]+$/.test(key) || key.length > 253)) {
      problems.push(
        problemAt(
          doc,
          [...at, 'valuesKey'],
          INTENT_RULES.valuesKey,
          `valuesKey '${key}' is not a Secret/ConfigMap key: use 1 to 253 letters, digits, '-', '_' or '.'`,
        ),
      );
    }
    return [...problems, ...checkText(doc, reference, at, 'targetPath', 250)];
  });
}

/** `values` / `parameters`: bounded in size, and free of plain-text secrets. */
function checkPayload(
  doc: IntentDocument,
  entry: Entry,
  path: PathSegment[],
  field: 'values' | 'parameters',
): Problem[] {
  const payload = entry[field];
  if (!isEntry(payload)) {
    return [];
  }
  const at = [...path, field];
  const problems: Problem[] = [];
  // The exact size takes building the JSON; a bound that is already small enough saves that.
  const bytes =
    maxJsonBytes(payload) <= MAX_INTENT_VALUES_BYTES ? 0 : Buffer.byteLength(JSON.stringify(payload), 'utf8');
  if (bytes > MAX_INTENT_VALUES_BYTES) {
    problems.push(
      problemAt(
        doc,
        at,
        INTENT_RULES.sizeLimit,
        `${field} is ${bytes} bytes as compact JSON; the limit is ${MAX_INTENT_VALUES_BYTES} bytes (64 KiB). Move bulky configuration into a ConfigMap in the namespace${field === 'values' ? ' and reference it with valuesFrom: [{kind: ConfigMap, name: ..., valuesKey: ...}]' : ''}`,
      ),
    );
  }
  const namespace = typeof entry.namespace === 'string' ? entry.namespace : '<namespace>';
  // `allowPlainText` lists the paths under values/parameters that are plain text on purpose (false positives).
  const allowed = new Set(
    asList(entry.allowPlainText).filter((item): item is string => typeof item === 'string'),
  );
  for (const finding of findPlainTextSecrets(payload, allowed)) {
    const where = [...at, ...finding.path];
    const fix =
      field === 'values'
        ? `reference it with valuesFrom: [{kind: Secret, name: <secret-name>, valuesKey: <key>, targetPath: ${targetPathOf(finding.path)}}]`
        : "pass the Secret's name in parameters instead";
    problems.push(
      problemAt(
        doc,
        where,
        finding.rule,
        `${finding.what}, which would be committed to Git in plain text. Put the value in a Kubernetes Secret in namespace '${namespace}' and ${fix}; if it is no secret, list ${JSON.stringify(targetPathOf(finding.path))} in allowPlainText`,
      ),
    );
  }
  return problems;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A JSON object (not a list, not null). */
export function isEntry(value: unknown): value is Entry {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
