/**
 * The body of the run key's thread (started by `runKeyInThread` in run-key.ts): hashes
 * the intents files it is given, posts the key (null when they cannot be read), and ends.
 */
import { parentPort, workerData } from 'worker_threads';
import { hashIntentsFiles, RunKeyInput } from './run-key';

const port = parentPort;
if (port !== null) {
  hashIntentsFiles(workerData as RunKeyInput).then(
    (key) => port.postMessage(key),
    () => port.postMessage(null),
  );
}
