/**
 * The stable ids of every rule intents are checked against. CI jobs and scripts match
 * on them (and the README lists them), so an id is never renamed once released.
 */
export const INTENT_RULES = {
  /** A YAML file that does not parse (with line:column). */
  yamlSyntax: 'yaml-syntax',
  /** A JSON file that does not parse (with line:column). */
  jsonSyntax: 'json-syntax',
  /** The same key twice in one mapping: YAML would silently keep one. */
  duplicateKey: 'duplicate-key',
  /** A tag the YAML 1.2 core schema cannot resolve (`!vault`), instead of silently stringifying it. */
  yamlUnknownTag: 'yaml-unknown-tag',
  /** Too many alias expansions (a billion-laughs document). */
  yamlAliasLimit: 'yaml-alias-limit',
  /** A value JSON cannot hold: binary, timestamps, sets, `.inf`, collection keys. */
  nonJsonValue: 'non-json-value',
  /** `apiVersion` is not `gitops.vworkspace.io/v1alpha1`. */
  apiVersion: 'api-version',
  /** `kind` is not `Intents`. */
  kind: 'kind',
  /** A field the format does not know (outside `values`/`parameters`). */
  unknownField: 'unknown-field',
  /** A required field is missing. */
  requiredField: 'required-field',
  /** A value of the wrong type (a number where a string is expected, ...). */
  wrongType: 'wrong-type',
  /** A value outside a fixed set (`sync`, operation `type`, valuesFrom `kind`). */
  allowedValues: 'allowed-values',
  /** A string that must not be empty is empty. */
  emptyValue: 'empty-value',
  /** A string longer than its field allows. */
  tooLong: 'too-long',
  /** Cluster ids, namespaces and `app`: DNS-1123 labels. */
  dns1123Label: 'dns-1123-label',
  /** Application, operation and valuesFrom names: DNS-1123 subdomains. */
  dns1123Subdomain: 'dns-1123-subdomain',
  /** Names used as Kubernetes label values (at most 63 characters). */
  labelValue: 'label-value',
  /** The file a name produces would exceed 255 bytes. */
  fileNameLength: 'file-name-length',
  /** `kube-*`, `flux-system`, `argocd`, `default`. */
  reservedNamespace: 'reserved-namespace',
  /** `helmReleases: true` on an Argo CD cluster. */
  helmReleasesNeedFlux: 'helm-releases-need-flux',
  /** An owner that is not `@user`, `@org/team` or an email address. */
  codeownersOwner: 'codeowners-owner',
  /** An application or operation on a cluster nobody declared. */
  undeclaredCluster: 'undeclared-cluster',
  /** Two clusters with one id. */
  duplicateCluster: 'duplicate-cluster',
  /** Two applications with one cluster, namespace and name. */
  duplicateApplication: 'duplicate-application',
  /** Two operations with one cluster, namespace and name. */
  duplicateOperation: 'duplicate-operation',
  /** An operation whose target is no application in its cluster and namespace. */
  operationTargetMissing: 'operation-target-missing',
  /** `requestedAt` is not a strict RFC 3339 timestamp. */
  rfc3339Timestamp: 'rfc3339-timestamp',
  /** `chart.repository` is not an http://, https:// or oci:// URL. */
  chartRepositoryUrl: 'chart-repository-url',
  /** A valuesFrom `valuesKey` that is no valid Secret/ConfigMap key. */
  valuesKey: 'values-key',
  /** `values` or `parameters` larger than {@link MAX_INTENT_VALUES_BYTES}. */
  sizeLimit: 'size-limit',
  /** A document nested deeper than the depth limit (`--max-intents-depth`). */
  depthLimit: 'depth-limit',
  /** A string in values/parameters that looks like a credential (PEM key, token). */
  plainTextSecretValue: 'plain-text-secret-value',
  /** A secret-named key (password, token, ...) holding a literal. */
  plainTextSecretKey: 'plain-text-secret-key',
} as const;

/** One of the rule ids in {@link INTENT_RULES}. */
export type IntentRule = (typeof INTENT_RULES)[keyof typeof INTENT_RULES];

/**
 * The most bytes `values` of one application, or `parameters` of one operation, may
 * take as compact JSON (64 KiB). They end up in one Kubernetes object, and etcd and
 * reviewers both pay for every byte.
 */
export const MAX_INTENT_VALUES_BYTES = 64 * 1024;

/**
 * How many alias expansions (uses of an anchor times the aliases nested inside it) one
 * YAML document may make before it is refused as a billion-laughs attack. Hundreds of
 * applications sharing one `&chart` anchor stay far below it.
 */
export const MAX_YAML_ALIAS_COUNT = 10_000;
