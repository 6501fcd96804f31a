/**
 * Rendering split by cluster over `worker_threads`: each cluster is built, serialized and
 * validated in a worker (`render-worker.ts`) while the main thread writes the clusters
 * already done. The clusters come back in cluster id order, and each is rendered by the
 * same code as in one thread, so the files are byte for byte those of
 * {@link renderValidClusters}; so are the errors: schema problems of every cluster are
 * gathered and thrown after the last one (no cluster is handed over once one is found),
 * and any other error is thrown when its cluster's turn comes.
 *
 * `GITOPS_SYNTH_WORKERS` sets how many workers (0: render in the main thread); by default
 * one fewer than the CPUs (at least one on a machine with more than one), and none for a
 * run of fewer than {@link MIN_PARALLEL_CLUSTERS} clusters, whose rendering costs less
 * than starting a worker (each loads cdk8s and compiles the CRD schemas).
 */
import { readdirSync, statSync } from 'fs';
import { availableParallelism } from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { ClusterIntents } from '../charts/fleet-chart';
import { ErrorSource, GitopsSynthError, Problem } from '../errors';
import type { ErrorCode } from '../error-codes';
import type { ClusterIntent } from '../intents/model';
import { isIntentFileName } from '../intents/files';
import { findArgoCdRepository, FleetByCluster } from '../synth/synth';
import { nowMs, PhaseTimes, SynthOptions } from '../synth/types';
import type { ClusterFiles } from '../tree/write-clusters';
import { renderValidClusters, throwSynthProblems } from './render-clusters';
import { startModuleWorker } from './threads';

/** The environment variable that sets the number of render workers. */
export const WORKERS_ENV = 'GITOPS_SYNTH_WORKERS';
/** Below this many clusters to render, workers cost more than they save. */
export const MIN_PARALLEL_CLUSTERS = 8;
/** Clusters rendered ahead of the writer, per worker: enough to keep workers busy, few enough to bound memory. */
const AHEAD_PER_WORKER = 2;

/** One cluster to render, as posted to a worker. */
export interface RenderTask {
  readonly id: number;
  readonly cluster: ClusterIntent;
  readonly intents: ClusterIntents;
  readonly options: SynthOptions;
}

/** An error as it crosses the thread boundary. */
export interface TransferredError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: ErrorCode;
  readonly source?: ErrorSource;
  readonly hint?: string;
}

/** A worker's answer for one cluster. */
export interface RenderReply {
  readonly id: number;
  readonly files?: Array<[string, string]>;
  readonly problems?: readonly Problem[];
  readonly error?: TransferredError;
  readonly times: PhaseTimes;
}

/**
 * How many workers to use for `clusters` clusters: `GITOPS_SYNTH_WORKERS` when set (a
 * whole number), otherwise one fewer than the CPUs; none below {@link MIN_PARALLEL_CLUSTERS}.
 * @throws GitopsSynthError `INVALID_ENVIRONMENT` when the variable is not a whole number.
 */
export function workerCount(
  clusters: number,
  env: Readonly<Record<string, string | undefined>> = process.env,
): number {
  const set = env[WORKERS_ENV];
  if (set !== undefined && set !== '') {
    if (!/^\d+$/.test(set.trim()) || Number(set) > 256) {
      throw new GitopsSynthError(
        'INVALID_ENVIRONMENT',
        `${WORKERS_ENV}=${set} is not a whole number from 0 to 256`,
        {
          source: 'user',
          hint: `set ${WORKERS_ENV} to the number of render threads, or 0 to render in the main thread`,
        },
      );
    }
    return Math.min(Number(set), clusters);
  }
  if (clusters < MIN_PARALLEL_CLUSTERS) return 0;
  return Math.min(Math.max(availableParallelism() - 1, availableParallelism() > 1 ? 1 : 0), clusters);
}

/**
 * Checks `GITOPS_SYNTH_WORKERS` before anything is read or written.
 * @throws GitopsSynthError `INVALID_ENVIRONMENT` when it is set to anything but a whole number from 0 to 256.
 */
