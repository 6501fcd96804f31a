/** Synthesis: a validated fleet to a GitOps tree, as data. */
export { synthFleet, synthFleetWithObjects, type SynthResult } from './synth';
export { DEFAULT_BRANCH } from './types';
export type { SynthOptions, SynthTree } from './types';
export { toManifestYaml } from './yaml';
export {
  clusterOfPath,
  findClusterOfPath,
  kustomizationPath,
  manifestPath,
  namespacesDirectory,
  clusterDirectory,
} from './layout';
