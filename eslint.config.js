// ESLint, configured once (flat config): typescript-eslint's recommended rules with type
// information, plus the few that catch real bugs in async code. Formatting is Prettier's
// (`npm run lint:format`); no rule here is about layout.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'imports/**', 'coverage/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // One program for src, test, bench and scripts (the typecheck's own tsconfig): one type
        // check instead of one per tsconfig the project service would find.
        project: ['./tsconfig.test.json'],
        tsconfigRootDir: __dirname,
      },
    },
    rules: {
      // A promise nobody awaits loses its error: the run "succeeds" while a push or write failed.
      '@typescript-eslint/no-floating-promises': 'error',
      // An async function passed where a callback's result is ignored (event handlers, forEach).
      '@typescript-eslint/no-misused-promises': 'error',
      // `await` on a value that is not a promise usually means a missing call or a wrong type.
      '@typescript-eslint/await-thenable': 'error',
      // A switch over a union must handle every member, or a new state is silently ignored.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      // The code rejects control characters on purpose (git arguments, credentials, YAML scalars):
      // every regex this rule would flag says exactly that.
      'no-control-regex': 'off',
      // An async function without await still turns a throw into a rejected promise, which is what
      // an implementation of an async interface with a synchronous body (in-memory stores, test
      // fakes) must do; dropping `async` to please this rule would make such a throw synchronous.
      '@typescript-eslint/require-await': 'off',
      // Unused names: an underscore marks a parameter kept on purpose (an interface's signature).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read parsed YAML and JSON (`any`) on purpose to poke at fields, and break types to
    // feed guards bad input; the type-safety rules on `any` would only flag that intent there.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Plain JavaScript (bin/, scripts/, this file): CommonJS, no type information.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'commonjs',
      // Node's CommonJS globals (the `globals` package is not a dependency).
      globals: Object.fromEntries(
        [
          'require',
          'module',
          'exports',
          '__dirname',
          '__filename',
          'process',
          'console',
          'Buffer',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'setImmediate',
          'URL',
        ].map((name) => [name, name === 'module' || name === 'exports' ? 'writable' : 'readonly']),
      ),
    },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
