/** The git layer: the only code in gitops-synth that runs git. */
export * from './arguments';
export * from './clone';
export * from './context';
export * from './credentials';
export * from './errors';
export * from './identity';
export * from './lock';
export * from './push-result';
export * from './redact';
export * from './remote';
export * from './repository';
export { buildGitProcessEnvironment, sshCommand, type GitProcessEnvironment } from './environment';
export * from './failure-hints';
export * from './push-retry';
