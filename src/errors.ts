import type { ErrorCode } from './error-codes';

export { ERROR_CODES, type ErrorCode } from './error-codes';

/**
 * Who is at fault when an error happens, which decides how the CLI reports it.
 * - `user`: bad input or flags; the message says what to change. No stack trace.
 * - `external`: something outside the tool failed (git, a forge, the network).
 * - `internal`: a bug in gitops-synth.
 */
export type ErrorSource = 'user' | 'external' | 'internal';

/** One problem found in the input, with where it is and the rule it breaks. */
export interface Problem {
  /** The file the problem is in (as the user named it), or '' when it has none. */
  readonly file: string;
  /** The path in the document, in dotted/bracket form (`applications[2].values.password`). */
  readonly path: string;
  /** A stable identifier of the rule that was broken (`dns-1123-label`, `duplicate-cluster`). */
  readonly rule: string;
  /** A sentence for a human: what is wrong, and how to fix it. */
  readonly message: string;
}

/** Options every gitops-synth error takes. */
export interface GitopsSynthErrorOptions {
  readonly source?: ErrorSource;
  readonly hint?: string;
  readonly cause?: unknown;
}

/**
 * The base of every error gitops-synth throws on purpose. `code` is stable
 * (scripts may match it); the message names the value, the rule and, where one
 * exists, a hint.
 */
export class GitopsSynthError extends Error {
  /** A stable, machine-readable code such as `INTENTS_INVALID` (docs/errors.md lists them all). */
  public readonly code: ErrorCode;
  /** Who is at fault; see {@link ErrorSource}. */
  public readonly source: ErrorSource;
  /** What the user can do about it, when something can be done. */
  public readonly hint?: string;

  public constructor(code: ErrorCode, message: string, options: GitopsSynthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.source = options.source ?? 'user';
    this.hint = options.hint;
  }
}

/**
 * A value as an error message shows it: a string as it is, anything else as JSON, so that
 * hostile input (a map where a string belongs) never reads as `[object Object]`.
 */
export function shownValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return `${value}`;
  return JSON.stringify(value) ?? typeof value;
}

/** Formats one problem as `file: path: message [rule]`. */
export function formatProblem(problem: Problem): string {
  const where = [problem.file, problem.path].filter((part) => part !== '').join(': ');
  return `${where === '' ? '' : `${where}: `}${problem.message} [${problem.rule}]`;
}

/**
 * Thrown when input (intents or a synthesized tree) breaks one or more rules.
 * Every problem is collected before this is thrown, so one run reports them all.
 */
export class ValidationError extends GitopsSynthError {
  /** Every problem found, sorted by file, then path. */
  public readonly problems: readonly Problem[];

  public constructor(
    code: ErrorCode,
    summary: string,
    problems: readonly Problem[],
    options: GitopsSynthErrorOptions = {},
  ) {
    const sorted = [...problems].sort(compareProblems);
    super(
      code,
      `${summary} (${sorted.length} problem${sorted.length === 1 ? '' : 's'}):\n${sorted.map((p) => `  - ${formatProblem(p)}`).join('\n')}`,
      options,
    );
    this.problems = sorted;
  }
}

function compareProblems(a: Problem, b: Problem): number {
  return (
    a.file.localeCompare(b.file, 'en') || comparePaths(a.path, b.path) || a.rule.localeCompare(b.rule, 'en')
  );
}

/** Compares document paths so that `x[2]` sorts before `x[10]`. */
function comparePaths(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
