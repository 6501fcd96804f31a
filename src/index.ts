/**
 * gitops-synth's library entry point, in pipeline order:
 * intents → charts → synth → tree → diff → messages → git → platform → publish.
 * The CLI (`gitops-synth`) is a thin layer over these.
 */
export * from './errors';
export * from './labels';
export * from './config/config';
export * from './selection';
export * from './intents';
export * from './synth';
export * from './schema';
export * from './tree';
export * from './diff';
export * from './messages';
export * from './pipeline/render';
export * from './pipeline/compare';
export * from './git';
export * from './platform/types';
export {
  createPlatform,
  detectProvider,
  parseProjectFromRemote,
  platformOptionsFromRemote,
} from './platform/registry';
export * from './publish/codeowners';
export * from './publish/groups';
export * from './publish/publish';
export { main } from './cli/main';
