// A run that takes the shared lock in a process of its own, so tests can race real
// processes under different host names (GITOPS_SYNTH_HOSTNAME) and stop, resume or kill
// them. Compiles the TypeScript sources on the fly with swc, as jest does.
//   hold: take the lock, print {"held":true} (or {"busy":...}), check it every 20 ms;
//         print {"lost":...} and exit 75 when it was taken over; release on SIGTERM.
//   try:  take the lock once, print {"held":true} or {"busy":...}, release, exit.
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

const { mode, path, leaseMs, graceMs } = JSON.parse(process.argv[2]);
const { tryLock } = require('../../src/lock/index.ts');

async function run() {
  const attempt = await tryLock(path, { leaseMs, graceMs });
  if ('busy' in attempt) {
    process.stdout.write(`${JSON.stringify({ busy: attempt.busy })}\n`);
    return;
  }
  process.stdout.write(`${JSON.stringify({ held: true })}\n`);
  const lock = attempt.held;
  if (mode === 'try') {
    await lock.release();
    return;
  }
  process.on('SIGTERM', () => lock.release().then(() => process.exit(0)));
  setInterval(() => {
    try {
      lock.assertHeld();
    } catch (error) {
      process.stdout.write(`${JSON.stringify({ lost: error.code, message: error.message })}\n`);
      process.exit(75);
    }
  }, 20);
}

run().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(70);
});
