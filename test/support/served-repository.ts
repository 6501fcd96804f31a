/**
 * A GitOps repository as the controllers see it: a bare repository served over
 * smart HTTP (Basic auth with a token), holding one commit with files under
 * `clusters/`, at `/<owner>/<name>.git` as a forge serves it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createBareRepository, git, SmartHttpServer, startSmartHttpServer, testGitEnv } from './git-server';

/** A served repository and its one commit. */
export interface ServedRepository {
  readonly http: SmartHttpServer;
  /** `http://127.0.0.1:<port>/<owner>/<name>.git`. */
  readonly url: string;
  readonly bareDir: string;
  /** The commit `main` points at. */
  readonly sha: string;
}

/** Serves `owner/name` from under `root` with `files` (path → text) committed on main. */
export async function serveRepository(
  root: string,
  project: string,
  token: string,
  files: Record<string, string>,
): Promise<ServedRepository> {
  const [owner, name] = project.split('/');
  fs.mkdirSync(path.join(root, owner), { recursive: true });
  const bare = createBareRepository({ root: path.join(root, owner), name: `${name}.git` });
  const http = await startSmartHttpServer({ projectRoot: root, token });
  const work = fs.mkdtempSync(path.join(root, 'work-'));
  const env = testGitEnv(path.join(root, 'home'));
  git(['clone', '--quiet', bare.dir, work], { cwd: root, env });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
    fs.writeFileSync(path.join(work, file), text);
  }
  git(['add', '-A'], { cwd: work, env });
  git(
    ['-c', 'user.name=Fixture', '-c', 'user.email=fixture@example.org', 'commit', '--quiet', '-m', 'fixture'],
    { cwd: work, env },
  );
  git(['push', '--quiet', 'origin', 'HEAD:main'], { cwd: work, env });
  return {
    http,
    url: `${http.url}/${project}.git`,
    bareDir: bare.dir,
    sha: git(['rev-parse', 'HEAD'], { cwd: work }),
  };
}
