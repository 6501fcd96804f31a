import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { renderFleet } from '../../src/pipeline/render';
import { writeTree } from '../../src/tree/write';

// Every value a YAML 1.1 reader (go-yaml in Flux and kubectl) could misread, written
// the way a user would in the intents. Parsed as YAML 1.2, then expected back exactly.
const HOSTILE = `apiVersion: gitops.vworkspace.io/v1alpha1
kind: Intents
clusters: [{ id: c1 }]
applications:
  - cluster: c1
    namespace: team-a
    name: app-a
    app: demo
    version: "1.0"
    chart: { repository: "https://charts.example.org", name: demo, version: "1.0.0" }
    values:
      plainYes: yes
      plainNo: no
      plainOn: on
      quotedTrue: "true"
      hex: 0x1f
      quotedHex: "0x1f"
      exp: 1e5
      quotedExp: "1e5"
      tilde: ~
      quotedTilde: "~"
      octalish: "012"
      date: "2026-05-28"
      multi: "line one\\nline two\\n"
      docMarker: "---"
      colon: "key: value"
      hash: "# not a comment"
      spaces: "  padded  "
      base: &base { size: 10Gi, class: fast }
      derived: { <<: *base, class: slow }
      tagged: !!str 123
      list: [ y, n, off, "null", .5 ]
`;

describe('hostile values, intents to cluster', () => {
  it('GIVEN values YAML 1.1 would misread WHEN synthesized and built by kubectl kustomize THEN the cluster sees exactly the values the intents meant', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-hostile-'));
    try {
      fs.writeFileSync(path.join(dir, 'intents.yaml'), HOSTILE);
      const meant = (parse(HOSTILE, { merge: true }) as { applications: { values: unknown }[] })
        .applications[0].values;
      const rendered = await renderFleet({
        intents: path.join(dir, 'intents.yaml'),
        branch: 'main',
        selection: {},
      });
      await writeTree(dir, rendered.tree, { allowDeletions: false });
      const built = execFileSync('kubectl', ['kustomize', path.join(dir, 'clusters/c1/namespaces')], {
        encoding: 'utf8',
      });
      const objects = parseAllDocuments(built).map(
        (doc) => doc.toJS() as { kind: string; spec?: { values?: unknown } },
      );
      const instance = objects.find((object) => object.kind === 'ApplicationInstance');
      expect(instance?.spec?.values).toEqual(meant);
      expect(meant).toMatchObject({
        plainYes: 'yes',
        hex: 31,
        exp: 100000,
        tilde: null,
        derived: { size: '10Gi', class: 'slow' },
        tagged: '123',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
