/**
 * The body of one render worker (a `worker_threads` thread started by `render-workers.ts`):
 * it renders and validates whole clusters, one message each, with exactly the code the
 * main thread runs in one thread (`renderValidClusters` over a fleet of that one cluster),
 * and posts back the files, the schema problems, or the error. The CRD registry is loaded
 * once per worker and kept for every cluster it renders.
 */
import { parentPort } from 'worker_threads';
import { GitopsSynthError, ValidationError } from '../errors';
import { loadCrdRegistry, CrdRegistry } from '../schema/registry';
import { PhaseTimes } from '../synth/types';
import { renderValidClusters } from './render-clusters';
import type { RenderTask, RenderReply, TransferredError } from './render-workers';

let registry: CrdRegistry | undefined;

function transferable(error: unknown): TransferredError {
  if (error instanceof GitopsSynthError) {
    return {
      name: error.name,
      message: error.message,
      stack: error.stack,
      code: error.code,
      source: error.source,
      hint: error.hint,
    };
  }
  const plain = error instanceof Error ? error : new Error(String(error));
  return { name: plain.name, message: plain.message, stack: plain.stack };
}

function render(task: RenderTask): RenderReply {
  const times: PhaseTimes = { buildMs: 0, validateMs: 0, synthesizeMs: 0 };
  const started = Date.now();
  try {
    if (registry === undefined) {
      const loading = Date.now();
      registry = loadCrdRegistry();
      times.validateMs += Date.now() - loading;
    }
    const fleet = { clusters: [task.cluster], intents: new Map([[task.cluster.id, task.intents]]) };
    const files: Array<[string, string]> = [];
    for (const cluster of renderValidClusters(fleet, task.options, undefined, times, registry))
      files.push(...cluster.files);
    times.synthesizeMs = Date.now() - started;
    return { id: task.id, files, times };
  } catch (error) {
    times.synthesizeMs = Date.now() - started;
    // Schema problems are gathered over every cluster by the main thread, as in one thread.
    if (error instanceof ValidationError && error.code === 'SYNTH_OUTPUT_INVALID')
      return { id: task.id, problems: error.problems, times };
    return { id: task.id, error: transferable(error), times };
  }
}

parentPort?.on('message', (task: RenderTask) => parentPort?.postMessage(render(task)));

// Loaded now, while the main thread is still loading the intents (see `prestartRenderPool`);
// a failure here is left for the first task to meet and report.
setImmediate(() => {
  try {
    registry ??= loadCrdRegistry();
  } catch {
    // Reported by `render` when it loads the registry again.
  }
});
