/** What publish writes for people: commit messages and pull request titles, bodies and labels. */
export * from './provenance';
export * from './subject';
export * from './commit';
export * from './collapse';
export * from './pull-request';
export * from './pull-request-body';
export * from './audit';
