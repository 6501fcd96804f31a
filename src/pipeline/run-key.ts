/**
 * The run key: sha256 over everything a run's output depends on besides the tree (the
 * tool, the options, the selection, the retention, and every intents file's name and
 * bytes). A cached no-op run is answered when the key is the last run's and the cluster
 * directories are as it left them; the two proofs are independent, so on a fleet large
 * enough to pay for a thread the key is hashed on the other core while this one walks
 * the stamps (see synth-tree.ts).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { listIntentFiles } from '../intents/files';
import { DEFAULT_INTENT_LIMITS } from '../intents/limits';
import type { ClusterSelection } from '../selection';
import type { RenderRequest } from './render';
import { startModuleWorker } from './threads';

/** What hashing the key needs, as plain data (it crosses to a worker thread). */
export interface RunKeyInput {
  /** The intents file or directory. */
  readonly intents: string;
  /** The tool and settings, hashed before the files. */
  readonly prefix: string;
  /** Files over this size are never read: loading refuses them unread, with its own error. */
  readonly maxFileBytes: number;
}

/** The key's input for `request` run by the build `tool`. */
export function runKeyInput(request: RenderRequest, tool: string): RunKeyInput {
  const limits = { ...DEFAULT_INTENT_LIMITS, ...request.limits };
  const settings = {
    repoUrl: request.repoUrl ?? null,
    branch: request.branch,
    selection: selectionKey(request.selection),
    retentionMs: request.operationRetention?.maxAgeMs ?? null,
    maxDepth: limits.maxDepth,
  };
  return {
    intents: request.intents,
    prefix: `${tool}\0${JSON.stringify(settings)}\0`,
    maxFileBytes: limits.maxFileBytes,
  };
}

function selectionKey(selection: ClusterSelection): unknown {
  return {
    pattern: selection.pattern ?? null,
    shard: selection.shard === undefined ? null : [selection.shard.index, selection.shard.count],
  };
}

/** The run key, or undefined when the intents cannot be read: loading them reports why, with its own error. */
export async function runKeyOf(request: RenderRequest, tool: string): Promise<string | undefined> {
  return hashIntentsFiles(runKeyInput(request, tool)).catch(() => undefined);
}

/**
 * {@link runKeyOf} on a thread of its own, so the caller's thread can do other work
 * meanwhile. The same key, byte for byte: the thread runs {@link hashIntentsFiles} too.
 */
export function runKeyInThread(request: RenderRequest, tool: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const worker = startModuleWorker('run-key-worker', { workerData: runKeyInput(request, tool) });
    // Whatever ends the thread first settles the key: a thread that fails just means no key.
    worker.once('message', (key: unknown) => resolve(typeof key === 'string' ? key : undefined));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}

/** sha256 of the prefix and every intents file's name, length and bytes, in reading order. */
export async function hashIntentsFiles(input: RunKeyInput): Promise<string> {
  const hash = createHash('sha256');
  hash.update(input.prefix);
  const stat = fs.statSync(input.intents, { throwIfNoEntry: false });
  const files =
    stat?.isFile() === true
      ? [{ name: path.basename(input.intents), absolute: input.intents }]
      : (await listIntentFiles(input.intents)).map((name) => ({
          name,
          absolute: path.join(input.intents, name),
        }));
  for (const file of files) {
    // Never read what loading would refuse unread: no run key, so loading runs and refuses it.
    if (fs.statSync(file.absolute).size > input.maxFileBytes)
      throw new Error(`${file.name} is over the size limit`);
    const bytes = fs.readFileSync(file.absolute);
    hash.update(`${file.name}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return `sha256:${hash.digest('hex')}`;
}
