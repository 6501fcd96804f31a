#!/usr/bin/env node
/**
 * Builds test/support/forge/openapi/gitlab.json, the GitLab description the
 * loopback forge validates against, from three clearly separated inputs:
 *
 * 1. scripts/openapi/gitlab-published.json: the operations and definitions the
 *    GitLab adapter uses, transcribed from GitLab's published Swagger 2.0
 *    description (doc/api/openapi/openapi_v2.yaml, see its `x-source`). It is not
 *    on npm, so unlike the GitHub extraction it cannot be re-read by a script.
 * 2. CORRECTIONS below: the few places where that published description contradicts
 *    what GitLab sends or accepts (Grape exposures without a documented type are
 *    published as `type: string`; comma-separated list parameters are published as
 *    arrays only). Each one names the field, the replacement and why, and is marked
 *    `x-provenance` in the output so nobody mistakes it for GitLab's own text.
 *    RESPONSE_CORRECTIONS does the same for a response status the generator got wrong,
 *    PARAMETER_CORRECTIONS for a path parameter it typed wrongly.
 * 3. HAND_WRITTEN_PATHS below: operations the adapter needs that the published
 *    description does not contain (the user list, `GET /api/v4/users`; the project
 *    push rule, `GET /api/v4/projects/{id}/push_rule`).
 *
 * No conversion is needed beyond that: the validator reads Swagger 2.0 directly
 * (`parameters` with inline types, `in: body` schemas, `x-nullable`).
 * Run: node scripts/openapi/gitlab-assemble.js
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const SOURCE = path.join(__dirname, 'gitlab-published.json');
const OUT = path.join(__dirname, '..', '..', 'test', 'support', 'forge', 'openapi', 'gitlab.json');

const CORRECTED =
  'hand-written correction of the published description (see scripts/openapi/gitlab-assemble.js)';
const userBasicList = { type: 'array', items: { $ref: '#/definitions/API_Entities_UserBasic' } };
const commaList = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };

/** [definition, property, replacement, why]. */
const CORRECTIONS = [
  ...['API_Entities_MergeRequestBasic', 'API_Entities_MergeRequest'].flatMap((entity) => [
    [
      entity,
      'source_project_id',
      { type: 'integer', format: 'int32' },
      'published as string (untyped exposure); GitLab sends the project id as an integer',
    ],
    [
      entity,
      'target_project_id',
      { type: 'integer', format: 'int32' },
      'published as string (untyped exposure); GitLab sends the project id as an integer',
    ],
    [
      entity,
      'labels',
      { type: 'array', items: { type: 'string' } },
      'published as string (untyped exposure); GitLab sends an array of label names',
    ],
    [entity, 'reviewers', userBasicList, 'published as a single UserBasic; GitLab sends an array of users'],
    [
      entity,
      'description',
      { type: 'string', 'x-nullable': true },
      'GitLab sends null for a merge request without a description',
    ],
    [
      entity,
      'merge_commit_sha',
      { type: 'string', 'x-nullable': true },
      'GitLab sends null until the merge request is merged',
    ],
    [
      entity,
      'squash_commit_sha',
      { type: 'string', 'x-nullable': true },
      'GitLab sends null unless the merge request was squash-merged',
    ],
  ]),
  ...['postApiV4ProjectsIdMergeRequests', 'putApiV4ProjectsIdMergeRequestsMergeRequestIid'].flatMap(
    (body) => [
      [
        body,
        'labels',
        commaList,
        'published as an array only; GitLab documents and accepts a comma-separated string as well',
      ],
      [
        body,
        'add_labels',
        commaList,
        'published as an array only; GitLab documents and accepts a comma-separated string as well',
      ],
    ],
  ),
  [
    'API_Entities_CommitStatus',
    'description',
    { type: 'string', 'x-nullable': true },
    'GitLab sends null for a status posted without a description',
  ],
  [
    'API_Entities_CommitStatus',
    'target_url',
    { type: 'string', 'x-nullable': true },
    'GitLab sends null for a status posted without a target URL',
  ],
  ...['API_Entities_ProjectAccess', 'API_Entities_GroupAccess'].flatMap((entity) => [
    [
      entity,
      'access_level',
      { type: 'integer', format: 'int32' },
      'published as string (untyped exposure); GitLab sends the role as an integer (10 Guest, 20 Reporter, 30 Developer, 40 Maintainer, 50 Owner)',
    ],
    [
      entity,
      'notification_level',
      { type: 'integer', format: 'int32' },
      'published as string (untyped exposure); GitLab sends the notification level as an integer',
    ],
  ]),
  [
    'API_Entities_ProjectWithAccess',
    'permissions',
    {
      type: 'object',
      properties: {
        project_access: { anyOf: [{ $ref: '#/definitions/API_Entities_ProjectAccess' }, { type: 'null' }] },
        group_access: { anyOf: [{ $ref: '#/definitions/API_Entities_GroupAccess' }, { type: 'null' }] },
      },
    },
    'GitLab sends null for project_access when the user is no direct member of the project, and for group_access when it is no member of its group (GitLab issue 3754 shows both)',
  ],
];

