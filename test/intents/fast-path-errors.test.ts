import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Problem, ValidationError } from '../../src/errors';
import { loadFleet } from '../../src/intents/load';
import { parseIntentDocuments } from '../../src/intents/parse';
import { validateIntents } from '../../src/intents/validate';

/**
 * JSON intents take a fast path (JSON.parse, no syntax tree; the text is dropped and read
 * again only when a problem needs a line:column). These tests hold its errors against the
 * slow paths for the very same text: kept in memory, and read as YAML (JSON is YAML 1.2).
 */
const BROKEN = {
  apiVersion: 'gitops.vworkspace.io/v1alpha1',
  kind: 'Intents',
  clusters: [{ id: 'prod-1' }, { id: 'Bad_Cluster' }],
  applications: [
    {
      cluster: 'prod-1',
      namespace: 'team-a',
      name: 'shop',
      app: 'shop',
      version: 3,
      chart: { repository: 'https://charts.example.org', name: 'shop', version: '1.0.0' },
      values: { db: { password: 'hunter2-literal' }, replicas: 2 },
      colour: 'blue',
    },
    {
      cluster: 'nowhere',
      namespace: 'Team B',
      name: 'blog',
      app: 'blog',
      version: '1.0',
      chart: { repository: 'https://charts.example.org', name: 'blog', version: '1.0.0' },
    },
  ],
};

/** The problems, with the file name left out (the three paths read files of different names). */
function withoutFile(problems: readonly Problem[]): Array<Omit<Problem, 'file'>> {
  return problems.map(({ path: at, rule, message }) => ({ path: at, rule, message }));
}

async function loadProblems(file: string): Promise<readonly Problem[]> {
  try {
    await loadFleet(file);
  } catch (error) {
    if (error instanceof ValidationError) return error.problems;
    throw error;
  }
  throw new Error(`${file} loaded without a problem`);
}

describe('the JSON fast path reports what the slow paths report', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-fast-path-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('GIVEN intents breaking several rules WHEN loaded as JSON (text dropped), as JSON kept in memory and as YAML THEN the problems are the same, each with line:column and field', async () => {
    const text = `${JSON.stringify(BROKEN, null, 2)}\n`;
    fs.writeFileSync(path.join(dir, 'intents.json'), text);
    fs.writeFileSync(path.join(dir, 'intents.yaml'), text);
    const fast = await loadProblems(path.join(dir, 'intents.json'));
    const kept = validateIntents(parseIntentDocuments([{ file: 'intents.json', text }])).problems;
    const yaml = await loadProblems(path.join(dir, 'intents.yaml'));
    expect(fast.length).toBeGreaterThanOrEqual(5);
    expect(withoutFile(fast)).toEqual(withoutFile(kept));
    expect(withoutFile(fast)).toEqual(withoutFile(yaml));
    for (const problem of fast) {
      expect(problem.file).toBe(path.join(dir, 'intents.json'));
      expect(problem.message).toMatch(/line \d+:\d+/);
      expect(problem.path).not.toBe('');
    }
    // The positions point at the field as written in the text.
    const colour = fast.find((p) => p.path === 'applications[0].colour');
    const line = text.split('\n').findIndex((l) => l.includes('"colour"')) + 1;
    expect(colour?.message).toContain(`line ${line}:`);
  });

  it('GIVEN a JSON file with a syntax error WHEN loaded THEN the error names the file and the line:column, as the YAML reader of the same file sees the place', async () => {
    const text =
      '{\n  "apiVersion": "gitops.vworkspace.io/v1alpha1",\n  "kind": "Intents",\n  "clusters": [ { "id": "a" }, ]\n}\n';
    fs.writeFileSync(path.join(dir, 'intents.json'), text);
    const [problem] = await loadProblems(path.join(dir, 'intents.json'));
    expect(problem).toMatchObject({ file: path.join(dir, 'intents.json'), rule: 'json-syntax' });
    expect(problem?.message).toMatch(/^line 4:\d+/);
  });
});
