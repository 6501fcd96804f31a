/** gitops-synth's library entry point. */
export * from './errors';
export * from './labels';
export * from './intents/model';
