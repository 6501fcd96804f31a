import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '../..');

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.endsWith('.ts')).sort();
}

describe('imports/', () => {
  it('GIVEN the CRDs in cdk8s.yaml WHEN `cdk8s import` regenerates them offline THEN the result equals the committed imports/', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-imports-'));
    try {
      // The same command as `npm run import`, into a scratch directory.
      execFileSync(path.join(root, 'node_modules/.bin/cdk8s'), ['import', '--no-check-upgrade', '--output', out], { cwd: root, stdio: 'pipe' });
      expect(listFiles(out)).toEqual(listFiles(path.join(root, 'imports')));
      for (const file of listFiles(out)) {
        expect(`${file}\n${fs.readFileSync(path.join(out, file), 'utf8')}`).toBe(`${file}\n${fs.readFileSync(path.join(root, 'imports', file), 'utf8')}`);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('GIVEN cdk8s.yaml WHEN read THEN it imports every CRD file in crds/', () => {
    const config = parse(fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8')) as { imports: string[] };
    const imported = config.imports.map((entry) => entry.split(':=').pop()).sort();
    const crdFiles = execFileSync('git', ['ls-files', 'crds/*.yaml'], { cwd: root, encoding: 'utf8' }).trim().split('\n').sort();
    expect(imported).toEqual(crdFiles);
  });
});
