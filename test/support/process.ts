/** Child processes in tests: a free loopback port, waiting for a server to say it is ready, waiting for a stop. */
import { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';

/** Waits until process `pid` is stopped (SIGSTOP; state T in /proc, so Linux only). */
export async function waitStopped(pid: number): Promise<void> {
  while (fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'T') {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A port nothing listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Resolves with everything printed once `text` appears on standard output; rejects if the child exits first. */
export function waitFor(child: ChildProcess, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(text)) resolve(out);
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`exited with ${code} before '${text}': ${err}`)));
  });
}
