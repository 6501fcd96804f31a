import { GitopsSynthError } from '../errors';
import { findNearest } from '../intents/suggest';

/**
 * yargs' own messages for bad flags ("Invalid values: Argument: format, Given: …"),
 * turned into gitops-synth's format: `error [INVALID_FLAG]: --format: 'yml' is not one
 * of …` with a hint, and a "did you mean" for a mistyped command or flag.
 */

/** What {@link usageError} knows about the command line. */
export interface UsageContext {
  /** The arguments as given (without `node` and the script). */
  readonly argv: readonly string[];
  /** The top-level command names. */
  readonly commands: readonly string[];
  /** Subcommands per command (`status` → `serve`). */
  readonly subcommands: Readonly<Record<string, readonly string[]>>;
  /** Every flag name yargs knows for the command line (without dashes). */
  readonly flags: readonly string[];
}

/** The error to report for yargs' `message` (always exit code 2: bad flags). */
export function usageError(message: string, context: UsageContext): GitopsSynthError {
  return (
    invalidValue(message) ??
    unknownArguments(message, context) ??
    missing(message) ??
    new GitopsSynthError('INVALID_FLAG', message, {
      hint: "run 'gitops-synth --help' for the commands and flags",
    })
  );
}

function invalidValue(message: string): GitopsSynthError | undefined {
  const match = /^Invalid values:\s*Argument: ([\w-]+), Given: "([^"]*)", Choices: (.*)$/s.exec(
    message.trim(),
  );
  if (!match) return undefined;
  const [, flag, given, list] = match as unknown as [string, string, string, string];
  const choices = [...list.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  const nearest = findNearest(given, choices);
  return new GitopsSynthError('INVALID_FLAG', `--${flag}: '${given}' is not one of ${choices.join(', ')}`, {
    hint:
      nearest === undefined ? `pass --${flag} ${choices.join('|')}` : `did you mean --${flag} ${nearest}?`,
  });
}

function unknownArguments(message: string, context: UsageContext): GitopsSynthError | undefined {
  const match = /^Unknown arguments?: (.*)$/.exec(message.trim());
  if (!match) return undefined;
  // yargs adds a camelCase twin of each flag, and reads `--no-x` as the negation of `x`.
  const words = match[1].split(', ').map((word) => word.trim());
  const unknown = words
    .filter(
      (word) =>
        !words.some(
          (other) => other !== word && other.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase()) === word,
        ),
    )
    .map((word) => (context.argv.includes(`--no-${word}`) ? `--no-${word}` : word));
  const positionals = context.argv.filter((arg) => !arg.startsWith('-'));
  const command =
    positionals[0] !== undefined && !context.commands.includes(positionals[0]) ? positionals[0] : undefined;
  const subcommand =
    command === undefined && positionals[0] !== undefined && positionals[0] in context.subcommands
      ? positionals[1]
      : undefined;
  // yargs lists unknown flags before an unknown command: the command is the more useful message.
  const mistyped = [command, subcommand].find((word) => word !== undefined && unknown.includes(word));
  const first = mistyped ?? unknown[0];
  if (mistyped !== undefined) {
    const parent = mistyped === command ? undefined : positionals[0];
    const known = parent === undefined ? context.commands : (context.subcommands[parent] ?? []);
    const nearest = findNearest(first, known);
    const what = parent === undefined ? 'a gitops-synth command' : `a subcommand of ${parent}`;
    return new GitopsSynthError('UNKNOWN_COMMAND', `'${first}' is not ${what}`, {
      hint:
        nearest === undefined
          ? `the commands are ${known.join(', ')}`
          : `did you mean '${parent === undefined ? '' : `${parent} `}${nearest}'?`,
    });
  }
  const flag = first.replace(/^-+/, '');
  const nearest = findNearest(flag, context.flags);
  return new GitopsSynthError(
    'INVALID_FLAG',
    `unknown flag ${first.startsWith('-') ? first : `--${flag}`}${unknown.length > 1 ? ` (and ${unknown.slice(1).join(', ')})` : ''}`,
    {
      hint:
        nearest === undefined
          ? "run 'gitops-synth <command> --help' for the command's flags"
          : `did you mean --${nearest}?`,
    },
  );
}

function missing(message: string): GitopsSynthError | undefined {
  const value = /^Not enough arguments following: ([\w-]+)$/.exec(message.trim());
  if (value)
    return new GitopsSynthError('INVALID_FLAG', `--${value[1]}: needs a value`, {
      hint: `pass --${value[1]} <value>`,
    });
  const required = /^Missing required arguments?: (.*)$/.exec(message.trim());
  if (required) {
    const flags = required[1].split(', ').map((flag) => `--${flag}`);
    return new GitopsSynthError(
      'INVALID_FLAG',
      `${flags.join(', ')} ${flags.length === 1 ? 'is' : 'are'} required`,
      { hint: "see the command's --help for what each flag takes" },
    );
  }
  return undefined;
}
