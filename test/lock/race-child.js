// One of two processes racing for the shared lock, round after round. Compiles the
// TypeScript sources on the fly with swc, as jest does. Waits for "go" on stdin, so
// both start together. In each round it takes the lock (retrying while busy), then, in
// the critical section, creates a marker file exclusively (a second process inside at
// the same time would find it there), bumps a counter with a read-pause-write that loses
// updates unless the section is exclusive, and leaves. Every third round it leaves as a
// crashed run would: the lock file stays behind with the record of a dead process, which
// the next taker must judge gone and take over. Prints one JSON line of counts.
const fs = require('fs');
const swc = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = swc.transformSync(source, {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const { path, counter, marker, rounds, leaseMs, deadPid, hostname } = JSON.parse(process.argv[2]);
const { tryLock } = require('../../src/lock/index.ts');

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Leaves the lock file as a run that died holding it would: a whole record of a dead pid. */
function leaveCrashedLock(nonce) {
  const now = new Date().toISOString();
  const record = {
    pid: deadPid,
    hostname,
    startedAt: now,
    renewedAt: now,
    leaseMs,
    nonce: `crashed-${nonce}`,
  };
  const temporary = `${path}.crashed-${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(record)}\n`);
  try {
    fs.linkSync(temporary, path); // only where no lock is: never over another run's
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
  } finally {
    fs.unlinkSync(temporary);
  }
}

async function run() {
  const counts = { rounds: 0, busy: 0, unreadable: 0, overlaps: 0, crashed: 0 };
  for (let round = 0; round < rounds; round++) {
    let attempt = await tryLock(path, { leaseMs, hostname });
    while ('busy' in attempt) {
      counts.busy++;
      if (/cannot be read/.test(attempt.busy)) counts.unreadable++;
      await pause(1);
      attempt = await tryLock(path, { leaseMs, hostname });
    }
    const lock = attempt.held;
    let mine = true;
    try {
      fs.writeFileSync(marker, String(process.pid), { flag: 'wx' });
    } catch {
      counts.overlaps++;
      mine = false;
    }
    const before = Number(fs.readFileSync(counter, 'utf8'));
    await pause(round % 5 === 0 ? 2 : 0); // a holder that takes its time: renewals run meanwhile
    fs.writeFileSync(counter, String(before + 1));
    lock.assertHeld();
    if (mine) fs.unlinkSync(marker);
    await lock.release();
    if (round % 3 === 2) {
      leaveCrashedLock(`${process.pid}-${round}`);
      counts.crashed++;
    }
    counts.rounds++;
  }
  process.stdout.write(`${JSON.stringify(counts)}\n`);
}

process.stdin.once('data', () => {
  run().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`${error.stack}\n`);
      process.exit(70);
    },
  );
});
process.stdout.write('ready\n');
