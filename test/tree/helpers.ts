/** Shared fixtures for the tree tests: real temporary repositories and byte-exact snapshots. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A YAML document gitops-synth would write (it carries the managed-by label). */
export function ownedYaml(name: string, extra = ''): string {
  return `apiVersion: apps.vworkspace.io/v1alpha1\nkind: ApplicationInstance\nmetadata:\n  name: ${name}\n  labels:\n    app.vworkspace.io/managed-by: control-plane\nspec:\n  version: "1"${extra}\n`;
}

/** A fresh git repository (gc off, local identity) in a temporary directory. */
export function makeRepo(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-tree-'));
  execFileSync('git', ['init', '-q', '-b', 'main', root]);
  execFileSync('git', ['-C', root, 'config', 'gc.auto', '0']);
  execFileSync('git', ['-C', root, 'config', 'user.name', 'Tree Test']);
  execFileSync('git', ['-C', root, 'config', 'user.email', 'tree@test.invalid']);
  return root;
}

/** A temporary directory that is not a git repository. */
export function makePlainDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-tree-'));
}

export function removeDir(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/** Writes `files` (relative path -> contents) under `root`. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [relative, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), content);
  }
}

/** One entry of a snapshot: what a byte-exact comparison needs. */
export interface Entry {
  readonly kind: 'file' | 'dir' | 'symlink';
  readonly content?: string;
  readonly mtimeMs?: number;
  readonly ino?: number;
}

/** Every file, directory and symlink under `root` except `.git`, with contents, mtime and inode. */
export function snapshot(root: string, skip: readonly string[] = ['.git']): Map<string, Entry> {
  const result = new Map<string, Entry>();
  const walk = (relative: string): void => {
    for (const name of fs.readdirSync(path.join(root, relative)).sort()) {
      const child = relative === '' ? name : `${relative}/${name}`;
      if (skip.includes(child)) {
        continue;
      }
      const stat = fs.lstatSync(path.join(root, child));
      if (stat.isSymbolicLink()) {
        result.set(child, { kind: 'symlink', content: fs.readlinkSync(path.join(root, child)) });
      } else if (stat.isDirectory()) {
        result.set(child, { kind: 'dir' });
        walk(child);
      } else {
        result.set(child, {
          kind: 'file',
          content: fs.readFileSync(path.join(root, child), 'utf8'),
          mtimeMs: stat.mtimeMs,
          ino: stat.ino,
        });
      }
    }
  };
  walk('');
  return result;
}

/** Just the file contents of a snapshot, for readable equality assertions. */
export function contents(root: string, skip?: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [relative, entry] of snapshot(root, skip)) {
    if (entry.kind === 'file') {
      result[relative] = entry.content as string;
    }
  }
  return result;
}

/** Sets every file's mtime to a fixed past time, so an untouched file is told apart from a rewritten one. */
export function ageFiles(root: string): void {
  const past = new Date('2020-01-01T00:00:00Z');
  for (const [relative, entry] of snapshot(root)) {
    if (entry.kind === 'file') {
      fs.utimesSync(path.join(root, relative), past, past);
    }
  }
}

/** The example fleet: two clusters, each with applications in namespaces, plus files gitops-synth does not own. */
export function exampleDesired(): Map<string, string> {
  return new Map([
    ['clusters/alpha/namespaces/apps/applicationinstance-nextcloud.yaml', ownedYaml('nextcloud')],
    ['clusters/alpha/namespaces/apps/applicationinstance-gitea.yaml', ownedYaml('gitea')],
    ['clusters/alpha/namespaces/tools/applicationinstance-grafana.yaml', ownedYaml('grafana')],
    ['clusters/alpha/namespaces/tools/applicationinstance-loki.yaml', ownedYaml('loki')],
    ['clusters/beta/namespaces/apps/applicationinstance-nextcloud.yaml', ownedYaml('nextcloud-b')],
    ['clusters/beta/namespaces/apps/applicationinstance-wiki.yaml', ownedYaml('wiki')],
  ]);
}

/** Files that belong to others: Flux's bootstrap output, a README, CODEOWNERS. */
export const FOREIGN_FILES: Record<string, string> = {
  'clusters/alpha/flux-system/gotk-components.yaml':
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux-system\n',
  'clusters/alpha/flux-system/kustomization.yaml':
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [gotk-components.yaml]\n',
  'clusters/alpha/README.md': '# alpha\nHand-written notes.\n',
  'clusters/beta/namespaces/apps/README.md': '# beta apps\n',
  CODEOWNERS: '* @platform\n',
};
