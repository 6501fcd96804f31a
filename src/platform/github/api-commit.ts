/**
 * `--sign api` on GitHub: the commit is made by GitHub through GraphQL
 * `createCommitOnBranch`, so GitHub signs it (as the App, or the token's user) and no
 * key lives on the runner. That mutation only appends to a branch's head, while
 * gitops-synth replaces its bot branch with one commit on the current base, behind a
 * lease. So the commit is built on a temporary branch started at the base, and one
 * `updateRefs` call (atomic, each ref checked against its `beforeOid`) then points the
 * bot branch at it, if the branch still holds what the run saw, and deletes the
 * temporary branch. Nobody ever sees the bot branch half-written or rewound.
 *
 * GitHub caps a request's size (commits of about 40 MB are refused in practice, and
 * the limit is not documented), so a large change is sent as several commits on the
 * temporary branch, at most {@link MAX_FILES_PER_COMMIT} files and
 * {@link MAX_BYTES_PER_COMMIT} bytes of base64 each; the bot branch still moves once, to
 * the last. A single file larger than that is refused before anything is written.
 */
import { randomBytes } from 'node:crypto';
import type { Octokit } from '@octokit/rest';
import { GitopsSynthError } from '../../errors';
import type { ApiCommitRequest, ApiFileChange } from '../types';

/** At most this many files per createCommitOnBranch call. */
export const MAX_FILES_PER_COMMIT = 100;
/** At most this many bytes of base64 contents per createCommitOnBranch call (10 MiB). */
export const MAX_BYTES_PER_COMMIT = 10 * 1024 * 1024;

const ZERO = '0000000000000000000000000000000000000000';

const REPOSITORY_ID = `query($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) { id }
}`;
const CREATE_COMMIT = `mutation($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid } }
}`;
const UPDATE_REFS = `mutation($input: UpdateRefsInput!) {
  updateRefs(input: $input) { clientMutationId }
}`;

type GraphQl = Octokit['graphql'];

interface RefUpdate {
  readonly name: string;
  readonly beforeOid?: string;
  readonly afterOid: string;
  readonly force?: boolean;
}

interface Chunk {
  readonly additions: { path: string; contents: string }[];
  readonly deletions: { path: string }[];
  bytes: number;
}

/** The changes in createCommitOnBranch's shape, split so no call exceeds the limits (pure). */
export function chunkChanges(changes: readonly ApiFileChange[]): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk = { additions: [], deletions: [], bytes: 0 };
  for (const change of changes) {
    const contents = change.contents?.toString('base64');
    const bytes = (contents?.length ?? 0) + change.path.length;
    if (bytes > MAX_BYTES_PER_COMMIT) {
      throw new GitopsSynthError(
        'API_COMMIT_TOO_LARGE',
        `--sign api: ${change.path} is ${change.contents?.length ?? 0} bytes, more than one GitHub API commit carries (${MAX_BYTES_PER_COMMIT} bytes of base64)`,
        {
          hint: 'publish this change with --sign ssh or --sign gpg, which push with git and have no such limit',
        },
      );
    }
    const files = current.additions.length + current.deletions.length;
    if (files === MAX_FILES_PER_COMMIT || current.bytes + bytes > MAX_BYTES_PER_COMMIT) {
      chunks.push(current);
      current = { additions: [], deletions: [], bytes: 0 };
    }
    if (contents === undefined) current.deletions.push({ path: change.path });
    else current.additions.push({ path: change.path, contents });
    current.bytes += bytes;
  }
  chunks.push(current);
  return chunks;
}

/** The message of part `index` of `count`: the subject says which part, the body (trailers) is kept. */
function messageOf(message: string, index: number, count: number): { headline: string; body: string } {
  const [subject, ...rest] = message.trim().split('\n');
  const body = rest.join('\n').trim();
  return { headline: count === 1 ? subject : `${subject} (part ${index + 1}/${count})`, body };
}

async function updateRefs(graphql: GraphQl, repositoryId: string, refUpdates: RefUpdate[]): Promise<void> {
  await graphql(UPDATE_REFS, { input: { repositoryId, refUpdates } });
}

/** Makes `request`'s commit on GitHub and moves its branch to it behind the lease; returns the commit's SHA. */
export async function createCommitThroughGraphql(
  graphql: GraphQl,
  nameWithOwner: string,
  request: ApiCommitRequest,
): Promise<string> {
  const chunks = chunkChanges(request.changes);
  const [owner, name] = nameWithOwner.split('/');
  const { repository } = await graphql<{ repository: { id: string } | null }>(REPOSITORY_ID, { owner, name });
  if (repository === null) throw new Error(`GraphQL: no repository ${nameWithOwner}`);
  const temporary = `refs/heads/gitops-synth-api/${randomBytes(6).toString('hex')}`;
  await updateRefs(graphql, repository.id, [
    { name: temporary, beforeOid: ZERO, afterOid: request.parentSha },
  ]);
  let head = request.parentSha;
  try {
    for (const [index, chunk] of chunks.entries()) {
      const made = await graphql<{ createCommitOnBranch: { commit: { oid: string } } }>(CREATE_COMMIT, {
        input: {
          branch: {
            repositoryNameWithOwner: nameWithOwner,
            branchName: temporary.slice('refs/heads/'.length),
          },
          expectedHeadOid: head,
          message: messageOf(request.message, index, chunks.length),
          fileChanges: { additions: chunk.additions, deletions: chunk.deletions },
        },
      });
      head = made.createCommitOnBranch.commit.oid;
    }
    // One atomic call: the bot branch moves only if it still holds what the run saw.
    await updateRefs(graphql, repository.id, [
      {
        name: `refs/heads/${request.branch}`,
        beforeOid: request.expectedSha ?? ZERO,
        afterOid: head,
        force: true,
      },
      { name: temporary, beforeOid: head, afterOid: ZERO },
    ]);
    return head;
  } catch (error) {
    // Leave nothing behind: the temporary branch goes, whatever it holds (best effort).
    await updateRefs(graphql, repository.id, [{ name: temporary, afterOid: ZERO }]).catch(() => undefined);
    throw error;
  }
}
