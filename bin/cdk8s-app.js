#!/usr/bin/env node
'use strict';
// The app `npx cdk8s synth` runs (cdk8s.yaml). It reconciles clusters/ in place and
// copies the result into the cdk8s output directory, which the cdk8s CLI wipes first.
const { runCdk8sApp } = require('../dist/src/cdk8s-app.js');
const { tuneHeapGrowth } = require('../dist/src/heap.js');

tuneHeapGrowth();

runCdk8sApp().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`gitops-synth: internal error: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 70;
  },
);
