export * from './errors';
export * from './file-lock';
export * from './record';
