/**
 * Intents for the pipeline tests that need many clusters: a clusters file and one
 * file per cluster with three applications of a demo chart, whose values each test
 * chooses (plain numbers to compare trees, hostile strings to stress the writer).
 */
import * as fs from 'fs';
import * as path from 'path';

const HEADER = { apiVersion: 'gitops.vworkspace.io/v1alpha1', kind: 'Intents' };

/** `count` cluster ids, `c00`, `c01`, …: zero-padded so that they sort as they are numbered. */
export function demoClusterIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `c${String(i).padStart(2, '0')}`);
}

/**
 * Writes the intents of `ids` into `dir`, replacing what it held (a test rewrites them
 * to drop a cluster). `values(c, n, id)` gives application `n` of the `c`-th cluster its values.
 */
export function writeDemoFleet(
  dir: string,
  ids: readonly string[],
  values: (cluster: number, app: number, id: string) => unknown,
): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'clusters.json'),
    JSON.stringify({ ...HEADER, clusters: ids.map((id) => ({ id })) }),
  );
  ids.forEach((id, c) => {
    const applications = [0, 1, 2].map((n) => ({
      cluster: id,
      namespace: `team-${n % 2}`,
      name: `app-${n}`,
      app: 'demo',
      version: '1.0',
      chart: { repository: 'https://charts.example.org', name: 'demo', version: '1.0.0' },
      values: values(c, n, id),
    }));
    fs.writeFileSync(path.join(dir, `${id}.json`), JSON.stringify({ ...HEADER, applications }));
  });
}
