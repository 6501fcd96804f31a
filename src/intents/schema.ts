/**
 * The structural half of validation: schemas/intents.v1alpha1.json (the same file
 * editors use) checked with ajv, and ajv's errors rewritten as Problems a person can act
 * on. Patterns, lengths and formats in the schema are for editors; the semantic checks
 * (see entries.ts) report them with better messages, so those ajv errors are dropped here.
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { Problem, shownValue } from '../errors';
import schema from '../../schemas/intents.v1alpha1.json';
import { IntentDocument, problemAt } from './document';
import { formatPath, PathSegment, segmentsFromPointer } from './paths';
import { INTENT_RULES } from './rules';
import { findNearest } from './suggest';

/** The JSON Schema of an intents document (for editors, and for `--print-schema` style uses). */
export const INTENTS_SCHEMA: object = schema;

let validator: ValidateFunction | undefined;

/** Compiled once, on first use rather than at module load. */
function getValidator(): ValidateFunction {
  validator ??= new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false,
    validateFormats: false,
  }).compile(schema);
  return validator;
}

/** Structural problems of one document whose apiVersion and kind are right. */
export function checkStructure(doc: IntentDocument): Problem[] {
  const validate = getValidator();
  if (validate(doc.data)) {
    return [];
  }
  return (validate.errors ?? []).flatMap((error) => {
    const problem = toProblem(doc, error);
    return problem === undefined ? [] : [problem];
  });
}

function toProblem(doc: IntentDocument, error: ErrorObject): Problem | undefined {
  const path = segmentsFromPointer(error.instancePath, doc.data);
  const where = path.length === 0 ? 'the document' : formatPath(path);
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(error.params.additionalProperty);
      const known = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const nearest = findNearest(field, known);
      const hint =
        nearest === undefined ? `the known fields are ${known.join(', ')}` : `did you mean '${nearest}'?`;
      return problemAt(
        doc,
        [...path, field],
        INTENT_RULES.unknownField,
        `unknown field '${field}' in ${where}; ${hint}`,
      );
    }
    case 'required': {
      const field = String(error.params.missingProperty);
      return problemAt(
        doc,
        [...path, field],
        INTENT_RULES.requiredField,
        `${where} is missing the required field '${field}'`,
      );
    }
    case 'type':
      return problemAt(doc, path, INTENT_RULES.wrongType, typeMessage(doc, path, error));
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const nearest = findNearest(String(error.data), allowed);
      const hint = nearest === undefined ? '' : `; did you mean '${nearest}'?`;
      return problemAt(
        doc,
        path,
        INTENT_RULES.allowedValues,
        `${where} is ${describeValue(error.data)}, which is not one of: ${allowed.join(', ')}${hint}`,
      );
    }
    default:
      // pattern, length, format, not, const: reported by the semantic checks or the header check.
      return undefined;
  }
}

function typeMessage(doc: IntentDocument, path: readonly PathSegment[], error: ErrorObject): string {
  const expected = ([] as string[])
    .concat(error.schema as string | string[])
    .filter((type) => type !== 'null');
  const wanted = expected.map(describeType).join(' or ');
  const written = doc.sourceText(path);
  const actual = describeValue(error.data);
  const head = `${formatPath(path)} must be ${wanted}, but is ${actual}`;
  if (expected.includes('string') && (typeof error.data === 'number' || typeof error.data === 'boolean')) {
    const as = written ?? String(error.data);
    const quoted = JSON.stringify(as.replace(/^["']|["']$/g, ''));
    return `${head}: an unquoted ${as} is read as ${typeof error.data === 'number' ? 'a number' : 'a boolean'}${written !== undefined && written !== String(error.data) ? ` (${String(error.data)})` : ''}; quote it: ${quoted}`;
  }
  if (
    expected.includes('array') &&
    !Array.isArray(error.data) &&
    error.data !== null &&
    typeof error.data !== 'object'
  ) {
    return `${head}; write a list, even of one item: [${JSON.stringify(error.data)}]`;
  }
  if (expected.includes('boolean') && typeof error.data === 'string') {
    return `${head}; write true or false (YAML 1.2 reads yes, no, on and off as strings)`;
  }
  return head;
}

function describeType(type: string): string {
  const names: Record<string, string> = {
    string: 'a string',
    boolean: 'true or false',
    array: 'a list',
    object: 'a map',
    number: 'a number',
    integer: 'an integer',
  };
  return names[type] ?? type;
}

/** How a value reads in a message: `the number 28`, `a list`, `empty`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) {
    return 'empty';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object') {
    return 'a map';
  }
  if (typeof value === 'string') {
    return `'${value}'`;
  }
  return `the ${typeof value} ${shownValue(value)}`;
}
