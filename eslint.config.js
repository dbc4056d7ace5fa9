// Lint, including the architecture: each folder may import only what its layer allows
// (see CONTRIBUTING.md). Layer violations are errors, so CI fails on them.
//
// The layer rules match import specifiers with ESLint's own no-restricted-imports (regex patterns),
// so they need no module resolver. They assume what the tree keeps true: relative imports, and no
// folder inside src-main/core named api, shell or cli.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ELECTRON = { name: 'electron', message: 'Only src-main/shell, src-main/index.ts and src-preload may import electron.' };
const REACT = { name: 'react', message: 'src-shared is UI-free.' };
const rx = (regex, message) => ({ regex, message });
const NODE = rx('^node:', 'This layer must not use Node APIs.');
const NODE_BARE = rx('^(fs|path|os|child_process|crypto|net|http|https|stream|url|util|worker_threads)(/.*)?$', 'This layer must not use Node APIs.');
const UI_LAYERS = rx('(^|/)src-(renderer|preload)/', 'Main-process code may not import the preload or the renderer.');
const CORE_INTERNALS = rx('(^|/)core/(?!index\\.ts$)', 'Import the core only through src-main/core/index.ts.');
const MAIN_ENTRY = rx('^(\\.\\./)+index\\.ts$', 'Nothing imports the Electron entry point.');

/** One block per layer: no-restricted-imports settings do not merge across blocks. */
const layer = (files, paths, patterns, extra = {}) => ({
  files,
  ...extra,
  rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
});

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', '.tools/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  layer(['src-shared/**'], [ELECTRON, REACT, { name: 'zod', message: 'Only src-shared/schemas.ts uses the schema library.' }], [NODE, NODE_BARE, rx('(^|/)src-(main|preload|renderer)/', 'src-shared imports nothing but itself.')], { ignores: ['src-shared/schemas.ts'] }),
  layer(['src-shared/schemas.ts'], [ELECTRON, REACT], [NODE, NODE_BARE, rx('(^|/)src-(main|preload|renderer)/', 'src-shared imports nothing but itself.')]),
  layer(['src-main/core/**'], [ELECTRON], [UI_LAYERS, MAIN_ENTRY, rx('^(\\.\\./)+(api|shell|cli)/', 'The core may not import the layers above it.')]),
  layer(['src-main/api/**'], [ELECTRON], [UI_LAYERS, MAIN_ENTRY, CORE_INTERNALS, rx('^(\\.\\./)+(shell|cli)/', 'The API layer may not import the shell or the CLI.')]),
  layer(['src-main/shell/**', 'src-main/index.ts'], [], [UI_LAYERS, MAIN_ENTRY, CORE_INTERNALS, rx('(^|/)cli/', 'The shell may not import the CLI.')]),
  layer(['src-main/cli/**'], [ELECTRON], [UI_LAYERS, MAIN_ENTRY, CORE_INTERNALS, rx('^(\\.\\./)+(shell|api)/', 'The CLI may not import the app shell.')]),
  layer(['src-preload/**'], [], [rx('^(?!electron$|\\./|\\.\\./src-shared/)', 'The preload may import only electron and src-shared.')]),
  layer(['src-renderer/**'], [ELECTRON], [NODE, NODE_BARE, rx('(^|/)src-(main|preload)/', 'The renderer knows only the contract in src-shared.')], {
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
  }),
  {
    files: ['src-renderer/**'],
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Nothing in the app process prints: a stray log line could put a file name or hash on disk in the clear.
    files: ['src-main/core/**', 'src-main/api/**', 'src-main/shell/**', 'src-main/index.ts', 'src-preload/**'],
    rules: { 'no-console': 'error' },
  },
);