/**
 * [path, method, parameter, replacement, why]: path parameters the generator typed
 * wrongly. Grape declares no type for `branch` on the single-branch GET, and the
 * generator falls back to integer, which no branch name like `main` satisfies.
 */
const PARAMETER_CORRECTIONS = [
  [
    '/api/v4/projects/{id}/repository/branches/{branch}',
    'get',
    'branch',
    { in: 'path', name: 'branch', type: 'string', required: true },
    'published as integer (int32); the parameter is the branch name, a string, as the HEAD and DELETE operations on the same path publish it',
  ],
];

/**
 * [path, method, status, response, why]: answers the published operation omits.
 * Grape answers a `post` route with 201 Created unless the endpoint sets another
 * status, and the commit status endpoint does not; the generator still publishes
 * 200. The forge answers 201 as GitLab does, so the 201 must be described.
 */
const RESPONSE_CORRECTIONS = [
  [
    '/api/v4/projects/{id}/statuses/{sha}',
    'post',
    '201',
    { description: 'Post status to a commit', schema: { $ref: '#/definitions/API_Entities_CommitStatus' } },
    'published as 200 only; Grape answers a POST route with 201 Created by default and this endpoint sets no other status',
  ],
  [
    '/api/v4/projects/{id}',
    'get',
    '404',
    { description: 'Not found' },
    'published with 200 only; GitLab answers 404 for a project that does not exist or that the token may not see (REST docs, "Status codes")',
  ],
];

/**
 * The push rule of a project, as GitLab's REST documentation ("Project push rules
 * API", Premium and Ultimate) lists its answer. Only the fields documented there.
 */
const projectPushRule = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    project_id: { type: 'integer' },
    commit_message_regex: { type: 'string' },
    commit_message_negative_regex: { type: 'string' },
    branch_name_regex: { type: 'string' },
    deny_delete_tag: { type: 'boolean' },
    created_at: { type: 'string', format: 'date-time' },
    member_check: { type: 'boolean' },
    prevent_secrets: { type: 'boolean' },
    author_email_regex: { type: 'string' },
    file_name_regex: { type: 'string' },
    max_file_size: { type: 'integer' },
    commit_committer_check: { type: 'boolean' },
    commit_committer_name_check: { type: 'boolean' },
    reject_unsigned_commits: { type: 'boolean' },
    reject_non_dco_commits: { type: 'boolean' },
  },
};

