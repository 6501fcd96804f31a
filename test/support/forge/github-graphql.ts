/**
 * The loopback forge's GitHub GraphQL endpoint (`POST /graphql`), for `--sign api`.
 * Every request is parsed, validated and executed with the `graphql` package against
 * the part of GitHub's published schema in graphql/github.graphql (extracted by
 * scripts/graphql/extract.js, never written by hand), so a field, argument or variable
 * GitHub would refuse is refused here too: such a request is a validation failure.
 * The mutations write real objects into the test's bare repository with git plumbing:
 * - `createCommitOnBranch` builds the commit on the branch head in a temporary index,
 *   and moves the branch only if it still holds `expectedHeadOid` (else GitHub's
 *   STALE_DATA error, nothing written but unreachable objects);
 * - `updateRefs` applies every update in one `git update-ref --stdin` transaction, each
 *   checked against its `beforeOid`: all or nothing, as GitHub documents it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSchema, execute, GraphQLError, GraphQLSchema, parse, validate } from 'graphql';
import type { ForgeReply } from './handlers';
import type { ForgeState } from './state';

const ZERO = '0000000000000000000000000000000000000000';
/** The identity GitHub gives a commit made through the API (the App's bot user); fixed here. */
const BOT = {
  name: 'gitops-synth-loopback[bot]',
  email: '1+gitops-synth-loopback[bot]@users.noreply.github.com',
};
export const REPOSITORY_NODE_ID = 'R_kgDOLoopback';

let schema: GraphQLSchema | undefined;
function githubSchema(): GraphQLSchema {
  schema ??= buildSchema(fs.readFileSync(path.join(__dirname, 'graphql', 'github.graphql'), 'utf8'));
  return schema;
}

/** What the endpoint needs: the bare repository the mutations write to. */
export interface GraphqlContext {
  readonly gitDir: string;
  readonly state: ForgeState;
  readonly origin: string;
}

function git(
  gitDir: string,
  args: string[],
  options: { input?: Buffer | string; env?: NodeJS.ProcessEnv } = {},
): string {
  return execFileSync('git', args, {
    cwd: gitDir,
    input: options.input,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
    .toString('utf8')
    .trim();
}

function headOf(gitDir: string, branch: string): string | undefined {
  try {
    return git(gitDir, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`]);
  } catch {
    return undefined;
  }
}

interface CommitInput {
  branch: { repositoryNameWithOwner?: string; branchName?: string; id?: string };
  expectedHeadOid: string;
  message: { headline: string; body?: string | null };
  fileChanges?: { additions?: { path: string; contents: string }[]; deletions?: { path: string }[] };
  clientMutationId?: string;
}

function createCommitOnBranch(context: GraphqlContext, input: CommitInput): unknown {
  const { gitDir, state } = context;
  const { repositoryNameWithOwner, branchName } = input.branch;
  if (repositoryNameWithOwner?.toLowerCase() !== state.project.toLowerCase() || branchName === undefined) {
    throw new GraphQLError(`Could not resolve to a Ref for the branch ${JSON.stringify(input.branch)}.`, {
      extensions: { type: 'NOT_FOUND' },
    });
  }
  const branch = branchName.replace(/^refs\/heads\//, '');
  const head = headOf(gitDir, branch);
  if (head === undefined) {
    throw new GraphQLError(`Could not resolve to a Ref named 'refs/heads/${branch}'.`, {
      extensions: { type: 'NOT_FOUND' },
    });
  }
  if (head !== input.expectedHeadOid) {
    throw new GraphQLError(
      `Expected branch to point to "${input.expectedHeadOid}" but it did not. Pull and try again.`,
      {
        extensions: { type: 'STALE_DATA' },
      },
    );
  }
  const index = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'forge-index-')), 'index');
  const env = { GIT_INDEX_FILE: index };
  try {
    git(gitDir, ['read-tree', head], { env });
    for (const { path: file } of input.fileChanges?.deletions ?? []) {
      try {
        git(gitDir, ['cat-file', '-e', `${head}:${file}`]);
      } catch {
        throw new GraphQLError(
          `A path was requested for deletion which does not exist as of commit oid \`${head}\``,
          { extensions: { type: 'UNPROCESSABLE' } },
        );
      }
      // Mode 0 removes the entry (update-index --index-info; a bare repository has no work tree).
      git(gitDir, ['update-index', '--index-info'], { input: `0 ${ZERO}\t${file}\n`, env });
    }
    for (const addition of input.fileChanges?.additions ?? []) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(addition.contents)) {
        throw new GraphQLError(`The contents of ${addition.path} are not base64`, {
          extensions: { type: 'UNPROCESSABLE' },
        });
      }
      const blob = git(gitDir, ['hash-object', '-w', '--stdin'], {
        input: Buffer.from(addition.contents, 'base64'),
      });
      git(gitDir, ['update-index', '--add', '--cacheinfo', `100644,${blob},${addition.path}`], { env });
    }
    const tree = git(gitDir, ['write-tree'], { env });
    const body = input.message.body ?? '';
    const message = body === '' ? input.message.headline : `${input.message.headline}\n\n${body}`;
    const oid = git(gitDir, ['commit-tree', tree, '-p', head, '-F', '-'], {
      input: message,
      env: {
        GIT_AUTHOR_NAME: BOT.name,
        GIT_AUTHOR_EMAIL: BOT.email,
        GIT_COMMITTER_NAME: 'GitHub',
        GIT_COMMITTER_EMAIL: 'noreply@github.com',
      },
    });
    // Compare-and-swap: the branch moves only if it still holds the head read above.
    git(gitDir, ['update-ref', `refs/heads/${branch}`, oid, head]);
    state.apiCommits.push(oid);
    return {
      clientMutationId: input.clientMutationId ?? null,
      commit: {
        oid,
        url: `${context.origin}/${state.project}/commit/${oid}`,
        messageHeadline: input.message.headline,
        messageBody: body,
      },
      ref: { id: `REF_${branch}`, name: branch, prefix: 'refs/heads/' },
    };
  } finally {
    fs.rmSync(path.dirname(index), { recursive: true, force: true });
  }
}

