'use strict';
// Lets `node -r ./scripts/ts-register.js script.ts` run the project's TypeScript
// (the demo uses the test suite's loopback forge) with the swc the tests already use,
// so the demo needs no extra TypeScript runner.
const fs = require('fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compile(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
