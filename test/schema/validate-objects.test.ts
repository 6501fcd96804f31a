import type { Problem } from '../../src/errors';
import { Fleet } from '../../src/intents/model';
import { parseManifest } from '../../src/schema/parse-manifest';
import { loadCrdRegistry, type CrdRegistry } from '../../src/schema/registry';
import { validateManifestObject } from '../../src/schema/validate-manifest';
import { validateObjects, validateTree } from '../../src/schema/validate-tree';
import { synthFleet, synthFleetWithObjects } from '../../src/synth/synth';
import { toManifestYaml } from '../../src/synth/yaml';
import { application, HOSTILE_VALUES, smallFleet, UNICODE_BREAKS } from '../synth/fixtures';

let registry: CrdRegistry;
beforeAll(() => {
  registry = loadCrdRegistry();
});

const OPTIONS = { repoUrl: 'https://git.example.com/fleet.git', branch: 'main' };

/** The small fleet plus values that stress the YAML writer, so "object = file data" is tested where it is hardest. */
function fleet(): Fleet {
  const base = smallFleet();
  return {
    ...base,
    applications: [
      ...base.applications,
      application('edge-helm', 'team-c', 'hostile', {
        values: { ...HOSTILE_VALUES, breaks: UNICODE_BREAKS },
      }),
    ],
  };
}

/** A mutable copy of a synthesized tree and its objects. */
function synthesized(): { files: Map<string, string>; objects: Map<string, unknown> } {
  const { tree, objects } = synthFleetWithObjects(fleet(), OPTIONS);
  return { files: new Map(tree), objects: new Map(objects) };
}

/** Replaces a file's object by an edited copy, and its text by what synthesis would write for that copy. */
function edit(
  state: { files: Map<string, string>; objects: Map<string, unknown> },
  suffix: string,
  change: (object: any) => void,
): string {
  const file = [...state.objects.keys()].find((path) => path.endsWith(suffix));
  if (file === undefined) throw new Error(`no file ends with ${suffix}`);
  const object: unknown = JSON.parse(JSON.stringify(state.objects.get(file)));
  change(object);
  state.objects.set(file, object);
  state.files.set(file, toManifestYaml(object));
  return file;
}

describe('synthFleetWithObjects', () => {
  it("GIVEN a fleet with hostile values WHEN synthesized with objects THEN the tree is synthFleet's, byte for byte", () => {
    expect([...synthFleetWithObjects(fleet(), OPTIONS).tree]).toEqual([...synthFleet(fleet(), OPTIONS)]);
  });

  it('GIVEN a fleet with hostile values WHEN synthesized with objects THEN each object is what parsing its file gives back', () => {
    const { tree, objects } = synthFleetWithObjects(fleet(), OPTIONS);
    expect([...objects.keys()]).toEqual([...tree.keys()]);
    for (const [file, content] of tree) {
      expect({ file, object: objects.get(file) }).toEqual({ file, object: parseManifest(content).object });
    }
  });
});

describe('validateObjects', () => {
  it('GIVEN a valid synthesized tree WHEN validated from objects and from text THEN neither finds a problem', () => {
    const { files, objects } = synthesized();
    expect(validateObjects(files, objects, registry)).toEqual([]);
    expect(validateTree(files, registry)).toEqual([]);
  });

  it("GIVEN deliberately broken objects WHEN validated from objects THEN the problems are exactly validateTree's", () => {
    const state = synthesized();
    edit(state, 'edge-helm/namespaces/team-a/helmrelease-chat.yaml', (o) => {
      o.spec.interval = 'soon';
      o.spec.unknownField = true;
      o.status = { ready: true };
      o.metadata.labels['app.vworkspace.io/cluster-id'] = 'other';
    });
    edit(state, 'edge-flux/namespaces/team-a/applicationinstance-files.yaml', (o) => {
      o.metadata.namespace = 'team-z';
      delete o.spec.version;
    });
    edit(state, 'edge-argo/namespaces/team-c/operation-board-restart-1.yaml', (o) => {
      o.apiVersion = 'ops.vworkspace.io/v0';
    });
    edit(state, 'edge-flux/namespaces/team-b/applicationinstance-wiki.yaml', (o) => {
      delete o.kind;
    });
    edit(state, 'edge-flux/namespaces/kustomization.yaml', (o) => {
      o.resources = ['zz/missing.yaml', ...o.resources, '../escape.yaml'];
    });
    const fromText = validateTree(state.files, registry);
    expect(new Set(fromText.map((p) => p.rule)).size).toBeGreaterThanOrEqual(6);
    expect(validateObjects(state.files, state.objects, registry)).toEqual(fromText);
  });

  it('GIVEN an object broken but its file valid WHEN validated from objects THEN the object is what is checked', () => {
    const { files, objects } = synthesized();
    const file = [...objects.keys()].find((path) => path.endsWith('/helmrelease-chat.yaml')) as string;
    objects.set(file, { ...(objects.get(file) as object), status: {} });
    expect(validateTree(files, registry)).toEqual([]);
    expect(validateObjects(files, objects, registry).map((p) => `${p.file} ${p.rule}`)).toEqual([
      `${file} status-not-allowed`,
    ]);
  });

  it('GIVEN an object that is not a mapping WHEN validated from the object THEN it is not-an-object, as from its text', () => {
    const file = 'clusters/c1/namespaces/team-a/applicationinstance-x.yaml';
    const expected: Problem[] = validateTree(new Map([[file, toManifestYaml(['a list'])]]), registry);
    expect(expected.map((p) => p.rule)).toEqual(['not-an-object']);
    expect(validateManifestObject(file, ['a list'], registry)).toEqual(expected);
  });

  it('GIVEN a file with no object (two documents) WHEN validated from objects THEN its text is checked: single-document', () => {
    const { files, objects } = synthesized();
    const file = [...files.keys()].find((path) => path.endsWith('/namespace.yaml')) as string;
    files.set(file, `${files.get(file)}---\n${files.get(file)}`);
    objects.delete(file);
    const problems = validateObjects(files, objects, registry);
    expect(problems).toEqual(validateTree(files, registry));
    expect(problems.map((p) => `${p.file} ${p.rule}`)).toEqual([`${file} single-document`]);
  });
});