export function checkWorkersEnv(env: Readonly<Record<string, string | undefined>>): void {
  workerCount(0, env);
}

/**
 * {@link renderValidClusters}, with the clusters rendered in `workers` threads (see the
 * module comment); with no workers, it is {@link renderValidClusters} itself. Each
 * cluster's intents are deleted from `fleet.intents` as it is handed to a worker.
 */
export async function* renderValidClustersInWorkers(
  fleet: FleetByCluster,
  options: SynthOptions,
  include: (cluster: ClusterIntent) => boolean,
  workers: number | RenderPool,
  times?: PhaseTimes,
): AsyncGenerator<ClusterFiles> {
  const clusters = fleet.clusters.filter((cluster) => include(cluster));
  const started = typeof workers === 'number' ? undefined : workers;
  const count = Math.min(started?.size ?? (workers as number), clusters.length);
  if (count <= 0 || (started !== undefined && clusters.length < MIN_PARALLEL_CLUSTERS)) {
    await started?.close();
    yield* renderValidClusters(fleet, options, include, times);
    return;
  }
  // Checked up front, as the single-threaded path does before building anything.
  findArgoCdRepository(fleet, options);
  for (const cluster of fleet.clusters) if (!include(cluster)) fleet.intents.delete(cluster.id);
  const pool = started?.take(count) ?? startWorkers(count);
  const replies = new Map<number, RenderReply>();
  let waiting: (() => void) | undefined;
  let failure: Error | undefined;
  let closing = false;
  let next = 0;
  let done = 0;
  const idle = [...pool];
  const dispatch = (): void => {
    while (idle.length > 0 && next < clusters.length && next < done + AHEAD_PER_WORKER * pool.length) {
      const cluster = clusters[next];
      const intents = fleet.intents.get(cluster.id) ?? { applications: [], operations: [] };
      fleet.intents.delete(cluster.id);
      (idle.pop() as Worker).postMessage({ id: next, cluster, intents, options } satisfies RenderTask);
      next += 1;
    }
  };
  for (const worker of pool) {
    worker.on('message', (reply: RenderReply) => {
      replies.set(reply.id, reply);
      idle.push(worker);
      dispatch();
      waiting?.();
    });
    worker.on('error', (error) => {
      failure ??= error;
      waiting?.();
    });
    worker.on('exit', (code) => {
      if (!closing)
        failure ??= new Error(`a render worker stopped (exit code ${code}) before its clusters were done`);
      waiting?.();
    });
  }
  const problems: Problem[] = [];
  try {
    failure = pool.map((worker) => stopped.get(worker)).find((error) => error !== undefined);
    dispatch();
    for (; done < clusters.length; done += 1) {
      const started = nowMs();
      while (!replies.has(done) && failure === undefined)
        await new Promise<void>((resolve) => (waiting = resolve));
      waiting = undefined;
      if (failure !== undefined) throw failure;
      const reply = replies.get(done) as RenderReply;
      replies.delete(done);
      dispatch();
      if (times !== undefined) addTimes(times, reply.times, nowMs() - started);
      if (reply.error !== undefined) throw revive(reply.error);
      if (reply.problems !== undefined) problems.push(...reply.problems);
      else if (problems.length === 0) yield { cluster: clusters[done].id, files: new Map(reply.files) };
    }
  } finally {
    closing = true;
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
  throwSynthProblems(problems);
}

/**
 * Worker CPU time is added up as such (build and validate summed over the workers), and
 * `synthesizeMs` is what the main thread waited for clusters: the time rendering cost the run.
 */
function addTimes(into: PhaseTimes, from: PhaseTimes, waitedMs: number): void {
  into.buildMs += from.buildMs;
  into.validateMs += from.validateMs;
  into.synthesizeMs += waitedMs;
  into.workerMs = (into.workerMs ?? 0) + from.synthesizeMs;
}

function revive(error: TransferredError): Error {
  const revived =
    error.code === undefined
      ? new Error(error.message)
      : new GitopsSynthError(error.code, error.message, { source: error.source, hint: error.hint });
  revived.name = error.name;
  revived.stack = error.stack;
  return revived;
}

/**
 * Render workers started ahead of time: a worker takes about a second to load cdk8s and
 * the CRD schemas, which it can do while the main thread loads the intents. Close it when
 * it goes unused.
 */
export interface RenderPool {
  readonly size: number;
  /** The first `count` workers (the others are stopped); the pool is then used up. */
  take(count: number): Worker[];
  close(): Promise<void>;
}

/**
 * How many threads work on intents of `intentsBytes` is worth starting, before anything
 * says how much work there is: none below `minBytes`, unless `GITOPS_SYNTH_WORKERS` is
 * set (a number of threads asks for them at any size); else {@link workerCount}'s.
 */
export function threadsWorthStarting(
  intentsBytes: number,
  minBytes: number,
  env: Readonly<Record<string, string | undefined>> = process.env,
): number {
  const asked = env[WORKERS_ENV] !== undefined && env[WORKERS_ENV] !== '';
  if (!asked && intentsBytes < minBytes) return 0;
  return workerCount(Number.MAX_SAFE_INTEGER, env);
}

/** Intents this large (in bytes) are worth starting workers for before they are loaded (about 5,000 objects). */
export const PRESTART_BYTES = 8_000_000;

/**
 * Starts the render workers before the intents are loaded, when the run is large enough
 * to use them (`intentsBytes` of intents at least {@link PRESTART_BYTES}, or
 * `GITOPS_SYNTH_WORKERS` set); undefined otherwise.
 */
export function prestartRenderPool(
  intentsBytes: number,
  env: Readonly<Record<string, string | undefined>> = process.env,
): RenderPool | undefined {
  const count = threadsWorthStarting(intentsBytes, PRESTART_BYTES, env);
  if (count <= 0) return undefined;
  let workers: Worker[] | undefined = startWorkers(count);
  const stop = (list: Worker[]): Promise<unknown> => Promise.all(list.map((worker) => worker.terminate()));
  return {
    size: count,
    take(wanted) {
      const all = workers ?? [];
      workers = undefined;
      void stop(all.slice(wanted));
      return all.slice(0, wanted);
    },
    async close() {
      const all = workers ?? [];
      workers = undefined;
      await stop(all);
    },
  };
}

/** Starts `count` workers; from TypeScript sources (the tests), through the project's swc hook. */
function startWorkers(count: number): Worker[] {
  return Array.from({ length: count }, () => {
    const worker = startModuleWorker('render-worker', { resourceLimits: WORKER_LIMITS });
    // A worker started ahead of time may fail before anyone listens: remember it, so it is not waited on.
    worker.on('error', (error) => stopped.set(worker, error));
    worker.on('exit', (code) => {
      if (!stopped.has(worker)) stopped.set(worker, new Error(`a render worker stopped (exit code ${code})`));
    });
    return worker;
  });
}

/**
 * A worker's young generation kept small: what it allocates for one cluster dies young,
 * and every megabyte of semi-space is resident memory the whole run long, counted in the
 * process's peak beside the main thread's intents.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

/** Workers that have failed or exited, with why. */
const stopped = new WeakMap<Worker, Error>();

/** The bytes of the intents files at `intentsPath` (a file, or the intents files below a directory), from `stat` alone. */
export function intentsBytes(intentsPath: string): number {
  try {
    const stat = statSync(intentsPath);
    if (stat.isFile()) return stat.size;
    let total = 0;
    for (const entry of readdirSync(intentsPath, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(intentsPath, entry.name);
      if (entry.isDirectory()) total += intentsBytes(full);
      else if (isIntentFileName(entry.name)) total += statSync(full).size;
    }
    return total;
  } catch {
    // Loading reports what is wrong with the path; here it only means "not worth workers".
    return 0;
  }
}
