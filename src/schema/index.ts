/**
 * Validation of a synthesized GitOps tree against the real CRD schemas, the rules
 * their CEL carries, and gitops-synth's own layout and labelling rules.
 */
export { CrdRegistry, loadCrdRegistry, parseCrdFile, splitApiVersion, type CrdVersion } from './registry';
export { validateManifest, validateManifestObject } from './validate-manifest';
export {
  validateObjects,
  validateTree,
  validateTreeOnDisk,
  type ValidateTreeOnDiskOptions,
} from './validate-tree';
export { FLUX_DURATION_PATTERN } from './structural-schema';
