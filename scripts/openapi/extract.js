#!/usr/bin/env node
/**
 * Extracts the GitHub REST operations the platform layer uses, with every schema,
 * parameter, response and header they reference (transitively), from GitHub's
 * published OpenAPI description in @octokit/openapi, into
 * test/support/forge/openapi/github.json. The loopback forge validates every
 * request and response against that file.
 *
 * Descriptions and examples are dropped (they do not change what is valid) to keep
 * the committed file small. Run: npm run openapi:extract
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** The operations the GitHub adapter calls, by operationId. */
const OPERATIONS = [
  'pulls/list',
  'pulls/create',
  'pulls/get',
  'pulls/update',
  'pulls/request-reviewers',
  'issues/add-labels',
  'repos/list-commit-statuses-for-ref',
  'repos/create-commit-status',
  // GitHub App authentication: find the installation on the repository, mint its token.
  'apps/get-repo-installation',
  'apps/create-installation-access-token',
  // The preflight: the credential's rights, the base branch, the rules that protect it.
  'repos/get',
  'repos/get-branch',
  'repos/get-branch-rules',
];

const SOURCE = require.resolve('@octokit/openapi/generated/api.github.com.json');
const OUT = path.join(__dirname, '..', '..', 'test', 'support', 'forge', 'openapi', 'github.json');
const DROP = new Set(['description', 'summary', 'examples', 'example', 'externalDocs', 'x-github', 'tags']);

/** Copies a node without documentation-only keys; keys inside `properties` are names, so they are kept. */
function strip(node, parentKey) {
  if (Array.isArray(node)) return node.map((item) => strip(item, undefined));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (parentKey !== 'properties' && DROP.has(key) && (typeof value !== 'object' || key !== 'description'))
      continue;
    out[key] = strip(value, key);
  }
  return out;
}

/** Collects every `#/components/...` reference reachable from `node`. */
function collectRefs(doc, node, seen) {
  if (Array.isArray(node)) return node.forEach((item) => collectRefs(doc, item, seen));
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (
      key === '$ref' &&
      typeof value === 'string' &&
      value.startsWith('#/components/') &&
      !seen.has(value)
    ) {
      seen.add(value);
      collectRefs(doc, resolve(doc, value), seen);
    } else {
      collectRefs(doc, value, seen);
    }
  }
}

function resolve(doc, ref) {
  return ref
    .slice(2)
    .split('/')
    .reduce((node, part) => node[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}

function main() {
  const doc = JSON.parse(fs.readFileSync(SOURCE, 'utf8'));
  const paths = {};
  const found = new Set();
  for (const [route, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (operation && OPERATIONS.includes(operation.operationId)) {
        paths[route] = paths[route] || {};
        paths[route][method] = strip(operation, undefined);
        found.add(operation.operationId);
      }
    }
  }
  const missing = OPERATIONS.filter((id) => !found.has(id));
  if (missing.length > 0) throw new Error(`operations not in the description: ${missing.join(', ')}`);
  const refs = new Set();
  collectRefs(doc, paths, refs);
  const components = {};
  for (const ref of [...refs].sort()) {
    const [, , section, name] = ref.split('/');
    if (section === 'examples') continue;
    components[section] = components[section] || {};
    components[section][name] = strip(resolve(doc, ref), undefined);
  }
  const pkg = JSON.parse(
    fs.readFileSync(
      path.join(path.dirname(require.resolve('@octokit/openapi/package.json')), 'package.json'),
      'utf8',
    ),
  );
  const out = {
    openapi: doc.openapi,
    info: {
      title: 'GitHub REST API (subset used by gitops-synth)',
      version: doc.info.version,
      'x-source': `npm ${pkg.name}@${pkg.version} generated/api.github.com.json`,
    },
    paths,
    components,
  };
  fs.writeFileSync(OUT, `${JSON.stringify(out, null, 1)}\n`);
  process.stdout.write(
    `wrote ${path.relative(process.cwd(), OUT)}: ${found.size} operations, ${refs.size} components\n`,
  );
}

main();
