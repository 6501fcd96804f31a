#!/usr/bin/env node
/**
 * Extracts the part of GitHub's published GraphQL schema that gitops-synth uses
 * (`--sign api`: createCommitOnBranch, updateRefs, and the repository's node id) from
 * @octokit/graphql-schema (schema.graphql, GitHub's public schema) into
 * test/support/forge/graphql/github.graphql. The loopback forge executes every GraphQL
 * request against that file with the `graphql` package, so a query or variable the real
 * schema would refuse is refused there too.
 *
 * Input types are copied whole (every field, default and description), transitively.
 * Output types keep only the fields listed in KEEP, verbatim; `implements` clauses are
 * dropped with the interfaces they name (none of their fields is used).
 * Run: node scripts/graphql/extract.js
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { parse, print, Kind } = require('graphql');

/** Output types and the fields kept from each (`*`: every field). */
const KEEP = {
  Query: ['repository'],
  Mutation: ['createCommitOnBranch', 'updateRefs'],
  Repository: ['id', 'nameWithOwner'],
  CreateCommitOnBranchPayload: '*',
  UpdateRefsPayload: '*',
  Commit: ['oid', 'url', 'messageHeadline', 'messageBody'],
  Ref: ['id', 'name', 'prefix'],
};
const BUILT_IN = new Set(['String', 'Boolean', 'Int', 'Float', 'ID']);

// The package is ESM-only and exports no file paths, so its files are read where npm puts them.
const PACKAGE = path.join(__dirname, '..', '..', 'node_modules', '@octokit', 'graphql-schema');
const SOURCE = path.join(PACKAGE, 'schema.graphql');
const OUT = path.join(__dirname, '..', '..', 'test', 'support', 'forge', 'graphql', 'github.graphql');

const document = parse(fs.readFileSync(SOURCE, 'utf8'));
const byName = new Map(document.definitions.filter((d) => d.name).map((d) => [d.name.value, d]));

function namedType(type) {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

const wanted = new Set(Object.keys(KEEP));
const queue = [...wanted];
const out = [];
while (queue.length > 0) {
  const name = queue.shift();
  const definition = byName.get(name);
  if (definition === undefined) throw new Error(`${name} is not in ${SOURCE}`);
  let kept = definition;
  const refs = [];
  if (definition.kind === Kind.OBJECT_TYPE_DEFINITION) {
    const fields = KEEP[name];
    if (fields === undefined) throw new Error(`${name} is an output type: list its fields in KEEP`);
    const chosen = definition.fields.filter((f) => fields === '*' || fields.includes(f.name.value));
    const missing = fields === '*' ? [] : fields.filter((f) => !chosen.some((c) => c.name.value === f));
    if (missing.length > 0) throw new Error(`${name} has no field ${missing.join(', ')}`);
    kept = { ...definition, interfaces: [], directives: [], fields: chosen };
    for (const field of chosen) {
      refs.push(namedType(field.type), ...(field.arguments ?? []).map((a) => namedType(a.type)));
    }
  } else if (definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
    refs.push(...definition.fields.map((f) => namedType(f.type)));
  } else if (
    definition.kind !== Kind.SCALAR_TYPE_DEFINITION &&
    definition.kind !== Kind.ENUM_TYPE_DEFINITION
  ) {
    throw new Error(`${name}: a ${definition.kind} is not expected here`);
  }
  out.push(kept);
  for (const ref of refs) {
    if (!BUILT_IN.has(ref) && !wanted.has(ref)) {
      wanted.add(ref);
      queue.push(ref);
    }
  }
}

const { version } = JSON.parse(fs.readFileSync(path.join(PACKAGE, 'package.json'), 'utf8'));
const header = [
  '# GitHub GraphQL schema: the part gitops-synth uses (--sign api). GENERATED, do not edit:',
  `# node scripts/graphql/extract.js, from npm @octokit/graphql-schema ${version} (schema.graphql,`,
  "# GitHub's published public schema). Input types whole; output types only the fields",
  '# the tool reads (scripts/graphql/extract.js, KEEP); `implements` clauses dropped.',
  '',
].join('\n');
const sorted = out.sort((a, b) => a.name.value.localeCompare(b.name.value));
fs.writeFileSync(OUT, `${header}\n${print({ kind: Kind.DOCUMENT, definitions: sorted })}\n`);
console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${sorted.map((d) => d.name.value).join(', ')}`);
