import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GitopsSynthError } from '../../src/errors';
import { renderFleet } from '../../src/pipeline/render';
import { MIN_PARALLEL_CLUSTERS, workerCount } from '../../src/pipeline/render-workers';
import { synthesizeTree } from '../../src/pipeline/synth-tree';
import { PhaseTimes } from '../../src/synth/types';
import { demoClusterIds, writeDemoFleet } from './demo-fleet';

/** Values a serializer can get wrong: YAML-special strings, unicode, huge numbers, keys that need quotes. */
function hostileValues(index: number): Record<string, unknown> {
  return {
    yamlWords: ['yes', 'No', 'on', 'OFF', 'y', 'n', '~', 'null', 'NULL', 'true', 'False', '<<', '='],
    numberLike: ['012', '0x1f', '0o17', '1e5', '1_000', '.5', '-.inf', '.NaN', '2026-05-28', '12:30', '+1'],
    indicators: [
      '- item',
      ': colon',
      '? key',
      '# hash',
      '@at',
      '`tick',
      '%pct',
      '!tag',
      '&anchor',
      '*alias',
      '|',
      '>',
      '---',
      '...',
      '[x]',
      '{y}',
      'a #b',
      'a: b',
      'trailing:',
      ' lead',
      'trail ',
    ],
    unicode: {
      emoji: `rocket 🚀 ${index}`,
      rtl: 'שלום עולם',
      combining: 'e\u0301',
      nel: 'line\u0085break',
      separator: 'a\u2028b\u2029c',
      bom: '\ufeffbom',
      control: 'bell\u0007tab\tnul-less',
      cjk: '漢字かな',
      quotes: `"double" and 'single' and \\back\\slash`,
      multiline: 'one\ntwo\n  indented\n',
    },
    numbers: {
      huge: 1.7976931348623157e308,
      // Above Number.MAX_SAFE_INTEGER, yet exact as a double (so the literal loses nothing).
      beyondSafe: 2 ** 53 + 2,
      negative: -123456789012345,
      tiny: 5e-324,
      fraction: 0.1,
      negativeZero: -0,
      exponent: 1e21,
      index,
    },
    keys: {
      'key: with colon': 1,
      '#hash': 2,
      '- dash': 3,
      '': 'empty key',
      ' spaced ': 4,
      'new\nline': 5,
      ünïcödé: 6,
      yes: 'yes as a key',
      '123': 'number as a key',
      ['k'.repeat(600)]: 'a key longer than 512 characters',
    },
    empties: { map: {}, list: [], nested: [{}, [], null, false, 0, ''] },
    longText: 'x'.repeat(5000),
  };
}

function writeFleet(dir: string, clusters: number): void {
  writeDemoFleet(dir, demoClusterIds(clusters), (c, n) => hostileValues(c * 10 + n));
}

/** Every file below `root`, path → bytes. */
function readAll(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(root, full), fs.readFileSync(full));
    }
  };
  walk(path.join(root, 'clusters'));
  return files;
}

