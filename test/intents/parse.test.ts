import { parseIntentDocuments, parseIntentFile } from '../../src/intents/parse';
import { HEADER, problemsOf, problemsOfYaml, validWith } from './intents-text';

/** The data of the only document in one YAML file. */
function readYaml(text: string): unknown {
  const parsed = parseIntentDocuments([{ file: 'x.yaml', text }]);
  expect(parsed.problems).toEqual([]);
  expect(parsed.documents).toHaveLength(1);
  return parsed.documents[0].data;
}

describe('parseIntentDocuments: hostile YAML is read faithfully (YAML 1.2)', () => {
  it('GIVEN YAML 1.1 booleans, hex, exponents, nulls and quoted look-alikes WHEN read THEN each is the exact YAML 1.2 value', () => {
    // GIVEN
    const text = [
      'a: yes',
      'b: no',
      'c: on',
      'd: off',
      'e: 0x1f',
      'f: 1e5',
      'g: ~',
      'h: "yes"',
      "i: '0x1f'",
      'j: "1e5"',
      'k: "~"',
      'l: 0o17',
      'm: 012',
      'n: 28.0',
      'o: "28.0"',
      'p: true',
      'q: null',
      'r: 1_000',
      's: .5',
      't: 2026-05-28',
    ].join('\n');
    // WHEN
    const data = readYaml(text);
    // THEN
    expect(data).toEqual({
      a: 'yes',
      b: 'no',
      c: 'on',
      d: 'off',
      e: 31,
      f: 100000,
      g: null,
      h: 'yes',
      i: '0x1f',
      j: '1e5',
      k: '~',
      l: 15,
      m: 12,
      n: 28,
      o: '28.0',
      p: true,
      q: null,
      r: '1_000',
      s: 0.5,
      t: '2026-05-28',
    });
  });

  it('GIVEN strings holding newlines, ---, ": " and # WHEN read THEN they are kept verbatim', () => {
    const text = [
      'block: |',
      '  line one',
      '  ---',
      '  key: value # not a comment',
      'folded: >-',
      '  a',
      '  b',
      'quoted: "x: y # z"',
      "single: 'it''s --- fine'",
      'plain: a#b',
      'escaped: "tab\\there\\nnewline"',
    ].join('\n');
    expect(readYaml(text)).toEqual({
      block: 'line one\n---\nkey: value # not a comment\n',
      folded: 'a b',
      quoted: 'x: y # z',
      single: "it's --- fine",
      plain: 'a#b',
      escaped: 'tab\there\nnewline',
    });
  });

  it('GIVEN anchors, aliases, merge keys and standard tags WHEN read THEN aliases are resolved, merges applied and tags honoured', () => {
    const text = [
      'base: &base { replicas: 2, image: { tag: "1.0" } }',
      'copy: *base',
      'merged:',
      '  <<: *base',
      '  replicas: 3',
      'many:',
      '  <<: [{ a: 1 }, { a: 2, b: 2 }]',
      'str: !!str 12',
      'int: !!int "12"',
      'bool: !!bool "true"',
      'nul: !!null ""',
      'seq: !!seq [1]',
      'map: !!map {a: 1}',
    ].join('\n');
    expect(readYaml(text)).toEqual({
      base: { replicas: 2, image: { tag: '1.0' } },
      copy: { replicas: 2, image: { tag: '1.0' } },
      merged: { replicas: 3, image: { tag: '1.0' } },
      many: { a: 1, b: 2 },
      str: '12',
      int: 12,
      bool: true,
      nul: null,
      seq: [1],
      map: { a: 1 },
    });
  });

  it('GIVEN several documents separated by --- (and an empty one) WHEN parsed THEN each non-empty document is kept with its index', () => {
    const parsed = parseIntentDocuments([
      { file: 'multi.yaml', text: `${HEADER}clusters: []\n---\n# only a comment\n---\n${HEADER}` },
    ]);
    expect(parsed.problems).toEqual([]);
    expect(parsed.documents.map((doc) => [doc.file, doc.index])).toEqual([
      ['multi.yaml', 0],
      ['multi.yaml', 2],
    ]);
  });
});

