import * as fs from 'fs';
import * as path from 'path';
import { main } from './cli/main';
import { CliIo, processIo } from './cli/io';
import { readOwnedTree } from './tree/read';

/**
 * The app `npx cdk8s synth` runs (see `app:` in cdk8s.yaml). The cdk8s CLI deletes
 * its output directory before it runs the app, so the real tree is never that
 * directory: the app runs `gitops-synth synth` on the current directory (with the
 * same ownership rules, so foreign files are never touched), then copies the tree it
 * owns into `CDK8S_OUTDIR` for the CLI to list. Returns the exit code.
 */
export async function runCdk8sApp(io: CliIo = processIo(), argv: readonly string[] = []): Promise<number> {
  const code = await main(['synth', ...argv], io);
  const outdir = io.env.CDK8S_OUTDIR;
  if (code !== 0 || outdir === undefined || outdir === '') {
    return code;
  }
  const owned = await readOwnedTree(io.cwd);
  const target = path.resolve(io.cwd, outdir);
  for (const [file, content] of owned.files) {
    fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    fs.writeFileSync(path.join(target, file), content);
  }
  return code;
}
