#!/usr/bin/env node
'use strict';
// The CLI runs the compiled code in dist/ (built by `npm ci` through the prepare script).
const { main } = require('../dist/src/cli/main.js');
const { tuneHeapGrowth } = require('../dist/src/heap.js');

tuneHeapGrowth();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`gitops-synth: internal error: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 70;
  },
);
