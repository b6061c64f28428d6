// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const globals = require('globals');
const { builtinModules } = require('node:module');

// Workflow code runs in Temporal's deterministic sandbox: it must not reach
// the file system, the network or the clock through Node or an I/O library.
// Side effects belong in activities.
const workflowBannedMessage = 'Workflow code must stay deterministic and free of I/O: move this call into an activity.';
const workflowBannedModules = [
  ...builtinModules,
  '@temporalio/activity',
  '@temporalio/client',
  '@temporalio/worker',
  'undici',
  'pino',
  'pg',
  'better-sqlite3',
  'nodemailer',
  '@slack/web-api',
];
// Globs match by package name prefix only; exact names above are matched as
// whole module names, so a local folder named like a built-in stays allowed.
const workflowBannedPatterns = ['node:*', '@aws-sdk/*', '@azure/*', '@google-cloud/*'];

module.exports = tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.stack/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        // The lint-probe files exist only as text that the lint rule tests feed on stdin.
        projectService: { allowDefaultProject: ['src/workflows/lint-probe.ts', 'src/activities/lint-probe.ts'] },
        tsconfigRootDir: __dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: workflowBannedModules.map((name) => ({ name, message: workflowBannedMessage })),
          patterns: [{ group: workflowBannedPatterns, message: workflowBannedMessage }],
        },
      ],
    },
  },
  {
    // Tests read untyped JSON responses and use Jest's asymmetric matchers,
    // which are typed `any`; the unsafe-any rules add noise there, not safety.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
