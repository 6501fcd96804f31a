/** The tree writer: desired tree (path -> contents) -> disk, owning only what gitops-synth writes. */
export * from './apply';
export * from './errors';
export * from './fs';
export * from './journal';
export * from './ownership';
export * from './paths';
export * from './plan';
export * from './read';
export * from './transaction';
export * from './write';
