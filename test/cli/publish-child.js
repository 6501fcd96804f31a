// Runs `gitops-synth <argv...>` from the TypeScript sources in a child process (compiled on
// the fly with swc, as jest does), so a test can SIGKILL a real run at an exact step.
const fs = require('fs');
const swc = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const { main } = require('../../src/cli/main.ts');

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
