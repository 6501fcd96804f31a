// Runs `gitops-synth <argv...>` from the TypeScript sources in a child process (compiled on
// the fly with swc, as jest does), so a test can SIGKILL a real run at an exact step.
require('../../scripts/ts-register.js');

const { main } = require('../../src/cli/main.ts');

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
