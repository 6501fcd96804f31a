import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runKeyInThread, runKeyOf } from '../../src/pipeline/run-key';
import type { RenderRequest } from '../../src/pipeline/render';

const examples = path.resolve(__dirname, '../../examples/intents');

describe('the run key', () => {
  let dir: string;
  let intents: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-run-key-'));
    intents = path.join(dir, 'intents');
    fs.cpSync(examples, intents, { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const request = (extra: Partial<RenderRequest> = {}): RenderRequest => ({
    intents,
    branch: 'main',
    selection: {},
    ...extra,
  });

  it('GIVEN the example intents WHEN keyed in this thread and on a thread of its own THEN both keys are the same sha256', async () => {
    const here = await runKeyOf(request(), 'tool-1');
    expect(here).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await runKeyInThread(request(), 'tool-1')).toBe(here);
  });

  it.each([
    ['a changed byte in one file', () => fs.appendFileSync(path.join(intents, 'edge.yaml'), '# note\n'), {}],
    [
      'a renamed file',
      () => fs.renameSync(path.join(intents, 'edge.yaml'), path.join(intents, 'edge2.yaml')),
      {},
    ],
    ['another branch', () => undefined, { branch: 'release' }],
    ['a cluster selection', () => undefined, { selection: { pattern: 'cluster-prod-*' } }],
    ['another tool build', () => undefined, { tool: 'tool-2' }],
  ])('GIVEN %s WHEN keyed again THEN the key differs, in either thread', async (_name, change, extra) => {
    const before = await runKeyOf(request(), 'tool-1');
    change();
    const { tool = 'tool-1', ...rest } = extra as Partial<RenderRequest> & { tool?: string };
    const after = await runKeyOf(request(rest), tool);
    expect(after).toMatch(/^sha256:/);
    expect(after).not.toBe(before);
    expect(await runKeyInThread(request(rest), tool)).toBe(after);
  });

  it('GIVEN an intents file over the size limit, or no intents at all, WHEN keyed THEN no key in either thread (loading reports why)', async () => {
    const limits = { maxFileBytes: 10 };
    expect(await runKeyOf(request({ limits }), 'tool-1')).toBeUndefined();
    expect(await runKeyInThread(request({ limits }), 'tool-1')).toBeUndefined();
    const missing = request({ intents: path.join(dir, 'no-such-dir') });
    expect(await runKeyOf(missing, 'tool-1')).toBeUndefined();
    expect(await runKeyInThread(missing, 'tool-1')).toBeUndefined();
  });
});
