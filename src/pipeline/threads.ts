/**
 * Starting a `worker_threads` thread on one of this directory's modules, built or not:
 * the compiled `.js` beside this file when there is one (the CLI), else the `.ts` source
 * through the swc hook the tests use (jest runs the sources).
 */
import { existsSync } from 'fs';
import * as path from 'path';
import { Worker, WorkerOptions } from 'worker_threads';
import { packageRoot } from '../package-root';

/** Starts a thread running `<this directory>/<moduleName>.js` (or `.ts`). */
export function startModuleWorker(moduleName: string, options: WorkerOptions = {}): Worker {
  const compiled = path.join(__dirname, `${moduleName}.js`);
  if (existsSync(compiled)) return new Worker(compiled, options);
  const hook = path.join(packageRoot(), 'scripts', 'ts-register.js');
  const source = path.join(__dirname, `${moduleName}.ts`);
  return new Worker(`require(${JSON.stringify(hook)}); require(${JSON.stringify(source)});`, {
    ...options,
    eval: true,
  });
}
