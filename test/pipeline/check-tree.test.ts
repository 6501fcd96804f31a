import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkTree, CheckRequest } from '../../src/pipeline/check-tree';
import { synthesizeTree } from '../../src/pipeline/synth-tree';
import { blobId, parseStage } from '../../src/tree/git-blobs';

const examples = path.resolve(__dirname, '../../examples/intents');
const REPO = 'https://git.example.org/acme/fleet.git';
const PROD_APP = 'clusters/cluster-prod-1/namespaces/org-myteam/applicationinstance-nextcloud-myteam.yaml';
const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.org',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.org',
};

describe('checkTree', () => {
  let dir: string;
  let root: string;
  let intents: string;
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: root, env: ENV, encoding: 'utf8' });
  const request = (): CheckRequest => ({
    intents,
    repoUrl: REPO,
    branch: 'main',
    selection: {},
    root,
    env: ENV,
  });

  /** A committed, synthesized tree, cloned fresh as CI checks it out. */
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-check-tree-'));
    const origin = path.join(dir, 'origin');
    intents = path.join(dir, 'intents');
    fs.cpSync(examples, intents, { recursive: true });
    fs.mkdirSync(origin);
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: origin });
    await synthesizeTree({ ...request(), root: origin, allowDeletions: false, useCache: false });
    execFileSync('git', ['add', '-A'], { cwd: origin, env: ENV });
    execFileSync('git', ['commit', '-q', '-m', 'tree'], { cwd: origin, env: ENV });
    root = path.join(dir, 'clone');
    execFileSync('git', ['clone', '-q', origin, root]);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('GIVEN a fresh clone of a current tree WHEN checked THEN it matches through the blob ids in the index', async () => {
    const result = await checkTree(request());
    expect(result.via).toBe('git-index');
    expect(result.comparison).toEqual({ added: [], changed: [], removed: [] });
    expect(result.current).toBeUndefined();
  });

  it('GIVEN a committed file that differs WHEN checked THEN the files are read and the difference named', async () => {
    fs.appendFileSync(path.join(root, PROD_APP), '# edited\n');
    git('commit', '-q', '-am', 'edit');
    const result = await checkTree(request());
    expect(result.via).toBe('files');
    expect(result.comparison.changed).toEqual([PROD_APP]);
  });

  it('GIVEN a file edited but not committed WHEN checked THEN the working tree is what is compared, not the index', async () => {
    fs.appendFileSync(path.join(root, PROD_APP), '# edited\n');
    const result = await checkTree(request());
    expect(result.via).toBe('files');
    expect(result.comparison.changed).toEqual([PROD_APP]);
  });

  it('GIVEN an untracked owned file WHEN checked THEN it is found as extra', async () => {
    const extra = PROD_APP.replace('nextcloud-myteam', 'stray');
    fs.writeFileSync(path.join(root, extra), fs.readFileSync(path.join(root, PROD_APP)));
    const result = await checkTree(request());
    expect(result.via).toBe('files');
    expect(result.comparison.removed).toEqual([extra]);
  });

  it('GIVEN a committed owned file the intents no longer produce WHEN checked THEN it is found as extra', async () => {
    const extra = PROD_APP.replace('nextcloud-myteam', 'stray');
    fs.writeFileSync(path.join(root, extra), fs.readFileSync(path.join(root, PROD_APP)));
    git('add', '-A');
    git('commit', '-q', '-m', 'stray');
    const result = await checkTree(request());
    expect(result.via).toBe('files');
    expect(result.comparison.removed).toEqual([extra]);
  });

  it('GIVEN a committed foreign file in a cluster directory WHEN checked THEN it is left alone and the tree still matches through the index', async () => {
    fs.writeFileSync(path.join(root, 'clusters/cluster-prod-1/notes.yaml'), 'hand: written\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'notes');
    const result = await checkTree(request());
    expect(result.via).toBe('git-index');
    expect(result.comparison).toEqual({ added: [], changed: [], removed: [] });
  });

  it('GIVEN files checked out with CRLF line ends by a Git attribute WHEN checked THEN the disk bytes are compared, not the blobs, and they differ', async () => {
    fs.writeFileSync(path.join(root, '.git', 'info', 'attributes'), '*.yaml eol=crlf\n');
    fs.rmSync(path.join(root, 'clusters'), { recursive: true });
    git('checkout', '--', 'clusters');
    expect(fs.readFileSync(path.join(root, PROD_APP), 'utf8')).toContain('\r\n');
    const result = await checkTree(request());
    expect(result.via).toBe('files');
    expect(result.comparison.changed).toContain(PROD_APP);
  });

  it('GIVEN a committed .gitattributes that sets nothing for the tree WHEN checked THEN the attributes are asked and the index is still used', async () => {
    fs.writeFileSync(path.join(root, '.gitattributes'), '*.md linguist-documentation\n');
    git('add', '.gitattributes');
    git('commit', '-q', '-m', 'attributes');
    const result = await checkTree(request());
    expect(result.via).toBe('git-index');
  });

  it('GIVEN a committed .gitattributes asking for CRLF line ends WHEN checked out again and checked THEN the bytes on disk are compared and differ', async () => {
    fs.writeFileSync(path.join(root, '.gitattributes'), 'clusters/** eol=crlf\n');
    git('add', '.gitattributes');
    git('commit', '-q', '-m', 'attributes');
    fs.rmSync(path.join(root, 'clusters'), { recursive: true });
    git('checkout', '--', 'clusters');
    const result = await checkTree(request());
    expect(result.via).toBe('files');
    expect(result.comparison.changed).toContain(PROD_APP);
  });

  it('GIVEN core.autocrlf WHEN checked THEN the index is not trusted for the bytes on disk', async () => {
    git('config', 'core.autocrlf', 'true');
    const result = await checkTree(request());
    expect(result.via).toBe('files');
    expect(result.comparison).toEqual({ added: [], changed: [], removed: [] });
  });

  it('GIVEN a tree that is not a Git work tree WHEN checked THEN every file is read, with the same answer', async () => {
    fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
    const result = await checkTree(request());
    expect(result.via).toBe('files');
    expect(result.comparison).toEqual({ added: [], changed: [], removed: [] });
  });

  it('GIVEN file contents WHEN hashed THEN the id is the one git hash-object gives, SHA-1 and SHA-256 alike', () => {
    const text = 'apiVersion: v1\nkind: Namespace\nname: "é"\n';
    const file = path.join(dir, 'blob.txt');
    fs.writeFileSync(file, text);
    const sha1 = execFileSync('git', ['hash-object', file], { encoding: 'utf8' }).trim();
    expect(blobId(text, sha1)).toBe(sha1);
    const sha256Repo = path.join(dir, 'sha256');
    execFileSync('git', ['init', '-q', '--object-format=sha256', sha256Repo]);
    const sha256 = execFileSync('git', ['hash-object', file], { cwd: sha256Repo, encoding: 'utf8' }).trim();
    expect(sha256).toHaveLength(64);
    expect(blobId(text, sha256)).toBe(sha256);
  });

  it('GIVEN index records with a symlink or a conflict stage WHEN parsed THEN the index is not used', () => {
    const id = 'a'.repeat(40);
    expect(parseStage(`100644 ${id} 0\tclusters/a/x.yaml\0`)).toEqual(new Map([['clusters/a/x.yaml', id]]));
    expect(parseStage(`120000 ${id} 0\tclusters/a/x.yaml\0`)).toBeUndefined();
    expect(parseStage(`100644 ${id} 2\tclusters/a/x.yaml\0`)).toBeUndefined();
  });
});