describe('parseIntentDocuments: syntax problems', () => {
  it('GIVEN a YAML syntax error WHEN validated THEN it is reported with line:column [yaml-syntax]', () => {
    expect(problemsOfYaml(`${HEADER}clusters:\n  - id: a\n   sync: flux\n`)).toEqual([
      {
        file: 'intents.yaml',
        path: '',
        rule: 'yaml-syntax',
        message: 'line 5:1: Sequence item without - indicator (YAML MISSING_CHAR)',
      },
    ]);
  });

  it('GIVEN a JSON syntax error WHEN validated THEN it is reported with line:column [json-syntax]', () => {
    expect(
      problemsOf({
        'a.json': '{\n  "apiVersion": "gitops.vworkspace.io/v1alpha1",\n  "kind": "Intents",\n}\n',
        'b.json': '{"clusters": ',
      }),
    ).toEqual([
      {
        file: 'a.json',
        path: '',
        rule: 'json-syntax',
        message: 'line 4:1: Expected double-quoted property name',
      },
      {
        file: 'b.json',
        path: '',
        rule: 'json-syntax',
        message: 'line 1:14: Unexpected end of JSON input (the file ends early)',
      },
    ]);
  });

  it('GIVEN a duplicate key in YAML and in JSON WHEN validated THEN each is reported at the key [duplicate-key]', () => {
    const json =
      '{"apiVersion": "gitops.vworkspace.io/v1alpha1", "kind": "Intents",\n "clusters": [{"id": "c", "id": "d"}]}';
    expect(problemsOf({ 'a.yaml': `${HEADER}clusters:\n  - id: a\n    id: b\n`, 'b.json': json })).toEqual([
      {
        file: 'a.yaml',
        path: 'clusters[0].id',
        rule: 'duplicate-key',
        message:
          "line 5:5: the key 'id' appears twice in the same mapping; YAML would keep only the last one, so remove or rename one of them",
      },
      {
        file: 'b.json',
        path: 'clusters[0].id',
        rule: 'duplicate-key',
        message:
          "line 2:27: the key 'id' appears twice in the same mapping; YAML would keep only the last one, so remove or rename one of them",
      },
    ]);
  });

  it('GIVEN a custom tag WHEN validated THEN it is a problem rather than a silently stringified value [yaml-unknown-tag]', () => {
    const problems = problemsOfYaml(
      validWith('    app: nextcloud\n', '    app: nextcloud\n    values: { password: !vault secret/db }\n'),
    );
    expect(problems.filter((p) => p.rule === 'yaml-unknown-tag')).toEqual([
      {
        file: 'intents.yaml',
        path: 'applications[0].values.password',
        rule: 'yaml-unknown-tag',
        message:
          'line 10:25: the tag !vault is unknown: intents use only the YAML 1.2 core tags (!!str, !!int, !!float, !!bool, !!null, !!map, !!seq); remove it, and quote the value to keep it as text',
      },
    ]);
  });

  it('GIVEN a core tag that does not fit its value WHEN validated THEN it is reported [yaml-unknown-tag]', () => {
    expect(
      problemsOfYaml(
        validWith('    app: nextcloud\n', '    app: nextcloud\n    values: { replicas: !!float two }\n'),
      ),
    ).toEqual([
      {
        file: 'intents.yaml',
        path: 'applications[0].values.replicas',
        rule: 'yaml-unknown-tag',
        message: 'line 10:25: the value does not fit its tag !!float; fix the value or remove the tag',
      },
    ]);
  });

  it('GIVEN a billion-laughs document WHEN validated THEN it is refused at the alias limit, before expanding it [yaml-alias-limit]', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level += 1) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    expect(problemsOfYaml(`${HEADER}${levels.join('\n')}\n`)).toEqual([
      {
        file: 'intents.yaml',
        path: '',
        rule: 'yaml-alias-limit',
        message:
          'line 1:1: the document expands aliases more than 10000 times, which looks like a "billion laughs" attack; write the data out or use fewer nested aliases',
      },
    ]);
  });

  it('GIVEN an alias without an anchor (anchors do not cross ---) WHEN validated THEN it is reported at the alias [yaml-syntax]', () => {
    expect(problemsOfYaml(`${HEADER}x: &chart {a: 1}\n---\n${HEADER}clusters:\n  - id: *chart\n`)).toEqual([
      {
        file: 'intents.yaml',
        path: 'clusters[0].id',
        rule: 'yaml-syntax',
        message:
          "line 8:9: the alias *chart has no anchor &chart before it in this document (anchors do not reach across '---')",
      },
      {
        file: 'intents.yaml',
        path: 'x',
        rule: 'unknown-field',
        message:
          "line 3:1: unknown field 'x' in the document; the known fields are apiVersion, kind, clusters, applications, operations",
      },
    ]);
  });

  it('GIVEN binary, timestamps, .inf and collection keys WHEN validated THEN each is reported as not JSON [non-json-value]', () => {
    const bad = validWith(
      '    app: nextcloud\n',
      '    app: nextcloud\n    values: { blob: !!binary aGVsbG8=, when: !!timestamp 2001-12-14, big: .inf }\n',
    );
    expect(problemsOfYaml(bad)).toEqual([
      {
        file: 'intents.yaml',
        path: 'applications[0].values.big',
        rule: 'non-json-value',
        message:
          'line 10:70: the number Infinity (.inf/.nan) cannot be written safely; quote it to keep it as a string',
      },
      {
        file: 'intents.yaml',
        path: 'applications[0].values.blob',
        rule: 'non-json-value',
        message:
          'line 10:15: binary data (!!binary) cannot be written safely; quote it to keep it as a string',
      },
      {
        file: 'intents.yaml',
        path: 'applications[0].values.when',
        rule: 'non-json-value',
        message:
          'line 10:40: a timestamp (!!timestamp) cannot be written safely; quote it to keep it as a string',
      },
    ]);
    expect(
      problemsOfYaml(
        validWith('    app: nextcloud\n', '    app: nextcloud\n    values: { "<<": { a: 1 } }\n'),
      ),
    ).toEqual([
      {
        file: 'intents.yaml',
        path: 'applications[0].values["<<"]',
        rule: 'non-json-value',
        message:
          "line 10:15: the key '<<' cannot be written safely; kustomize and Flux read it as a YAML merge key and drop it even when quoted; rename the key",
      },
    ]);
    expect(problemsOfYaml(`${HEADER}? [a, b]\n: 1\n`)).toEqual([
      {
        file: 'intents.yaml',
        path: '["[\\"a\\",\\"b\\"]"]',
        rule: 'non-json-value',
        message: 'line 3:3: a list or map is used as a mapping key; intents are JSON, whose keys are strings',
      },
    ]);
  });
});

