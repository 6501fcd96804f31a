import { execFileSync } from 'child_process';
import * as path from 'path';
import { tuneHeapGrowth } from '../src/heap';

// The module object itself (a namespace import would be a copy the spy cannot reach).
const v8 = jest.requireActual<typeof import('v8')>('v8');

describe('tuneHeapGrowth', () => {
  it('GIVEN the user chose a heap growth on the command line or in NODE_OPTIONS WHEN tuned THEN their choice is kept', () => {
    expect(tuneHeapGrowth(['--heap-growing-percent=80'], '')).toBe(false);
    expect(tuneHeapGrowth([], '--max-old-space-size=4096 --heap_growing_percent=20')).toBe(false);
  });

  it('GIVEN no choice WHEN tuned THEN the flag is set (V8 accepts it: a running process keeps working)', () => {
    const script = `const { tuneHeapGrowth } = require(${JSON.stringify(path.resolve(__dirname, '../dist/src/heap.js'))}); const set = tuneHeapGrowth([], ''); const keep = []; for (let i = 0; i < 200000; i += 1) keep.push({ i }); process.stdout.write(String(set) + ' ' + keep.length);`;
    expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })).toBe('true 200000');
  });
});

describe('withLoadingHeap', () => {
  const fresh = (): typeof import('../src/heap') => {
    let heap: typeof import('../src/heap') | undefined;
    jest.isolateModules(() => {
      heap = jest.requireActual<typeof import('../src/heap')>('../src/heap');
    });
    return heap as typeof import('../src/heap');
  };
  /** Records the flags set instead of setting them (this test process keeps V8's default). */
  const recordFlags = () => jest.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
  afterEach(() => jest.restoreAllMocks());

  it('GIVEN the CLI tuned the heap WHEN intents load THEN the growth is a tenth while loading and a quarter again after, even when loading fails', async () => {
    const heap = fresh();
    const flags = recordFlags();
    expect(heap.tuneHeapGrowth([], '')).toBe(true);
    const during = await heap.withLoadingHeap(async () => flags.mock.calls.at(-1)?.[0]);
    expect(during).toBe('--heap-growing-percent=10');
    expect(flags.mock.calls.at(-1)?.[0]).toBe('--heap-growing-percent=25');
    await expect(heap.withLoadingHeap(() => Promise.reject(new Error('bad intents')))).rejects.toThrow(
      'bad intents',
    );
    expect(flags.mock.calls.map(([flag]) => flag)).toEqual([
      '--heap-growing-percent=25',
      '--heap-growing-percent=10',
      '--heap-growing-percent=25',
      '--heap-growing-percent=10',
      '--heap-growing-percent=25',
    ]);
  });

  it('GIVEN nested loading (check loads its intents inside its own) WHEN the inner one ends THEN the growth stays a tenth until the outer one ends', async () => {
    const heap = fresh();
    const flags = recordFlags();
    heap.tuneHeapGrowth([], '');
    await heap.withLoadingHeap(async () => {
      await heap.withLoadingHeap(async () => undefined);
      expect(flags.mock.calls.at(-1)?.[0]).toBe('--heap-growing-percent=10');
    });
    expect(flags.mock.calls.map(([flag]) => flag)).toEqual([
      '--heap-growing-percent=25',
      '--heap-growing-percent=10',
      '--heap-growing-percent=25',
    ]);
  });

  it('GIVEN the heap was not tuned (a library caller, or the user chose a growth) WHEN intents load THEN no flag is touched', async () => {
    const heap = fresh();
    const flags = recordFlags();
    expect(heap.tuneHeapGrowth(['--heap-growing-percent=80'], '')).toBe(false);
    expect(await heap.withLoadingHeap(async () => 'loaded')).toBe('loaded');
    expect(flags).not.toHaveBeenCalled();
  });
});
