/** Comparing synthesized trees and rendering the result for people and machines. */
export * from './model';
export * from './diff';
export * from './fields';
export * from './format-value';
export * from './summary';
export * from './text';
export * from './markdown';
export * from './json';
export { isBookkeepingFile } from './resource';
