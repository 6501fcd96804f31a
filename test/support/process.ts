import * as fs from 'fs';

/** Waits until process `pid` is stopped (SIGSTOP; state T in /proc, so Linux only). */
export async function waitStopped(pid: number): Promise<void> {
  while (fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'T') {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
