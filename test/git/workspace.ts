/** A per-test-file sandbox: a temp root, an isolated HOME and a seeded bare repository. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  createBareRepository,
  createTestHome,
  makeTempRoot,
  testGitEnv,
  type BareRepository,
  type BareRepositoryOptions,
} from '../support/git-server';

export interface Workspace {
  readonly root: string;
  readonly home: string;
  /** The environment handed to the git layer (as the CLI would hand it `process.env`). */
  readonly env: Record<string, string>;
  cleanup(): void;
  /** A new bare repository under the root, with a unique name. */
  bare(options?: Omit<BareRepositoryOptions, 'root'>): BareRepository;
  /** A fresh directory path (not created) for a clone. */
  cloneDir(): string;
}

export function createWorkspace(prefix: string, extraConfig = ''): Workspace {
  const temp = makeTempRoot(prefix);
  const home = createTestHome(temp.root, extraConfig);
  let counter = 0;
  return {
    root: temp.root,
    home,
    env: testGitEnv(home),
    cleanup: () => temp.cleanup(),
    bare: (options = {}) =>
      createBareRepository({ name: `repo-${++counter}.git`, ...options, root: temp.root }),
    cloneDir: () => join(temp.root, `clone-${++counter}`),
  };
}

/** Writes files (path -> content) under `dir`. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}