/** Operations the adapter uses that the published description lacks. */
const HAND_WRITTEN_PATHS = {
  '/api/v4/projects/{id}/push_rule': {
    get: {
      operationId: 'getApiV4ProjectsIdPushRule',
      'x-provenance':
        'hand-written from the GitLab REST API documentation (Project push rules API, "Get project push rules"): not found in the published openapi_v2.yaml at the commit read (its tag list has no push_rules tag; not every path was read). 403 and 404 are not listed there: reading push rules needs the Maintainer role (GitLab issue 592146 asks to open it to Developers), and the endpoint is Premium-only, so a Free or Community Edition instance answers 404',
      parameters: [{ in: 'path', name: 'id', type: 'string', required: true }],
      responses: {
        200: { description: 'Get project push rules', schema: projectPushRule },
        403: { description: 'Forbidden' },
        404: { description: 'Not found' },
      },
    },
  },
  '/api/v4/users': {
    get: {
      operationId: 'getApiV4Users',
      'x-provenance':
        'hand-written from the GitLab REST API documentation (Users API, "List users"): not in the published openapi_v2.yaml at the commit read',
      parameters: [
        { in: 'query', name: 'username', type: 'string' },
        { in: 'query', name: 'search', type: 'string' },
        { in: 'query', name: 'page', type: 'integer', format: 'int32' },
        { in: 'query', name: 'per_page', type: 'integer', format: 'int32' },
      ],
      responses: { 200: { description: 'List users', schema: userBasicList } },
    },
  },
};

/** The published extract with corrections applied and hand-written operations added (pure). */
function assemble(published) {
  const doc = JSON.parse(JSON.stringify(published));
  for (const [definition, property, replacement, why] of CORRECTIONS) {
    const properties = doc.definitions[definition] && doc.definitions[definition].properties;
    if (!properties || !(property in properties))
      throw new Error(`correction targets ${definition}.${property}, which the extract does not have`);
    properties[property] = {
      ...replacement,
      'x-provenance': `${CORRECTED}: ${why}; published: ${JSON.stringify(properties[property])}`,
    };
  }
  for (const [template, method, status, response, why] of RESPONSE_CORRECTIONS) {
    const operation = doc.paths[template] && doc.paths[template][method];
    if (!operation)
      throw new Error(`response correction targets ${method} ${template}, which the extract does not have`);
    operation.responses[status] = { ...response, 'x-provenance': `${CORRECTED}: ${why}` };
  }
  for (const [template, method, name, replacement, why] of PARAMETER_CORRECTIONS) {
    const operation = doc.paths[template] && doc.paths[template][method];
    const index = operation ? operation.parameters.findIndex((p) => p.name === name) : -1;
    if (index < 0)
      throw new Error(
        `parameter correction targets ${name} of ${method} ${template}, which the extract does not have`,
      );
    operation.parameters[index] = {
      ...replacement,
      'x-provenance': `${CORRECTED}: ${why}; published: ${JSON.stringify(operation.parameters[index])}`,
    };
  }
  for (const [template, item] of Object.entries(HAND_WRITTEN_PATHS)) {
    if (doc.paths[template])
      throw new Error(`${template} is in the published extract; drop the hand-written copy`);
    doc.paths[template] = item;
  }
  checkRefs(doc);
  return {
    swagger: '2.0',
    info: {
      title: 'GitLab API v4 (subset used by gitops-synth)',
      version: 'v4',
      'x-source': doc['x-source'],
    },
    host: 'gitlab.com',
    produces: ['application/json'],
    paths: doc.paths,
    definitions: doc.definitions,
  };
}

/** Fails when a `$ref` points at a definition the extract does not hold. */
function checkRefs(doc) {
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref') {
        const name = String(value).replace('#/definitions/', '');
        if (!doc.definitions[name]) throw new Error(`unresolved reference ${value}`);
      } else {
        walk(value);
      }
    }
  };
  walk(doc.paths);
  walk(doc.definitions);
}

if (require.main === module) {
  const out = assemble(JSON.parse(fs.readFileSync(SOURCE, 'utf8')));
  fs.writeFileSync(OUT, `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(
    `wrote ${path.relative(process.cwd(), OUT)}: ${Object.keys(out.paths).length} paths, ${Object.keys(out.definitions).length} definitions\n`,
  );
}

module.exports = { assemble, CORRECTIONS, PARAMETER_CORRECTIONS, RESPONSE_CORRECTIONS, HAND_WRITTEN_PATHS };
