// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const globals = require('globals');
const { builtinModules } = require('node:module');

// Workflow code runs in Temporal's deterministic sandbox: it must not reach
// the file system, the network or the clock through Node or an I/O library.
// Side effects belong in activities.
const workflowBannedModules = [
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  '@temporalio/activity',
  '@temporalio/client',
  '@temporalio/worker',
  'undici',
  'pino',
  'pg',
  'better-sqlite3',
  'nodemailer',
  '@slack/web-api',
  '@aws-sdk/*',
  '@azure/*',
  '@google-cloud/*',
];

module.exports = tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.stack/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: workflowBannedModules,
              message: 'Workflow code must stay deterministic and free of I/O: move this call into an activity.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
