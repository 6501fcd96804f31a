/**
 * Jest runs the TypeScript sources directly through swc (CommonJS output): the
 * project is CommonJS on purpose, so that cdk8s, yargs 17 and @octokit/rest 20
 * load the same way under jest as under node. Type checking is `tsc`'s job
 * (`npm run typecheck`), which `npm test` runs first.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  testTimeout: 60000,
  maxWorkers: 2,
};
