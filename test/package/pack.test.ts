/**
 * The package as someone outside this repository gets it: `npm pack`, then installed
 * from the tarball into an empty directory and run from there. The tarball is packed
 * from the `dist/` that `npm test` has just built (`--ignore-scripts` keeps the test
 * from building twice; that `prepack` builds is checked on the manifest). The install
 * reads npm's local cache first and asks the registry only for what it lacks.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function npm(args: readonly string[], cwd: string): string {
  return execFileSync('npm', [...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
}

describe('the installable package', () => {
  let tmp: string;
  let files: string[];
  let installed: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-pack-'));
    const packed = JSON.parse(
      npm(['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], ROOT),
    )[0];
    files = packed.files.map((file: { path: string }) => file.path);
    installed = path.join(tmp, 'empty');
    fs.mkdirSync(installed);
    fs.writeFileSync(
      path.join(installed, 'package.json'),
      '{"name":"consumer","version":"1.0.0","private":true}\n',
    );
    const tarball = path.join(tmp, packed.filename);
    const install = ['install', '--no-audit', '--no-fund', '--ignore-scripts', tarball];
    try {
      npm([...install, '--offline'], installed);
    } catch {
      // A cache filled by `npm ci` holds the tarballs but not every registry document.
      npm([...install, '--prefer-offline'], installed);
    }
  }, 180_000);

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('GIVEN the manifest WHEN read THEN it can be published, builds dist on prepack and states the Node version the README states', () => {
    expect(manifest.private).toBeUndefined();
    expect(manifest.scripts.prepack).toBe('npm run build');
    expect(manifest.engines.node).toBe('>=20.19');
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('Node 20.19 or later');
  });

  it('GIVEN the tarball WHEN listed THEN it holds what runs (the CLI, the compiled code, the CRDs and schemas) and no sources or tests', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/gitops-synth.js',
        'dist/src/cli/main.js',
        'dist/imports/apps.vworkspace.io.js',
        'crds/vworkspace/apps.vworkspace.io_applicationinstances.yaml',
        'dist/crds.json',
        'schemas/intents.v1alpha1.json',
        'package.json',
      ]),
    );
    expect(
      files.filter(
        (file) =>
          /^(src|test|imports|examples|clusters|bench|scripts)\//.test(file) ||
          file.endsWith('.map') ||
          (file.endsWith('.ts') && !file.endsWith('.d.ts')),
      ),
    ).toEqual([]);
  });

  it('GIVEN the tarball installed in an empty directory WHEN gitops-synth runs THEN --help works and it synthesizes the example fleet', () => {
    const bin = path.join(installed, 'node_modules/.bin/gitops-synth');

    expect(execFileSync(bin, ['--help'], { cwd: installed, encoding: 'utf8' })).toContain(
      'gitops-synth <command> [options]',
    );
    expect(execFileSync(bin, ['--version'], { cwd: installed, encoding: 'utf8' }).trim()).toBe(
      manifest.version,
    );
    fs.cpSync(path.join(ROOT, 'examples/intents'), path.join(installed, 'intents'), { recursive: true });
    const synth = execFileSync(
      bin,
      ['synth', '--intents', 'intents', '--repo', 'https://git.example.org/acme/fleet.git'],
      { cwd: installed, encoding: 'utf8' },
    );
    expect(synth).toMatch(/^Synthesized 3 clusters: \d+ added/);
    expect(
      execFileSync(
        bin,
        ['check', '--intents', 'intents', '--repo', 'https://git.example.org/acme/fleet.git'],
        { cwd: installed, encoding: 'utf8' },
      ),
    ).toContain('The tree is current');
  });
});
