import { execFileSync } from 'child_process';
import * as path from 'path';
import { tuneHeapGrowth } from '../../src/cli/heap';

describe('tuneHeapGrowth', () => {
  it('GIVEN the user chose a heap growth on the command line or in NODE_OPTIONS WHEN tuned THEN their choice is kept', () => {
    expect(tuneHeapGrowth(['--heap-growing-percent=80'], '')).toBe(false);
    expect(tuneHeapGrowth([], '--max-old-space-size=4096 --heap_growing_percent=20')).toBe(false);
  });

  it('GIVEN no choice WHEN tuned THEN the flag is set (V8 accepts it: a running process keeps working)', () => {
    const script = `const { tuneHeapGrowth } = require(${JSON.stringify(path.resolve(__dirname, '../../dist/src/cli/heap.js'))}); const set = tuneHeapGrowth([], ''); const keep = []; for (let i = 0; i < 200000; i += 1) keep.push({ i }); process.stdout.write(String(set) + ' ' + keep.length);`;
    expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })).toBe('true 200000');
  });
});