describe('parseIntentDocuments: JSON', () => {
  it('GIVEN a JSON file with a byte-order mark and CRLF line ends WHEN parsed THEN it reads as JSON, numbers and all', () => {
    const parsed = parseIntentDocuments([
      {
        file: 'a.json',
        text: '\uFEFF{\r\n  "apiVersion": "gitops.vworkspace.io/v1alpha1",\r\n  "kind": "Intents",\r\n  "x": [1e5, "0x1f", null]\r\n}',
      },
    ]);
    expect(parsed.problems).toEqual([]);
    expect(parsed.documents.map((doc) => doc.data)).toEqual([
      { apiVersion: 'gitops.vworkspace.io/v1alpha1', kind: 'Intents', x: [100000, '0x1f', null] },
    ]);
    expect(parsed.documents[0].locate(['x', 2])).toEqual({ line: 4, column: 22 });
  });

  it('GIVEN a JSON file whose duplicate key is written with an escape WHEN parsed THEN the duplicate is reported with line:column', () => {
    const parsed = parseIntentDocuments([
      { file: 'a.json', text: '{\n  "kind": "Intents",\n  "\\u006bind": "Other"\n}' },
    ]);
    expect(parsed.problems).toEqual([
      {
        file: 'a.json',
        path: 'kind',
        rule: 'duplicate-key',
        message:
          "line 3:3: the key 'kind' appears twice in the same mapping; YAML would keep only the last one, so remove or rename one of them",
      },
    ]);
  });

  it('GIVEN a valid JSON file WHEN a path is located twice THEN both answers agree and name the scalar as written', () => {
    const parsed = parseIntentDocuments([{ file: 'a.json', text: '{\n  "values": {"n": 28.0}\n}' }]);
    const [doc] = parsed.documents;
    expect(doc.sourceText(['values', 'n'])).toBe('28.0');
    expect(doc.locate(['values', 'n'])).toEqual({ line: 2, column: 14 });
    expect(doc.locate(['values', 'n'])).toEqual({ line: 2, column: 14 });
  });
});

describe('parseIntentFile: JSON text read again only when needed', () => {
  const TEXT = '{\n  "apiVersion": "gitops.vworkspace.io/v1alpha1",\n  "values": {"n": 28.0}\n}';

  it('GIVEN a JSON file and a way to read it again WHEN parsed and no position is asked for THEN it is never read again', () => {
    const readAgain = jest.fn(() => TEXT);
    const parsed = parseIntentFile({ file: 'a.json', text: TEXT }, readAgain);
    expect(parsed.problems).toEqual([]);
    expect(parsed.documents[0].data).toEqual({
      apiVersion: 'gitops.vworkspace.io/v1alpha1',
      values: { n: 28 },
    });
    expect(readAgain).not.toHaveBeenCalled();
  });

  it('GIVEN a JSON file WHEN positions are asked for THEN the text is read again once (byte-order mark and all) and positions are as in the text', () => {
    const readAgain = jest.fn(() => `\uFEFF${TEXT}`);
    const [doc] = parseIntentFile({ file: 'a.json', text: `\uFEFF${TEXT}` }, readAgain).documents;
    expect(doc.locate(['values', 'n'])).toEqual({ line: 3, column: 14 });
    expect(doc.sourceText(['values', 'n'])).toBe('28.0');
    expect(readAgain).toHaveBeenCalledTimes(1);
  });

  it('GIVEN a JSON file that can no longer be read as it was WHEN positions are asked for THEN there are none (rather than wrong ones)', () => {
    const [doc] = parseIntentFile({ file: 'a.json', text: TEXT }, () => undefined).documents;
    expect(doc.locate(['values', 'n'])).toBeUndefined();
    expect(doc.sourceText(['values', 'n'])).toBeUndefined();
    expect(doc.data).toEqual({ apiVersion: 'gitops.vworkspace.io/v1alpha1', values: { n: 28 } });
  });
});
