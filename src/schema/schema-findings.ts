import type { ErrorObject } from 'ajv';
import { formatFieldPath, segmentsFromPointer } from './field-path';
import { quote, type Finding } from './finding';
import { FLUX_DURATION_PATTERN } from './structural-schema';

/**
 * Turns ajv's errors into findings a user can act on: the path points at the
 * field itself (also for a missing or unknown one), and the message names the
 * allowed values or the pattern.
 */
export function findingsFromAjv(errors: readonly ErrorObject[] | null | undefined, data: unknown): Finding[] {
  if (errors === null || errors === undefined || errors.length === 0) {
    return [];
  }
  const findings = errors.flatMap((error) => toFinding(error, data));
  // A value of the wrong type fails its format, pattern and bounds too; only the type matters then.
  const mistyped = new Set(findings.filter((f) => f.rule === 'crd-schema:type').map((f) => f.path));
  return dedupe(findings.filter((f) => f.rule === 'crd-schema:type' || !mistyped.has(f.path)));
}

function toFinding(error: ErrorObject, data: unknown): Finding[] {
  const at = segmentsFromPointer(error.instancePath, data);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const field = String(params.missingProperty);
      return [
        {
          path: formatFieldPath([...at, field]),
          rule: 'crd-schema:required',
          message: `required field ${quote(field)} is missing`,
        },
      ];
    }
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      return [
        {
          path: formatFieldPath([...at, field]),
          rule: 'unknown-field',
          message: `unknown field ${quote(field)}: the CRD does not define it, so Kubernetes would drop it silently${known.length > 0 ? `; known fields here: ${known.join(', ')}` : ''}`,
        },
      ];
    }
    case 'enum':
      return [
        findingAt(
          at,
          'crd-schema:enum',
          `must be one of ${(params.allowedValues as unknown[]).map(quote).join(', ')} (got ${quote(error.data)})`,
        ),
      ];
    case 'pattern':
      return [findingAt(at, 'crd-schema:pattern', patternMessage(String(params.pattern), error.data))];
    case 'type':
      return [
        findingAt(at, 'crd-schema:type', `must be ${typeNames(params.type)} (got ${describe(error.data)})`),
      ];
    case 'format':
      return [
        findingAt(
          at,
          'crd-schema:format',
          `must be a valid ${String(params.format)} (got ${quote(error.data)})`,
        ),
      ];
    case 'x-kubernetes-list-type':
      return [
        findingAt(
          at,
          'crd-schema:list-type',
          `${error.message ?? 'is a duplicate'}; each item of this list must be unique`,
        ),
      ];
    case 'anyOf':
    case 'oneOf':
    case 'allOf':
      // The branches' own errors say what is wrong; this summary only repeats them.
      return [];
    default:
      return [
        findingAt(
          at,
          `crd-schema:${error.keyword}`,
          `${error.message ?? 'is invalid'} (got ${describe(error.data)})`,
        ),
      ];
  }
}

function findingAt(at: readonly (string | number)[], rule: string, message: string): Finding {
  return { path: formatFieldPath(at), rule, message };
}

/** Flux source timeouts take durations without hours. */
const DURATION_WITHOUT_HOURS = '^([0-9]+(\\.[0-9]+)?(ms|s|m))+$';

function patternMessage(pattern: string, value: unknown): string {
  if (pattern === FLUX_DURATION_PATTERN) {
    return `must be a duration such as 30s, 10m or 1h30m, matching the pattern ${pattern} (got ${quote(value)})`;
  }
  if (pattern === DURATION_WITHOUT_HOURS) {
    return `must be a duration in ms, s or m such as 30s or 1m30s, matching the pattern ${pattern} (got ${quote(value)})`;
  }
  const schemes = URL_SCHEMES.exec(pattern);
  if (schemes !== null) {
    const prefixes = schemes[1].split('|').map((scheme) => `${scheme}://`);
    return `must be a URL starting with ${prefixes.join(', ')}, matching the pattern ${pattern} (got ${quote(value)})`;
  }
  return `must match the pattern ${pattern} (got ${quote(value)})`;
}

/** A CRD's URL pattern such as `^(http|https|ssh)://.*$`: its message names the schemes (an scp-style Git URL fails it). */
const URL_SCHEMES = /^\^\(([a-z]+(?:\|[a-z]+)*)\):\/\/\.\*\$$/;

function typeNames(type: unknown): string {
  const names = Array.isArray(type) ? type : String(type).split(',');
  return names
    .map((name) =>
      name === 'integer'
        ? 'an integer'
        : name === 'object'
          ? 'a mapping'
          : name === 'array'
            ? 'a list'
            : `a ${name}`,
    )
    .join(' or ');
}

function describe(value: unknown): string {
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (value !== null && typeof value === 'object') {
    return 'a mapping';
  }
  return value === null ? 'null' : `${typeof value} ${quote(value)}`;
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.path}\u0000${finding.rule}\u0000${finding.message}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
