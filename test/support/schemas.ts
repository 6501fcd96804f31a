/**
 * Validates real outputs against the published JSON Schemas in schemas/. The schemas
 * leave objects open (consumers ignore fields they do not know: fields are only ever
 * added within a version), so tests validate against a closed copy: an output field the
 * schema does not describe fails here, and the schema is updated with the field.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'fs';
import * as path from 'path';

const SCHEMAS = path.resolve(__dirname, '../../schemas');

/** A copy of `schema` in which every object that lists its properties allows no others. */
export function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema))
    copy[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as object).map(([name, sub]) => [name, closed(sub)]))
        : closed(value);
  if ('properties' in copy && !('additionalProperties' in copy)) copy.additionalProperties = false;
  return copy;
}

/** The errors of validating `value` against schemas/<file> (closed), as readable lines; [] when valid. */
export function schemaErrors(file: string, value: unknown, options: { closed?: boolean } = {}): string[] {
  const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(((options.closed ?? true) ? closed(schema) : schema) as object);
  return validate(value)
    ? []
    : (validate.errors ?? []).map(
        (error) => `${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
      );
}
