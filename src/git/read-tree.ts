import { spawn } from 'child_process';
import { GitopsSynthError } from '../errors';

/**
 * Reads every file under `prefix` as a Git ref holds it, without checking it out:
 * `git ls-tree` lists the blobs and one `git cat-file --batch` process streams them,
 * so reading a 100,000-file tree costs two processes, not 100,000. It spawns git itself
 * rather than going through `runner.ts` because the batch output is parsed by byte
 * sizes, which needs the raw bytes the runner decodes to text; it sends no credentials
 * (local refs only), so the runner's credential handling is not needed here.
 */
export async function readTreeAtRef(
  dir: string,
  ref: string,
  prefix: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Map<string, string>> {
  const listing = await runGit(dir, ['ls-tree', '-r', '-z', '--full-tree', ref, '--', prefix], env);
  const blobs: { path: string; sha: string }[] = [];
  for (const entry of listing.toString('utf8').split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (match) {
      blobs.push({ sha: match[1], path: match[2] });
    }
  }
  const contents = await catBlobs(
    dir,
    blobs.map((b) => b.sha),
    env,
  );
  return new Map(blobs.map((blob, i) => [blob.path, contents[i]]));
}

/** Resolves a ref to a commit sha, or fails naming the flag that gave it. */
export async function resolveRef(
  dir: string,
  ref: string,
  flag: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  try {
    return (await runGit(dir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], env))
      .toString('utf8')
      .trim();
  } catch {
    throw new GitopsSynthError('REF_NOT_FOUND', `${flag}: '${ref}' is not a commit in ${dir}`, {
      hint: 'fetch it first, or name a branch, tag or commit that exists',
    });
  }
}

function catBlobs(dir: string, shas: readonly string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  if (shas.length === 0) {
    return Promise.resolve([]);
  }
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(
          new GitopsSynthError('GIT_FAILED', `git cat-file failed in ${dir} (exit ${code})`, {
            source: 'external',
          }),
        );
        return;
      }
      resolve(parseBatch(Buffer.concat(chunks), shas.length));
    });
    child.stdin.end(`${shas.join('\n')}\n`);
  });
}

/** Parses `git cat-file --batch` output: `<sha> blob <size>\n<bytes>\n` per object. */
function parseBatch(output: Buffer, count: number): string[] {
  const contents: string[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const headerEnd = output.indexOf(0x0a, offset);
    const size = Number(output.toString('utf8', offset, headerEnd).split(' ')[2]);
    contents.push(output.toString('utf8', headerEnd + 1, headerEnd + 1 + size));
    offset = headerEnd + 1 + size + 1;
  }
  return contents;
}

function runGit(dir: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(out))
        : reject(
            new GitopsSynthError(
              'GIT_FAILED',
              `git ${args[0]} failed in ${dir}: ${Buffer.concat(err).toString('utf8').trim()}`,
              { source: 'external' },
            ),
          ),
    );
  });
}
