// Lint, including the architecture: each folder may import only what its layer allows
// (see CONTRIBUTING.md). Layer violations are errors, so CI fails on them.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = { regex: '^node:', message: 'This layer must not use Node APIs.' };
const ELECTRON = { name: 'electron', message: 'Only src-main/shell, src-main/index.ts and src-preload may import electron.' };

/** import-x/no-restricted-paths zones: `target` may not import from `from`. */
const zone = (target, from, message, except) => ({ target, from, message, ...(except ? { except } : {}) });
const layerZones = [
  zone('./src-shared', ['./src-main', './src-preload', './src-renderer'], 'src-shared imports nothing but itself.'),
  zone('./src-main/core', ['./src-main/api', './src-main/shell', './src-main/cli', './src-main/index.ts', './src-preload', './src-renderer'], 'The core may not import the layers above it.'),
  zone('./src-main/api', ['./src-main/shell', './src-main/cli', './src-preload', './src-renderer'], 'The API layer may not import the shell, CLI or UI.'),
  zone('./src-main/api', './src-main/core', 'Import the core only through src-main/core/index.ts.', ['./index.ts']),
  zone('./src-main/shell', ['./src-preload', './src-renderer', './src-main/cli'], 'The shell may not import the preload, the renderer or the CLI.'),
  zone('./src-main/shell', './src-main/core', 'Import the core only through src-main/core/index.ts.', ['./index.ts']),
  zone('./src-main/cli', ['./src-main/shell', './src-main/api', './src-preload', './src-renderer'], 'The CLI may not import the app shell or UI.'),
  zone('./src-main/cli', './src-main/core', 'Import the core only through src-main/core/index.ts.', ['./index.ts']),
  zone('./src-preload', ['./src-main', './src-renderer'], 'The preload may import only electron and src-shared.'),
  zone('./src-renderer', ['./src-main', './src-preload'], 'The renderer knows only the contract in src-shared.'),
];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', '.tools/**', 'test-results/**', 'playwright-report/**', 'tests/lint-fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } } },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [ELECTRON, { name: 'react', message: 'src-shared is UI-free.' }], patterns: [NODE_BUILTINS] }],
    },
  },
  {
    files: ['src-shared/**'],
    ignores: ['src-shared/schemas.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [ELECTRON, { name: 'react', message: 'src-shared is UI-free.' }, { name: 'zod', message: 'Only src-shared/schemas.ts uses the schema library.' }], patterns: [NODE_BUILTINS] }],
    },
  },
  {
    files: ['src-main/core/**', 'src-main/api/**', 'src-main/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [ELECTRON] }],
    },
  },
  {
    // The core never prints: a stray log line could put a file name or hash on disk in the clear.
    files: ['src-main/core/**', 'src-main/api/**', 'src-main/shell/**', 'src-main/index.ts', 'src-preload/**'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [ELECTRON], patterns: [NODE_BUILTINS, { group: ['fs', 'path', 'os', 'child_process', 'crypto'], message: 'The renderer must not use Node APIs.' }] }],
    },
  },
);
