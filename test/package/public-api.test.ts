import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import * as library from '../../src';

/**
 * The library's public API as an api-extractor-style report: every name src/index.ts
 * exports, with its kind, compared with the checked-in test/package/public-api.txt.
 * A name that disappears fails the test (the API must not shrink by accident); a new
 * name fails until the report lists it. Regenerate on purpose with
 * `UPDATE_API_REPORT=1 npx jest test/package/public-api`.
 */
const ROOT = path.join(__dirname, '..', '..');
const REPORT = path.join(__dirname, 'public-api.txt');

/** One function per command (README, "Commands"): the CLI is a thin layer over these. */
const COMMAND_FUNCTIONS = [
  'synthesizeTree',
  'loadFleet',
  'validateTreeOnDisk',
  'checkTree',
  'diffAgainstRef',
  'publish',
  'rollback',
  'poll',
  'deriveStatuses',
  'startStatusServer',
  'StatusMonitor',
  'buildBootstrap',
  'doctor',
  'bootstrapHost',
  'main',
];

interface Export {
  readonly name: string;
  readonly kind: string;
  readonly documented: boolean;
}

function kindOf(symbol: ts.Symbol): string {
  const flags = symbol.flags;
  if (flags & ts.SymbolFlags.Function) return 'function';
  if (flags & ts.SymbolFlags.Class) return 'class';
  if (flags & ts.SymbolFlags.Interface) return 'interface';
  if (flags & ts.SymbolFlags.TypeAlias) return 'type';
  if (flags & ts.SymbolFlags.Enum) return 'enum';
  if (flags & ts.SymbolFlags.Variable) return 'const';
  return 'other';
}

/** What src/index.ts exports, as the type checker sees it (types included, which `require` cannot show). */
function readExports(): Export[] {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), (file) => ts.sys.readFile(file));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const entry = path.join(ROOT, 'src', 'index.ts');
  const program = ts.createProgram([entry], { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  return checker
    .getExportsOfModule(module)
    .map((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const documented = ts.displayPartsToString(target.getDocumentationComment(checker)).trim() !== '';
      return { name: symbol.name, kind: kindOf(target), documented };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function render(exports: readonly Export[]): string {
  return `${exports.map((e) => `${e.kind} ${e.name}`).join('\n')}\n`;
}

let exported: Export[];
beforeAll(() => {
  exported = readExports();
  if (process.env.UPDATE_API_REPORT === '1') fs.writeFileSync(REPORT, render(exported));
}, 60_000);

describe('the public API (src/index.ts)', () => {
  it('GIVEN the checked-in report WHEN the exports are read THEN none has gone and every new one is listed', () => {
    const reported = fs.readFileSync(REPORT, 'utf8').split('\n').filter(Boolean);
    const now = render(exported).split('\n').filter(Boolean);
    const gone = reported.filter((line) => !now.includes(line));
    const added = now.filter((line) => !reported.includes(line));
    expect({ gone, added }).toEqual({ gone: [], added: [] });
  });

  it("GIVEN every command WHEN the exports are read THEN the command's function is exported", () => {
    const names = new Set(exported.map((e) => e.name));
    expect(COMMAND_FUNCTIONS.filter((name) => !names.has(name))).toEqual([]);
    for (const name of COMMAND_FUNCTIONS) {
      expect(typeof (library as Record<string, unknown>)[name]).toBe('function');
    }
  });

  it('GIVEN every export WHEN its declaration is read THEN it has TSDoc', () => {
    expect(exported.filter((e) => !e.documented).map((e) => e.name)).toEqual([]);
  });

  it('GIVEN the value exports WHEN the built module is loaded THEN each is defined at run time', () => {
    const values = exported.filter((e) => ['function', 'class', 'const', 'enum'].includes(e.kind));
    expect(values.length).toBeGreaterThan(0);
    const missing = values.filter((e) => (library as Record<string, unknown>)[e.name] === undefined);
    expect(missing.map((e) => e.name)).toEqual([]);
  });
});
