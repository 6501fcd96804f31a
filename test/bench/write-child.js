// Runs writeTree on the real filesystem (its synchronous fast path) in a child process, so
// a test can SIGKILL it mid-write. Compiles the TypeScript sources with swc, as jest does.
const fs = require('fs');
require('../../scripts/ts-register.js');

const { root, desiredFile } = JSON.parse(process.argv[2]);
const { writeTree } = require('../../src/tree/write.ts');

const desired = new Map(Object.entries(JSON.parse(fs.readFileSync(desiredFile, 'utf8'))));
writeTree(root, desired, { allowDeletions: true }).then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error.code ?? ''} ${error.message}\n`);
    process.exit(3);
  },
);
