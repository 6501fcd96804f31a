import * as fs from 'fs';
import * as path from 'path';

/**
 * The directory of gitops-synth's own package.json. Code runs both from `src/`
 * (under jest) and from `dist/src/` (the built CLI), so it is found by walking up
 * rather than by a fixed number of `..`.
 */
export function packageRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (
      fs.existsSync(manifest) &&
      (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'gitops-synth'
    ) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`gitops-synth's package.json was not found above ${from}`);
    }
    dir = parent;
  }
}

/** gitops-synth's version, from its package.json (used in commit trailers and `--version`). */
export function toolVersion(): string {
  return (
    JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }
  ).version;
}
