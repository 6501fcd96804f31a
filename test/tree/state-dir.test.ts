/**
 * State stays inside the root: a `.gitops-synth/` (or `.git/gitops-synth/`) that is a
 * symbolic link, or holds one, is refused with STATE_SYMLINK before anything is written,
 * and nothing appears where the link points.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/cli';
import { makePlainDir, makeRepo, removeDir } from './helpers';

const INTENTS = path.join(__dirname, '../../examples/intents');

describe('the state directory is never followed through a symbolic link', () => {
  let root: string;
  let outside: string;
  afterEach(() => {
    removeDir(root);
    removeDir(outside);
  });

  const synth = () =>
    runCli(
      ['synth', '--intents', INTENTS, '--root', root, '--repo', 'https://git.example.org/acme/fleet.git'],
      { cwd: root },
    );

  it.each([
    ['.gitops-synth of a plain directory', makePlainDir, '.gitops-synth'],
    ['.git/gitops-synth of a repository', makeRepo, '.git/gitops-synth'],
  ])(
    'GIVEN %s linked to a directory outside the root WHEN synth runs THEN STATE_SYMLINK (exit 1) and nothing is written outside',
    async (_what, make, state) => {
      root = make();
      outside = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-outside-'));
      fs.symlinkSync(outside, path.join(root, state));

      const run = await synth();

      expect(run.code).toBe(1);
      expect(run.stderr).toContain('[STATE_SYMLINK]');
      expect(run.stderr).toContain(path.join(root, state));
      expect(fs.readdirSync(outside)).toEqual([]);
      expect(fs.existsSync(path.join(root, 'clusters'))).toBe(false);
    },
  );

  it.each(['synth-cache.json', 'journal.json.tmp', 'lock', '.gitignore'])(
    'GIVEN %s in .gitops-synth linked to a file outside WHEN synth runs THEN STATE_SYMLINK and the file outside is unchanged',
    async (name) => {
      root = makePlainDir();
      outside = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-outside-'));
      fs.writeFileSync(path.join(outside, 'precious'), 'keep me\n');
      fs.mkdirSync(path.join(root, '.gitops-synth'));
      fs.symlinkSync(path.join(outside, 'precious'), path.join(root, '.gitops-synth', name));

      const run = await synth();

      expect(run.code).toBe(1);
      expect(run.stderr).toContain('[STATE_SYMLINK]');
      expect(fs.readdirSync(outside)).toEqual(['precious']);
      expect(fs.readFileSync(path.join(outside, 'precious'), 'utf8')).toBe('keep me\n');
    },
  );

  it('GIVEN a plain state directory WHEN synth runs twice THEN it works and keeps its state inside the root', async () => {
    root = makePlainDir();
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-outside-'));

    expect((await synth()).code).toBe(0);
    expect((await synth()).stdout).toContain('Nothing changed');
    expect(fs.lstatSync(path.join(root, '.gitops-synth')).isDirectory()).toBe(true);
    expect(fs.readdirSync(path.join(root, '.gitops-synth')).sort()).toEqual([
      '.gitignore',
      'synth-cache.json',
    ]);
  });
});
