/**
 * Bounded input: hostile intents files are generated in a temporary directory (a sparse
 * 50 MB file takes no disk), and the CLI must refuse them naming the limit and the flag:
 * sizes before a byte is read, depth while parsing, at any depth without a stack overflow.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/cli';
import { parse as parseYaml } from 'yaml';
import { VALID } from './intents-text';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-limits-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A file of `bytes` bytes that takes no disk: reading it would give zeros, which no parser accepts. */
function sparseFile(name: string, bytes: number): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, '');
  fs.truncateSync(file, bytes);
  return file;
}

/** VALID as JSON text with the application's values nested `depth` levels deep (built as text: no recursion). */
function deepJson(depth: number): string {
  const intents = parseYaml(VALID) as { applications: Array<Record<string, unknown>> };
  intents.applications[0].values = 'VALUES';
  return JSON.stringify(intents).replace('"VALUES"', `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

const validate = (...args: string[]) => runCli(['validate', ...args], { cwd: dir });

describe('intents size limits, checked with stat before reading', () => {
  it('GIVEN a 50 MB intents file WHEN synth runs THEN it is refused (exit 1) naming the limit and the flag, without reading it', async () => {
    const file = sparseFile('fleet.json', 50 * 1000 * 1000);

    const run = await runCli(['synth', '--intents', file, '--root', dir], { cwd: dir });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[INTENTS_TOO_LARGE]');
    expect(run.stderr).toContain(
      `the intents file '${file}' is 47.7 MiB, more than the limit of 32 MiB (--max-intents-file-size); nothing was read`,
    );
    expect(run.stderr).not.toContain('json-syntax');
    expect(fs.readdirSync(dir)).toEqual(['fleet.json']);
  });

  it('GIVEN the same file and --max-intents-file-size 64MiB WHEN validated THEN it is read (and its zeros fail to parse)', async () => {
    const file = sparseFile('fleet.json', 50 * 1000 * 1000);

    const run = await validate('--intents', file, '--max-intents-file-size', '64MiB');

    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('INTENTS_TOO_LARGE');
    expect(run.stderr).toContain('[json-syntax]');
  });

  it('GIVEN a directory whose files together exceed --max-intents-total-size WHEN validated THEN it is refused naming the total limit', async () => {
    fs.writeFileSync(path.join(dir, 'a.yaml'), VALID);
    fs.writeFileSync(
      path.join(dir, 'b.yaml'),
      VALID.replace(/cluster-prod-1/g, 'cluster-prod-2').replace(/nextcloud-myteam/g, 'other'),
    );

    const run = await validate('--intents', dir, '--max-intents-total-size', String(VALID.length + 10));

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /the intents \(2 files\) is [\d.]+ KiB, more than the limit of \d+ bytes \(--max-intents-total-size\)/,
    );
    expect((await validate('--intents', dir)).code).toBe(0);
  });

  it.each([
    ['--max-intents-file-size', 'lots'],
    ['--max-intents-total-size', '-1'],
    ['--max-intents-depth', '0'],
  ])('GIVEN %s %s WHEN run THEN it is a bad flag (exit 2)', async (flag, value) => {
    fs.writeFileSync(path.join(dir, 'a.yaml'), VALID);
    const run = await validate('--intents', path.join(dir, 'a.yaml'), flag, value);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(flag);
  });
});

describe('intents depth limit, enforced while parsing', () => {
  it.each([2_000, 5_000, 10_000])(
    'GIVEN JSON values %i levels deep WHEN validated THEN rule depth-limit, exit 1, no stack overflow',
    async (depth) => {
      fs.writeFileSync(path.join(dir, 'deep.json'), deepJson(depth));

      const run = await validate('--intents', path.join(dir, 'deep.json'));

      expect(run.code).toBe(1);
      expect(run.stderr).toContain('[depth-limit]');
      expect(run.stderr).toContain('--max-intents-depth');
      expect(run.stderr).not.toMatch(/call stack|internal error/);
    },
  );

  it.each([
    [
      'flow YAML 10,000 levels deep',
      () =>
        VALID.replace('    chart:', `    values: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n    chart:`),
    ],
    [
      'block YAML 150 levels deep',
      () =>
        VALID.replace(
          '    chart:',
          `    values:\n${Array.from({ length: 150 }, (_, i) => `${' '.repeat(6 + i)}k:`).join('\n')} 1\n    chart:`,
        ),
    ],
  ])('GIVEN %s WHEN validated THEN rule depth-limit, exit 1', async (_what, text) => {
    fs.writeFileSync(path.join(dir, 'deep.yaml'), text());

    const run = await validate('--intents', path.join(dir, 'deep.yaml'));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[depth-limit]');
  });

  it('GIVEN values 150 levels deep and --max-intents-depth 200 WHEN validated THEN no depth problem', async () => {
    fs.writeFileSync(
      path.join(dir, 'deep.yaml'),
      VALID.replace('    chart:', `    values: ${'{a: '.repeat(150)}1${'}'.repeat(150)}\n    chart:`),
    );

    expect((await validate('--intents', path.join(dir, 'deep.yaml'))).stderr).toContain('[depth-limit]');
    const raised = await validate('--intents', path.join(dir, 'deep.yaml'), '--max-intents-depth', '200');
    expect(raised.stderr).not.toContain('depth-limit');
    expect(raised.code).toBe(0);
  });
});
