/**
 * Two real processes race for one lock file, round after round: each round's critical
 * section would show an overlap (an exclusive marker file found in place, a lost counter
 * update) if both ever held the lock at once. A third of the rounds end as a crash
 * would, leaving the lock file with a dead process's record, so taking over a stale
 * lock is raced too. Leases are short, so renewals rewrite the file throughout: a
 * reader that ever saw half a record would report it as unreadable.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createInterface } from 'readline';

const CHILD = path.join(__dirname, 'race-child.js');
const ROUNDS_EACH = 150;

interface Counts {
  readonly rounds: number;
  readonly busy: number;
  readonly unreadable: number;
  readonly overlaps: number;
  readonly crashed: number;
}

/** A pid that is provably gone: a process that has exited. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(run.stdout);
}

function startRacer(settings: object): { child: ChildProcess; lines: AsyncIterator<string> } {
  const child = spawn(process.execPath, [CHILD, JSON.stringify(settings)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  return { child, lines };
}

async function nextLine(lines: AsyncIterator<string>): Promise<string> {
  const { value, done } = await lines.next();
  if (done === true) throw new Error('the racer exited without a line');
  return value;
}

describe('two processes racing for one lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-race-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`GIVEN two processes each taking the lock ${ROUNDS_EACH} times (${2 * ROUNDS_EACH} rounds), a third of them left behind as crashed runs WHEN they race THEN never are both inside, no update is lost, and no record is ever read half-written`, async () => {
    const counter = path.join(dir, 'counter');
    fs.writeFileSync(counter, '0');
    const settings = {
      path: path.join(dir, 'lock'),
      counter,
      marker: path.join(dir, 'inside'),
      rounds: ROUNDS_EACH,
      leaseMs: 40,
      deadPid: deadPid(),
      hostname: 'runner-a',
    };
    const racers = [startRacer(settings), startRacer(settings)];
    for (const racer of racers) expect(await nextLine(racer.lines)).toBe('ready');
    for (const racer of racers) racer.child.stdin?.write('go\n');
    const counts = (await Promise.all(
      racers.map(async (r) => JSON.parse(await nextLine(r.lines))),
    )) as Counts[];

    expect(counts.map((c) => c.rounds)).toEqual([ROUNDS_EACH, ROUNDS_EACH]);
    expect(counts.map((c) => c.overlaps)).toEqual([0, 0]);
    expect(Number(fs.readFileSync(counter, 'utf8'))).toBe(2 * ROUNDS_EACH);
    expect(counts.map((c) => c.unreadable)).toEqual([0, 0]);
    // They really raced: each found the lock held by the other (or by a crashed run) at times.
    expect(counts.every((c) => c.busy > 0)).toBe(true);
    expect(counts.reduce((sum, c) => sum + c.crashed, 0)).toBe(2 * Math.floor(ROUNDS_EACH / 3));
  }, 60_000);
});
