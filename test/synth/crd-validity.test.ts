/**
 * Every synthesized object must be accepted by the CRD that serves it: the upstream
 * Flux and Argo CD CRDs (crds/upstream) and our own (crds/vworkspace). Ajv checks the
 * OpenAPI schemas; the CEL rules Ajv cannot evaluate are checked by hand below.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse, parseAllDocuments } from 'yaml';
import { synthFleet } from '../../src/synth/synth';
import { HOSTILE_VALUES, smallFleet } from './fixtures';

const ROOT = join(__dirname, '..', '..');
const DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;

type Crd = {
  kind: string;
  spec: {
    group: string;
    names: { kind: string };
    versions: { name: string; served: boolean; schema: { openAPIV3Schema: object } }[];
  };
};

function yamlFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return entry.name.endsWith('.yaml') ? [path] : [];
  });
}

/** Validators by `apiVersion/kind`, one per served version of each CRD. */
function loadValidators(): Map<string, ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('int64', { type: 'number', validate: Number.isInteger });
  const validators = new Map<string, ValidateFunction>();
  for (const file of yamlFiles(join(ROOT, 'crds'))) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const crd = doc.toJS() as Crd;
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions.filter((v) => v.served)) {
        validators.set(
          `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`,
          ajv.compile(version.schema.openAPIV3Schema),
        );
      }
    }
  }
  return validators;
}

/** The CEL rules of crds/upstream/SOURCES.md that concern what gitops-synth writes. */
function celProblems(object: { kind: string; spec: Record<string, unknown> }): string[] {
  if (object.kind !== 'HelmRelease') return [];
  const spec = object.spec as {
    chart?: unknown;
    chartRef?: unknown;
    interval: string;
    install?: { strategy?: { name: string; retryInterval?: string } };
    upgrade?: { strategy?: { name: string; retryInterval?: string } };
  };
  const problems: string[] = [];
  if ((spec.chart === undefined) === (spec.chartRef === undefined))
    problems.push('exactly one of chart or chartRef');
  if (!DURATION.test(spec.interval)) problems.push(`interval ${spec.interval}`);
  if (
    spec.install?.strategy?.name === 'RemediateOnFailure' &&
    spec.install.strategy.retryInterval !== undefined
  )
    problems.push('install retryInterval');
  if (spec.upgrade?.strategy?.retryInterval !== undefined && spec.upgrade.strategy.name !== 'RetryOnFailure')
    problems.push('upgrade retryInterval');
  return problems;
}

describe('synthesized objects against their CRDs', () => {
  const validators = loadValidators();
  const fleet = smallFleet();
  const hostile = {
    ...fleet,
    applications: fleet.applications.map((app) => ({ ...app, values: HOSTILE_VALUES })),
  };

  it.each([
    ['the small fleet', fleet],
    ['the small fleet with hostile values', hostile],
  ])(
    'GIVEN %s WHEN synthesized THEN every custom resource validates against its CRD schema and CEL rules',
    (_name, input) => {
      const problems: string[] = [];
      let checked = 0;
      for (const [path, content] of synthFleet(input, { repoUrl: 'https://git.example.com/fleet.git' })) {
        const object = parse(content) as { apiVersion: string; kind: string; spec: Record<string, unknown> };
        const validate = validators.get(`${object.apiVersion}/${object.kind}`);
        if (validate === undefined) continue; // Namespaces and kustomization.yaml are not custom resources
        checked += 1;
        if (!validate(object)) problems.push(`${path}: ${JSON.stringify(validate.errors)}`);
        problems.push(...celProblems(object).map((problem) => `${path}: ${problem}`));
        if (object.kind === 'HelmRepository') expect(object.spec.interval).toMatch(DURATION);
      }
      expect(problems).toEqual([]);
      expect(checked).toBe(14); // 1 Application, 4 ApplicationInstances, 3 HelmReleases, 3 HelmRepositories, 3 Operations
    },
  );
});
