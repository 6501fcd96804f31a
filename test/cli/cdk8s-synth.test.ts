import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const project = path.resolve(__dirname, '../..');

function filesUnder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else {
        files[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
      }
    }
  };
  walk(dir);
  return files;
}

describe('npx cdk8s synth', () => {
  it('GIVEN a repository with a flux-system directory WHEN `cdk8s synth` runs THEN it writes the same tree as gitops-synth and leaves foreign files alone', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-cdk8s-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'cdk8s.yaml'),
        `language: typescript\napp: node ${path.join(project, 'bin/cdk8s-app.js')}\noutput: .cdk8s.out\nimports: []\n`,
      );
      fs.copyFileSync(path.join(project, 'gitops-synth.yaml'), path.join(dir, 'gitops-synth.yaml'));
      fs.cpSync(path.join(project, 'examples'), path.join(dir, 'examples'), { recursive: true });
      const foreign = path.join(dir, 'clusters/cluster-prod-1/flux-system/gotk-sync.yaml');
      fs.mkdirSync(path.dirname(foreign), { recursive: true });
      fs.writeFileSync(
        foreign,
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: written-by-flux-bootstrap\n',
      );

      execFileSync(path.join(project, 'node_modules/.bin/cdk8s'), ['synth', '--no-check-upgrade'], {
        cwd: dir,
        stdio: 'pipe',
      });

      const written = filesUnder(path.join(dir, 'clusters'));
      expect(written['cluster-prod-1/flux-system/gotk-sync.yaml']).toContain('written-by-flux-bootstrap');
      delete written['cluster-prod-1/flux-system/gotk-sync.yaml'];
      expect(written).toEqual(filesUnder(path.join(project, 'clusters')));
      expect(filesUnder(path.join(dir, '.cdk8s.out/clusters'))).toEqual(written);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
