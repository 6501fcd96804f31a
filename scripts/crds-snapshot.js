'use strict';
// Run by `npm run build` after tsc: parses the shipped CRDs once into dist/crds.json,
// which loadCrdRegistry reads while it matches crds/ byte for byte (src/schema/registry-snapshot.ts).
const { snapshotShippedCrds } = require('../dist/src/schema/registry');

snapshotShippedCrds();
