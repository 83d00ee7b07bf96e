// Lint rules. The important ones keep workflows deterministic and the domain pure:
// neither may reach Node built-ins, I/O clients, the environment or wall-clock time.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);
const ioModules = ['pg', 'pg-listen', 'ioredis', 'grammy', '@grammyjs/*', 'express', 'pino', 'exceljs',
  '@temporalio/client', '@temporalio/worker', '@temporalio/activity', 'busboy', 'node-pg-migrate'];

// In workflows Date.now() is Temporal's deterministic workflow clock; in the domain time is passed in.
const purityRules = (what, { workflowClock = false } = {}) => ({
  'no-restricted-imports': ['error', {
    paths: nodeBuiltins.map((name) => ({ name, message: `${what} must not use Node built-ins.` })),
    patterns: [
      { group: ioModules, message: `${what} must not do I/O; take clients through activities.` },
      { group: ['**/db/*', '**/activities/*', '**/workers/*', '**/bot/*', '**/config/*'], message: `${what} may import only domain code (activities by "import type").`, allowTypeImports: true },
    ],
  }],
  'no-restricted-globals': ['error',
    { name: 'process', message: `${what} must not read process state or the environment.` },
    { name: 'setTimeout', message: 'Use the workflow sleep API.' },
    { name: 'setInterval', message: 'Use the workflow sleep API.' },
    { name: 'require', message: 'Use imports.' },
  ],
  'no-restricted-properties': workflowClock ? 'off' : ['error', { object: 'Date', property: 'now', message: 'Pass time in.' }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tools/**', '.data/**', 'admin-ui/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  { files: ['workflows/**/*.ts'], rules: purityRules('Workflow code', { workflowClock: true }) },
  { files: ['domain/**/*.ts'], rules: purityRules('Domain code') },
  { files: ['test/**/*.ts'], languageOptions: { globals: { ...globals.jest } } },
  // Preloads given to Node's --require are CommonJS by nature.
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