describe('rendering in worker threads', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-render-workers-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const synth = async (intents: string, workers: string, times?: PhaseTimes): Promise<string> => {
    const root = path.join(dir, `tree-${workers}`);
    fs.mkdirSync(root);
    await synthesizeTree({
      times,
      intents,
      branch: 'main',
      selection: {},
      root,
      allowDeletions: false,
      useCache: false,
      env: { GITOPS_SYNTH_WORKERS: workers },
    });
    return root;
  };

  it('GIVEN a fleet of hostile values WHEN synthesized in one thread and in two workers THEN every file is byte for byte the same', async () => {
    const intents = path.join(dir, 'intents');
    writeFleet(intents, MIN_PARALLEL_CLUSTERS + 2);
    const oneThread: PhaseTimes = { buildMs: 0, validateMs: 0, synthesizeMs: 0 };
    const twoWorkers: PhaseTimes = { buildMs: 0, validateMs: 0, synthesizeMs: 0 };
    const single = readAll(await synth(intents, '0', oneThread));
    const parallel = readAll(await synth(intents, '2', twoWorkers));
    // The second run did render in workers, the first did not.
    expect(oneThread.workerMs).toBeUndefined();
    expect(twoWorkers.workerMs).toBeGreaterThan(0);
    expect(single.size).toBeGreaterThan(3 * (MIN_PARALLEL_CLUSTERS + 2));
    expect([...parallel.keys()]).toEqual([...single.keys()]);
    for (const [file, bytes] of single) expect(parallel.get(file)?.equals(bytes)).toBe(true);
    // The hostile values did reach the files (the comparison is not between two empty trees).
    const sample = single
      .get('clusters/c00/namespaces/team-0/applicationinstance-app-0.yaml')
      ?.toString('utf8');
    expect(sample).toContain('rocket 🚀 0');
    expect(sample).toContain('"yes"');
  });

  it('GIVEN the same fleet WHEN rendered to memory in one thread and in three workers THEN the trees are equal and in the same order', async () => {
    const intents = path.join(dir, 'intents');
    writeFleet(intents, MIN_PARALLEL_CLUSTERS + 1);
    const request = { intents, branch: 'main', selection: {} };
    const single = (await renderFleet({ ...request, env: { GITOPS_SYNTH_WORKERS: '0' } })).tree;
    const parallel = (await renderFleet({ ...request, env: { GITOPS_SYNTH_WORKERS: '3' } })).tree;
    expect([...parallel.entries()]).toEqual([...single.entries()]);
  });

  it('GIVEN a value whose key YAML consumers drop WHEN rendered in workers THEN the error is the one-thread error', async () => {
    const intents = path.join(dir, 'intents');
    writeFleet(intents, MIN_PARALLEL_CLUSTERS);
    const file = path.join(intents, 'c05.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"numbers":{', '"numbers":{"<<":1,'));
    const request = { intents, branch: 'main', selection: {} };
    const failure = async (workers: string): Promise<GitopsSynthError> =>
      renderFleet({ ...request, env: { GITOPS_SYNTH_WORKERS: workers } }).then(
        () => {
          throw new Error('rendered');
        },
        (error: GitopsSynthError) => error,
      );
    const single = await failure('0');
    const parallel = await failure('2');
    expect(single).toBeInstanceOf(GitopsSynthError);
    expect(parallel).toBeInstanceOf(GitopsSynthError);
    expect({
      code: parallel.code,
      message: parallel.message,
      source: parallel.source,
      hint: parallel.hint,
    }).toEqual({
      code: single.code,
      message: single.message,
      source: single.source,
      hint: single.hint,
    });
  });

  it('GIVEN render workers started ahead WHEN the write fails before any cluster is rendered THEN they are stopped and the process exits on its own', async () => {
    const intents = path.join(dir, 'intents');
    writeFleet(intents, MIN_PARALLEL_CLUSTERS);
    const repository = path.resolve(__dirname, '../..');
    const script = [
      `require(${JSON.stringify(path.join(repository, 'scripts/ts-register.js'))});`,
      `const { synthesizeTree } = require(${JSON.stringify(path.join(repository, 'src/pipeline/synth-tree.ts'))});`,
      `synthesizeTree({ intents: ${JSON.stringify(intents)}, branch: 'main', selection: {}, allowDeletions: false,`,
      `  root: ${JSON.stringify(path.join(dir, 'missing'))}, env: { GITOPS_SYNTH_WORKERS: '1' } })`,
      `  .then(() => console.log('written'), (error) => console.log(error.code));`,
    ].join('\n');
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // A worker left running would keep the process alive: it is killed after a minute, and the test fails.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60000);
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
      child.on('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
    );
    clearTimeout(timer);
    expect({ code, signal, output: output.trim() }).toEqual({
      code: 0,
      signal: null,
      output: 'TREE_ROOT_MISSING',
    });
  }, 90000);

  it('GIVEN GITOPS_SYNTH_WORKERS WHEN it is not a whole number THEN it is refused with INVALID_ENVIRONMENT; unset, small runs stay in one thread', () => {
    for (const bad of ['two', '-1', '1.5', '999'])
      expect(() => workerCount(100, { GITOPS_SYNTH_WORKERS: bad })).toThrow(
        expect.objectContaining({ code: 'INVALID_ENVIRONMENT' }),
      );
    expect(workerCount(100, { GITOPS_SYNTH_WORKERS: '3' })).toBe(3);
    expect(workerCount(2, { GITOPS_SYNTH_WORKERS: '3' })).toBe(2);
    expect(workerCount(MIN_PARALLEL_CLUSTERS - 1, {})).toBe(0);
  });
});
