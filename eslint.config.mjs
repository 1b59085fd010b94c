// ESLint flat config: @eslint/js recommended plus typescript-eslint's type-aware recommended rules
// (recommendedTypeChecked) over every TypeScript file that tsconfig.json typechecks: src, test,
// bench and migrations. `npm run lint` fails on any finding, warnings included.
//
// A rule is turned off or changed here, or on one line, only with a comment that says why.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', '.data/**'] },
  {
    files: ['{src,test,bench,migrations}/**/*.ts'],
    extends: [eslint.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // One program for the whole tsconfig.json (the files typechecked are the files linted); on
        // this code base it lints in about two thirds of the time that `projectService` takes.
        project: './tsconfig.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      // A disable comment that no longer disables anything is an error, so none outlives its reason.
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // A leading underscore marks a name left unused on purpose: a property dropped from an object
      // by destructuring it away from a rest (`{ secret: _secret, ...rest }`), or a parameter that a
      // signature requires.
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_',
        varsIgnorePattern: '^_',
        caughtErrorsIgnorePattern: '^_',
        destructuredArrayIgnorePattern: '^_',
      }],
      // Passing on a failure that was caught (typed `unknown`) is how a promise reports it; this
      // matches what only-throw-error allows for `throw` by default. Literals and other non-errors
      // are still refused.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    // Tests read values that their libraries type as `any`: supertest's `res.body` (parsed JSON of
    // an HTTP or GraphQL answer), Jest's asymmetric matchers (`expect.any`, `expect.objectContaining`)
    // and Nest's `app.getHttpServer()`. The assertions check those shapes; restating the API's
    // schema as types in every test would add nothing they do not already check. Application code,
    // bench and migrations keep these rules.
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // This file itself: plain JavaScript (an ES module run by Node), no type information.
    files: ['eslint.config.mjs'],
    extends: [eslint.configs.recommended],
  },
);
