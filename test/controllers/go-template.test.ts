import { GoTemplateError, renderGoTemplate } from '../support/controllers/go-template';

/** An Argo CD Application as notifications see it (`.app`), with the service context (`.context`). */
const vars = (phase?: string): Record<string, unknown> => ({
  app: {
    metadata: { name: 'guestbook', labels: { 'app.vworkspace.io/cluster-id': 'cluster-a', team: 'web' } },
    spec: { source: { repoURL: 'https://github.com/acme/fleet.git' } },
    status: {
      health: { status: 'Healthy' },
      sync: { status: 'Synced', revision: 'c0ffee' },
      ...(phase
        ? {
            operationState: {
              phase,
              message: 'sync <ok> & done',
              operation: { sync: { revision: 'c0ffee' } },
            },
          }
        : {}),
      conditions: null,
    },
  },
  context: { argocdUrl: 'https://cd.example' },
  count: 3,
  ratio: 0.25,
  big: 1234567.5,
  yes: true,
  empty: '',
  list: ['b', 'a'],
  nested: { z: 1, a: 'é<x>', list: [1.5, null] },
});

// notifications-engine docs/services/webhook.md, "Set GitHub commit status": the body,
// as the YAML block scalar hands it to the template engine.
const GITHUB_STATUS_BODY = [
  '{',
  '  {{if eq .app.status.operationState.phase "Running"}} "state": "pending"{{end}}',
  '  {{if eq .app.status.operationState.phase "Succeeded"}} "state": "success"{{end}}',
  '  {{if eq .app.status.operationState.phase "Error"}} "state": "error"{{end}}',
  '  {{if eq .app.status.operationState.phase "Failed"}} "state": "error"{{end}},',
  '  "description": "ArgoCD",',
  '  "target_url": "{{.context.argocdUrl}}/applications/{{.app.metadata.name}}",',
  '  "context": "continuous-delivery/{{.app.metadata.name}}"',
  '}',
  '',
].join('\n');

