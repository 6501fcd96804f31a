/**
 * Summarizes `node --cpu-prof` files for bench/results/profile-*.txt: per file (the main
 * thread and each render worker write one), the functions with the most self time and
 * the most inclusive time. `node dist/bench/bench/profile-summary.js <title> <file>...`
 */
import * as fs from 'fs';
import * as path from 'path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const label = (node: ProfileNode): string =>
  `${node.callFrame.functionName || '(anonymous)'} ${path.basename(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;

/** The summary lines of one profile (pure). */
export function summarize(profile: CpuProfile, top = 25): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  profile.samples.forEach((sample, index) => {
    const ms = profile.timeDeltas[index] / 1000;
    add(self, label(byId.get(sample)!), ms);
    // A recursive function counts once per sample.
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const key = label(byId.get(id)!);
      if (seen.has(key)) continue;
      add(inclusive, key, ms);
      seen.add(key);
    }
  });
  const rows = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, ms]) => `${String(Math.round(ms)).padStart(7)} ${key}`);
  const total = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0) / 1000;
  return [`total ms ${Math.round(total)}`, '--- self', ...rows(self), '--- inclusive', ...rows(inclusive)];
}

if (require.main === module) {
  const [title, ...files] = process.argv.slice(2);
  const lines = [`# ${title}`];
  for (const file of files) {
    lines.push(
      `## ${path.basename(file)}`,
      ...summarize(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile),
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
