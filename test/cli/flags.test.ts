/**
 * The README's flag table and the commands' real flags agree: every flag of every
 * command (read from the yargs definitions the CLI runs, not from a list here) has a
 * description, and the table names it for exactly the commands that take it.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Argv, CommandModule } from 'yargs';
import yargs from 'yargs/yargs';
import { serveCommand } from '../../src/cli/commands/status';
import { CliIo } from '../../src/cli/io';
import { commandModules } from '../../src/cli/main';
import { globalOptions, SHARED_FLAGS } from '../../src/cli/options';

const io: CliIo = {
  env: {},
  cwd: __dirname,
  out: () => undefined,
  err: () => undefined,
  now: () => 0,
} as never;

/** yargs 17's own (untyped) view of the flags a builder defined. */
interface YargsInternals {
  getOptions(): { key: Record<string, unknown>; hiddenOptions: string[] };
  getInternalMethods(): { getUsageInstance(): { getDescriptions(): Record<string, string | undefined> } };
}

/** The visible flags, with their descriptions, that `modules`' builders define, run in order as yargs runs them. */
function flagsOf(modules: ReadonlyArray<CommandModule<never, never>>): Map<string, string> {
  let built: Argv = globalOptions(yargs([]));
  for (const module of modules) {
    const builder = module.builder as ((y: Argv) => Argv | void) | undefined;
    built = builder?.(built) ?? built;
  }
  const internals = built as unknown as YargsInternals;
  const options = internals.getOptions();
  const descriptions = internals.getInternalMethods().getUsageInstance().getDescriptions();
  return new Map(
    Object.keys(options.key)
      .filter((flag) => !options.hiddenOptions.includes(flag))
      .map((flag) => [flag, (descriptions[flag] ?? '').replace(/^__yargsString__:/, '')]),
  );
}

/** Command name → its flags → description; `status serve` inherits status's flags, as yargs runs both builders. */
function realFlags(): Map<string, Map<string, string>> {
  const commands = new Map<string, Map<string, string>>();
  for (const module of commandModules(io, { code: 0 })) {
    const name = String(module.command);
    commands.set(name, flagsOf([module]));
    if (name === 'status') commands.set('status serve', flagsOf([module, serveCommand(io) as never]));
  }
  return commands;
}

/** flag → the commands the README's table says take it. */
function readmeTable(allCommands: readonly string[]): Map<string, Set<string>> {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('| flag | commands | meaning |');
  expect(start).toBeGreaterThan(0);
  const rows = readme.slice(start).split('\n\n')[0].split('\n').slice(2);
  const table = new Map<string, Set<string>>();
  for (const row of rows) {
    const [flags, commands] = row.split(/(?<!\\)\|/).slice(1, 3);
    const names = [...flags.matchAll(/`--(?:no-)?([a-z][a-z0-9-]*)/g)].map((match) => match[1]);
    expect(names.length).toBeGreaterThan(0);
    const listed = commands.trim() === 'all' ? allCommands : commands.split(',').map((c) => c.trim());
    for (const name of names) {
      const set = table.get(name) ?? new Set<string>();
      for (const command of listed) set.add(command);
      table.set(name, set);
    }
  }
  return table;
}

const commands = realFlags();

describe('flags', () => {
  it('GIVEN every command WHEN its flags are read from yargs THEN each has a description', () => {
    // Not vacuous: the commands are read, and they have flags.
    expect([...commands.keys()]).toEqual(expect.arrayContaining(['synth', 'publish', 'status serve']));
    const undescribed = [...commands].flatMap(([command, flags]) =>
      [...flags]
        .filter(([, description]) => description.trim() === '')
        .map(([flag]) => `${command} --${flag}`),
    );
    expect(undescribed).toEqual([]);
  });

  it("GIVEN the README's flag table WHEN compared with every command's flags THEN each flag is listed for exactly the commands that take it", () => {
    const table = readmeTable([...commands.keys()]);
    const real = new Map<string, Set<string>>();
    for (const [command, flags] of commands) {
      for (const flag of flags.keys()) real.set(flag, (real.get(flag) ?? new Set()).add(command));
    }
    const describe = (map: Map<string, Set<string>>) =>
      Object.fromEntries([...map].map(([flag, set]) => [flag, [...set].sort()]).sort());
    expect(describe(table)).toEqual(describe(real));
  });

  it('GIVEN a shared flag WHEN two commands take it THEN their help texts are the one definition', () => {
    for (const [flag, definition] of Object.entries(SHARED_FLAGS)) {
      const texts = new Set(
        [...commands.values()].flatMap((flags) => (flags.has(flag) ? [flags.get(flag)] : [])),
      );
      expect({ flag, texts: [...texts] }).toEqual({ flag, texts: [definition.describe] });
    }
  });
});