describe('renderGoTemplate', () => {
  test("GIVEN the webhook doc's GitHub commit status body WHEN rendered for a succeeded sync THEN the output is what Go renders, blank lines and all", () => {
    expect(renderGoTemplate(GITHUB_STATUS_BODY, vars('Succeeded'))).toBe(
      [
        '{',
        '  ',
        '   "state": "success"',
        '  ',
        '  ,',
        '  "description": "ArgoCD",',
        '  "target_url": "https://cd.example/applications/guestbook",',
        '  "context": "continuous-delivery/guestbook"',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('GIVEN the same body WHEN the app has no operationState THEN every eq is false (a missing value compares unequal, without error)', () => {
    expect(renderGoTemplate(GITHUB_STATUS_BODY, vars()).split('\n').slice(0, 5)).toEqual([
      '{',
      '  ',
      '  ',
      '  ',
      '  ,',
    ]);
  });

  test.each([
    ['literal text', 'plain {text}', 'plain {text}'],
    ['a field chain', '{{.app.metadata.name}}', 'guestbook'],
    ['a missing key', '[{{.app.nope}}]', '[<no value>]'],
    ['a field below a missing key', '[{{.app.nope.deeper.still}}]', '[<no value>]'],
    ['a key present with null', '[{{.app.status.conditions}}]', '[<no value>]'],
    [
      'index with a dotted, slashed key',
      '{{index .app.metadata.labels "app.vworkspace.io/cluster-id"}}',
      'cluster-a',
    ],
    ['index of a missing key', '{{index .app.metadata.labels "nope"}}', '<no value>'],
    ['an int', '{{.count}}', '3'],
    ['a float', '{{.ratio}}', '0.25'],
    ['a float from 1e6 on (fmt %v switches to exponent form)', '{{.big}}', '1.2345675e+06'],
    ['a bool', '{{.yes}}', 'true'],
    ['a Go string literal with escapes', '{{"a\\tb\\u00e9\\x41"}}', 'a\tbéA'],
    ['a raw string', '{{`a\\n`}}', 'a\\n'],
    ['trim markers', 'a  \n {{- "b" -}} \n\t c', 'abc'],
    ['a dash without space (a negative number, no trim)', 'a {{-3}} b', 'a -3 b'],
    ['a comment', 'a{{/* gone */}}b {{- /* trimmed */ -}} c', 'abc'],
    ['trunc', '{{.app.metadata.name | trunc 5}}', 'guest'],
    ['trunc with a negative count (keeps the end)', '{{.app.metadata.name | trunc -4}}', 'book'],
    ['trunc longer than the string', '{{trunc 99 "ab"}}', 'ab'],
    ['trunc counting bytes, not runes', '{{trunc 2 "éa"}}', 'é'],
    [
      'toJson of a map (sorted keys, <>& escaped, non-ASCII kept)',
      '{{toJson .nested}}',
      '{"a":"é\\u003cx\\u003e","list":[1.5,null],"z":1}',
    ],
    [
      'toJson of a string with control characters',
      '{{.app.status.operationState.message | toJson}}',
      '"sync \\u003cok\\u003e \\u0026 done"',
    ],
    ['toJson of a missing value', '{{toJson .nope}}', 'null'],
    ['toJson of a list', '{{toJson .list}}', '["b","a"]'],
    ['quote', '{{quote .app.metadata.name}}', '"guestbook"'],
    ['quote escaping like %q', '{{"tab\\there \\"q\\" \\u00a0" | quote}}', '"tab\\there \\"q\\" \\u00a0"'],
    ['quote of a number', '{{quote .count}}', '"3"'],
    ['quote skipping a nil argument', '[{{quote .nope}}]', '[]'],
    ['lower and upper', '{{lower "GuestBook"}} {{.app.metadata.name | upper}}', 'guestbook GUESTBOOK'],
    ['eq with several candidates', '{{eq .app.status.health.status "Degraded" "Healthy"}}', 'true'],
    ['ne', '{{ne .app.status.sync.status "Synced"}}', 'false'],
    ['if / else if / else', '{{if eq .count 1}}one{{else if eq .count 3}}three{{else}}many{{end}}', 'three'],
    ['if on an empty string', '{{if .empty}}x{{else}}empty{{end}}', 'empty'],
    ['if on a missing value', '{{if .nope}}x{{else}}none{{end}}', 'none'],
    ['if on a non-empty list', '{{if .list}}has{{end}}', 'has'],
    ['nested ifs', '{{if .yes}}{{if .empty}}a{{else}}b{{end}}{{end}}', 'b'],
    ['a pipeline of functions', '{{.app.metadata.name | upper | trunc 3 | quote}}', '"GUE"'],
  ])('GIVEN %s WHEN rendered THEN the output matches Go', (_what, template, expected) => {
    expect(renderGoTemplate(template, vars('Running'))).toBe(expected);
  });

  test.each([
    ['range', '{{range .list}}{{.}}{{end}}', /range/],
    ['call', '{{call .repo.FullNameByRepoURL .app.spec.source.repoURL}}', /call/],
    ['printf', '{{printf "%s" .app.metadata.name}}', /printf/],
    ['with', '{{with .app}}x{{end}}', /with/],
    ['a variable', '{{$x := 1}}', /variable/],
    ['parentheses', '{{if (eq .count 3)}}x{{end}}', /parenthesized/],
    ['printing a map', '{{.app.metadata}}', /map/],
    [
      'a field of a null value (Go: nil pointer evaluating interface {})',
      '{{.app.status.conditions.type}}',
      /nil pointer evaluating interface \{\}\.type/,
    ],
    ['a field of a string', '{{.app.metadata.name.first}}', /can't evaluate field first in type string/],
    ['index of a missing map', '{{index .app.nope "k"}}', /index of untyped nil/],
    ['eq of a string and a bool', '{{eq .yes "true"}}', /incompatible types/],
    ['eq of an int and a float', '{{eq .count 3.5}}', /incompatible types/],
    ['upper of a missing value', '{{.nope | upper}}', /invalid value; expected string/],
    ['trunc splitting a multi-byte rune', '{{trunc 1 "é"}}', /multi-byte/],
    ['an unclosed if', '{{if .yes}}x', /without \{\{end\}\}/],
    ['an else with', '{{if .yes}}x{{else with .app}}y{{end}}', /else with/],
  ])('GIVEN %s WHEN rendered THEN it throws naming the construct', (_what, template, message) => {
    expect(() => renderGoTemplate(template, vars('Running'))).toThrow(GoTemplateError);
    expect(() => renderGoTemplate(template, vars('Running'))).toThrow(message);
  });
});
