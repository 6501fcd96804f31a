// Runs writeTree in a child process with an injected fault, so a test can SIGKILL it at an
// exact step. Compiles the TypeScript sources on the fly with swc, as jest does.
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

const { root, desiredFile, faults, allowDeletions } = JSON.parse(process.argv[2]);
const { writeTree } = require('../../src/tree/write.ts');
const { faultyFs } = require('./faulty-fs.ts');

const desired = new Map(Object.entries(JSON.parse(fs.readFileSync(desiredFile, 'utf8'))));
writeTree(root, desired, { allowDeletions, fs: faultyFs(faults) }).then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error.code ?? ''} ${error.message}\n`);
    process.exit(3);
  },
);
