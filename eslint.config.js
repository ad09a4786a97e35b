import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The layers (HOUSE-STYLE.md item 1): shared ← electron/core ← electron/{main,cli,preview};
// renderer sees only shared. Each rule below forbids reaching upward.
const noElectron = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'tls', 'http', 'https', 'crypto', 'dgram', 'stream', 'events', 'url', 'util', 'zlib'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [
          { group: nodeBuiltins, message: 'shared/ runs in the renderer too: no Node modules.' },
          { group: ['**/electron/**', '**/renderer/**', '**/test/**'], message: 'shared/ is the bottom layer.' },
        ],
      }],
    },
  },
  {
    files: ['electron/core/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [{ group: ['**/main/**', '**/cli/**', '**/preview/**', '**/preload/**', '**/renderer/**'], message: 'electron/core may import only shared/ and itself.' }],
      }],
    },
  },
  {
    files: ['electron/cli/**', 'electron/preview/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [{ group: ['**/main/**', '**/preload/**', '**/renderer/**'], message: 'a shell uses core and shared only.' }],
      }],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [
          { group: nodeBuiltins, message: 'the renderer has no Node.' },
          { group: ['**/electron/**', '**/test/**'], message: 'the renderer sees only shared/ (window.labtray).' },
        ],
      }],
    },
  },
);