interface RefUpdateInput {
  name: string;
  beforeOid?: string | null;
  afterOid: string;
  force?: boolean;
}

function updateRefs(
  context: GraphqlContext,
  input: { repositoryId: string; refUpdates: RefUpdateInput[]; clientMutationId?: string },
): unknown {
  const { gitDir } = context;
  if (input.repositoryId !== REPOSITORY_NODE_ID) {
    throw new GraphQLError(`Could not resolve to a node with the global id of '${input.repositoryId}'`, {
      extensions: { type: 'NOT_FOUND' },
    });
  }
  const lines = input.refUpdates.map((update) => {
    if (!update.name.startsWith('refs/')) {
      throw new GraphQLError(`${update.name} is not a fully qualified ref name`, {
        extensions: { type: 'UNPROCESSABLE' },
      });
    }
    const current = headOf(gitDir, update.name.replace(/^refs\/heads\//, ''));
    if (update.force !== true && current !== undefined && update.afterOid !== ZERO) {
      const fastForward = (() => {
        try {
          git(gitDir, ['merge-base', '--is-ancestor', current, update.afterOid]);
          return true;
        } catch {
          return false;
        }
      })();
      if (!fastForward)
        throw new GraphQLError(`${update.name}: not a fast forward`, {
          extensions: { type: 'UNPROCESSABLE' },
        });
    }
    // No beforeOid: no check. (update-ref reads a trailing space as an empty, invalid old value.)
    const before = update.beforeOid == null ? '' : ` ${update.beforeOid}`;
    return update.afterOid === ZERO
      ? `delete ${update.name}${before}`
      : `update ${update.name} ${update.afterOid}${before}`;
  });
  try {
    // One transaction: every ref is checked against its old value, and all move or none does.
    git(gitDir, ['update-ref', '--stdin'], { input: `${lines.join('\n')}\n` });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString('utf8').trim() ?? '';
    throw new GraphQLError(`Ref update rejected: ${stderr}`, { extensions: { type: 'UNPROCESSABLE' } });
  }
  return { clientMutationId: input.clientMutationId ?? null };
}

/**
 * Answers one POST /graphql. A document or variables the schema refuses is a
 * validation failure (`fail`); an execution error is GitHub's 200 with `errors`.
 */
export function answerGraphql(
  context: GraphqlContext,
  body: unknown,
  fail: (reason: string) => ForgeReply,
): ForgeReply {
  const request = body as { query?: unknown; variables?: Record<string, unknown> } | undefined;
  if (typeof request?.query !== 'string') return fail('POST /graphql: no query string');
  let document;
  try {
    document = parse(request.query);
  } catch (error) {
    return fail(`POST /graphql: ${(error as Error).message}`);
  }
  const problems = validate(githubSchema(), document);
  if (problems.length > 0) return fail(`POST /graphql: ${problems.map((p) => p.message).join('; ')}`);
  const rootValue = {
    repository: (args: { owner: string; name: string }) =>
      `${args.owner}/${args.name}`.toLowerCase() === context.state.project.toLowerCase()
        ? { id: REPOSITORY_NODE_ID, nameWithOwner: context.state.project }
        : null,
    createCommitOnBranch: (args: { input: CommitInput }) => createCommitOnBranch(context, args.input),
    updateRefs: (args: { input: { repositoryId: string; refUpdates: RefUpdateInput[] } }) =>
      updateRefs(context, args.input),
  };
  const result = execute({ schema: githubSchema(), document, rootValue, variableValues: request.variables });
  if (result instanceof Promise) return fail('POST /graphql: resolvers are synchronous');
  if (result.data === undefined || result.data === null) {
    // Variables the schema refuses: GitHub answers them as errors without data, and so a request bug.
    return fail(`POST /graphql: ${(result.errors ?? []).map((e) => e.message).join('; ')}`);
  }
  const errors = result.errors?.map((e) => ({
    type: (e.extensions as { type?: string }).type,
    path: e.path,
    locations: e.locations,
    message: e.message,
  }));
  return { status: 200, body: errors === undefined ? { data: result.data } : { data: result.data, errors } };
}
