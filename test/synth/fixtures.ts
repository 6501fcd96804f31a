/** Fleets built directly (no loading) for synth and chart tests. */
import {
  ApplicationIntent,
  ClusterIntent,
  Fleet,
  JsonObject,
  OperationIntent,
  SyncMode,
} from '../../src/intents/model';

const source = (path: string) => ({ file: 'intents.yaml', path });

/** A cluster intent with the given id and sync mode. */
export function cluster(id: string, sync: SyncMode, helmReleases = false): ClusterIntent {
  return { id, sync, helmReleases, owners: ['@platform'], source: source(`clusters[${id}]`) };
}

/** An application intent; `extra` overrides any field. */
export function application(
  clusterId: string,
  namespace: string,
  name: string,
  extra: Partial<ApplicationIntent> = {},
): ApplicationIntent {
  return {
    cluster: clusterId,
    namespace,
    name,
    app: 'nextcloud',
    version: '29.0.1',
    chart: { repository: 'https://charts.example.com/stable', name: 'nextcloud', version: '5.2.0' },
    values: { replicaCount: 2 },
    valuesFrom: [],
    suspend: false,
    source: source(`applications[${name}]`),
    ...extra,
  };
}

/** An operation intent; `extra` overrides any field. */
export function operation(
  clusterId: string,
  namespace: string,
  name: string,
  target: string,
  extra: Partial<OperationIntent> = {},
): OperationIntent {
  return {
    cluster: clusterId,
    namespace,
    name,
    type: 'backup',
    target,
    requestedAt: '2026-05-28T10:00:00+02:00',
    requestedBy: 'alice@example.com',
    parameters: {},
    source: source(`operations[${name}]`),
    ...extra,
  };
}

/** Values that break naive YAML writers: YAML 1.1 booleans, numbers-as-strings, indicators, nulls. */
export const HOSTILE_VALUES: JsonObject = {
  strings: [
    'yes',
    'no',
    'on',
    'off',
    'y',
    'n',
    'Y',
    'N',
    '~',
    'null',
    'Null',
    'true',
    'False',
    'ON',
    '0x1f',
    '1e5',
    '1E+5',
    '012',
    '0o17',
    '0b101',
    '1_000',
    '2026-05-28',
    '2026-05-28T10:00:00Z',
    '12:30:00',
    '190:20:30',
    '.inf',
    '-.Inf',
    '.nan',
    '.5',
    '+1',
    '-0',
    '1.2.3',
    '',
    'line one\nline two',
    'trailing newline\n',
    '\n',
    '  indented\n  block\n',
    'crlf\r\nline',
    '---',
    '...',
    '--- not a document',
    'key: value',
    'a #comment',
    '#start',
    '- dash',
    '? q',
    '!tag',
    '&anchor',
    '*alias',
    '%dir',
    '@at',
    '`tick',
    '"double"',
    "'single'",
    '|',
    '>',
    ' leading',
    'trailing ',
    '\ttab',
    'x\ty',
    '<<',
    '=',
    '[a, b]',
    '{a: b}',
    'a,b',
    'ünïcödé ✓',
    '\ufeffbom',
    'nul\u0000byte',
    'emoji 😀',
  ],
  numbers: [0, 1, -1, 0.5, -2.25, 1e21, 1e-7, 123456789012, 9007199254740991],
  booleans: [true, false],
  nothing: null,
  nested: {
    list: [null, 1, 'x', [null]],
    empty: {},
    emptyList: [],
    yes: 'key is yes',
    on: true,
    '012': 'octal-looking key',
    'a/b~c': null,
  },
};

/**
 * Strings with the Unicode line breaks YAML 1.1 knows (NEL, LS, PS). gitops-synth writes
 * them escaped and YAML parsers read them back, but kustomize's own YAML emitter
 * re-writes them as raw line breaks, so they do not survive `kustomize build` (known
 * limitation, see the kubectl test).
 */
export const UNICODE_BREAKS: JsonObject = {
  strings: ['line\u2028separator', 'para\u2029separator', 'next\u0085line'],
};

/** Three clusters: flux with ApplicationInstances, flux with HelmReleases, argocd; two namespaces each; operations. */
export function smallFleet(): Fleet {
  return {
    clusters: [
      cluster('edge-flux', 'flux'),
      cluster('edge-helm', 'flux', true),
      cluster('edge-argo', 'argocd'),
    ],
    applications: [
      application('edge-flux', 'team-a', 'files', {
        values: { replicaCount: 2, ingress: { host: 'files.example.com' } },
      }),
      application('edge-flux', 'team-b', 'wiki', {
        app: 'wikijs',
        version: '2.5.300',
        chart: { repository: 'oci://ghcr.io/example/charts', name: 'wikijs', version: '1.0.0' },
        values: {},
        valuesFrom: [{ kind: 'Secret', name: 'wiki-db', valuesKey: 'values.yaml' }],
        suspend: true,
      }),
      application('edge-helm', 'team-a', 'files'),
      application('edge-helm', 'team-a', 'chat', {
        app: 'matrix',
        version: '1.100.0',
        chart: { repository: 'oci://ghcr.io/example/charts', name: 'synapse', version: '3.1.0' },
        valuesFrom: [{ kind: 'ConfigMap', name: 'chat-extra', optional: true, targetPath: 'server.extra' }],
      }),
      application('edge-helm', 'team-b', 'wiki', {
        app: 'wikijs',
        version: '2.5.300',
        suspend: true,
        values: { enabled: 'yes' },
      }),
      application('edge-argo', 'team-a', 'files'),
      application('edge-argo', 'team-c', 'board', { app: 'kanboard', version: '1.2.3' }),
    ],
    operations: [
      operation('edge-flux', 'team-a', 'files-backup-1', 'files'),
      operation('edge-helm', 'team-b', 'wiki-restore-1', 'wiki', {
        type: 'restore',
        parameters: { backup: 'wiki-backup-0', verify: true },
      }),
      operation('edge-argo', 'team-c', 'board-restart-1', 'board', {
        type: 'restart',
        requestedAt: '2026-05-28T08:00:00.123456Z',
      }),
    ],
  };
}

/** A copy of `list` in a different order (deterministic: reversed, then halves swapped). */
export function reorder<T>(list: readonly T[]): T[] {
  const reversed = [...list].reverse();
  const half = Math.floor(reversed.length / 2);
  return [...reversed.slice(half), ...reversed.slice(0, half)];
}
