import type { Problem } from '../errors';

/** A {@link Problem} before the file it was found in is known: rules see one object, not its file. */
export type Finding = Omit<Problem, 'file'>;

/** Attaches the file to each finding. */
export function inFile(file: string, findings: readonly Finding[]): Problem[] {
  return findings.map((finding) => ({ file, ...finding }));
}

/** Whether a value is a plain (YAML mapping) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A value as a message quotes it: strings in double quotes, the rest as JSON. */
export function quote(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
