/**
 * Documents → a validated {@link Fleet}, collecting every problem (syntax, structure,
 * names, references, secrets) so that one run reports them all. Pure: no filesystem.
 */
import { Problem, shownValue, ValidationError } from '../errors';
import { IntentDocument, problemAt } from './document';
import { checkApplication, checkCluster, checkOperation, isEntry } from './entries';
import { buildFleet, fleetDigest, fleetDigestInSlices } from './fleet';
import { Fleet, INTENTS_API_VERSION, INTENTS_KIND } from './model';
import { IntentFile, parseIntentDocuments, ParsedIntents } from './parse';
import { checkReferences, LocatedEntries, LocatedEntry } from './references';
import { INTENT_RULES } from './rules';
import { checkStructure } from './schema';

/** The outcome of validation: the fleet when there are no problems, and every problem. */
export interface ValidatedIntents {
  /** Undefined when any problem was found (a fleet is only ever built from valid intents). */
  readonly fleet: Fleet | undefined;
  /** Every problem, sorted by file, then path, then rule. */
  readonly problems: readonly Problem[];
}

/** Validates parsed documents, together, and builds the fleet when they are valid. */
export function validateIntents(parsed: ParsedIntents): ValidatedIntents {
  const problems: Problem[] = [...parsed.problems];
  const entries: { [K in keyof LocatedEntries]: LocatedEntry[] } = {
    clusters: [],
    applications: [],
    operations: [],
  };
  for (const doc of parsed.documents) {
    const header = checkHeader(doc);
    problems.push(...header);
    if (header.length > 0) {
      // Not an intents document (or not this version): its fields would only add noise.
      continue;
    }
    problems.push(...checkStructure(doc));
    const data = doc.data as Record<string, unknown>;
    for (const list of ['clusters', 'applications', 'operations'] as const) {
      const items = Array.isArray(data[list]) ? (data[list] as unknown[]) : [];
      items.forEach((entry, index) => {
        if (isEntry(entry)) {
          entries[list].push({ doc, path: [list, index], entry });
        }
      });
    }
  }
  problems.push(
    ...entries.clusters.flatMap(({ doc, path, entry }) => checkCluster(doc, entry, path)),
    ...entries.applications.flatMap(({ doc, path, entry }) => checkApplication(doc, entry, path)),
    ...entries.operations.flatMap(({ doc, path, entry }) => checkOperation(doc, entry, path)),
    ...checkReferences(entries),
  );
  return {
    fleet: problems.length === 0 ? buildFleet(entries) : undefined,
    problems: problems.sort(compareProblems),
  };
}

/** The order ValidationError lists problems in: file, then path (`x[2]` before `x[10]`), then rule. */
function compareProblems(a: Problem, b: Problem): number {
  return (
    a.file.localeCompare(b.file, 'en') ||
    a.path.localeCompare(b.path, 'en', { numeric: true }) ||
    a.rule.localeCompare(b.rule, 'en')
  );
}

function checkHeader(doc: IntentDocument): Problem[] {
  const data = doc.data;
  if (!isEntry(data)) {
    return [
      problemAt(
        doc,
        [],
        INTENT_RULES.wrongType,
        `an intents document must be a map starting with apiVersion: ${INTENTS_API_VERSION} and kind: ${INTENTS_KIND}${doc.index > 0 ? ` (document ${doc.index + 1} in the file)` : ''}`,
      ),
    ];
  }
  const problems: Problem[] = [];
  if (data.apiVersion !== INTENTS_API_VERSION) {
    const found = data.apiVersion === undefined ? 'is missing' : `is '${shownValue(data.apiVersion)}'`;
    problems.push(
      problemAt(
        doc,
        ['apiVersion'],
        INTENT_RULES.apiVersion,
        `apiVersion ${found}; intents documents declare apiVersion: ${INTENTS_API_VERSION}`,
      ),
    );
  }
  if (data.kind !== INTENTS_KIND) {
    const found = data.kind === undefined ? 'is missing' : `is '${shownValue(data.kind)}'`;
    problems.push(
      problemAt(
        doc,
        ['kind'],
        INTENT_RULES.kind,
        `kind ${found}; intents documents declare kind: ${INTENTS_KIND}`,
      ),
    );
  }
  return problems;
}

/** What {@link getFleetFromFiles} returns: the fleet and its digest. */
export interface ValidFleet {
  readonly fleet: Fleet;
  /** `sha256:<hex>` of the fleet's canonical JSON (see {@link fleetDigest}). */
  readonly digest: string;
  /** The same digest, worked out in slices that leave the event loop free between them (see {@link fleetDigestInSlices}). */
  digestInSlices(): Promise<string>;
}

/** Parses and validates in-memory files; throws {@link ValidationError} (`INTENTS_INVALID`) listing every problem. */
export function getFleetFromFiles(files: readonly IntentFile[]): ValidFleet {
  return getValidFleet(parseIntentDocuments(files));
}

/** Validates parsed documents; throws {@link ValidationError} (`INTENTS_INVALID`) listing every problem. */
export function getValidFleet(parsed: ParsedIntents): ValidFleet {
  const { fleet, problems } = validateIntents(parsed);
  if (fleet === undefined) {
    throw new ValidationError('INTENTS_INVALID', 'the intents are invalid', problems);
  }
  return withLazyDigest(fleet);
}

/**
 * The fleet with a digest worked out on first read: hashing 100,000 intents costs
 * seconds, and only publish (commit trailers) reads it.
 */
function withLazyDigest(fleet: Fleet): ValidFleet {
  let digest: string | undefined;
  let slicing: Promise<string> | undefined;
  return {
    fleet,
    get digest(): string {
      return (digest ??= fleetDigest(fleet));
    },
    digestInSlices(): Promise<string> {
      if (digest !== undefined) return Promise.resolve(digest);
      return (slicing ??= fleetDigestInSlices(fleet).then((done) => (digest = done)));
    },
  };
}
