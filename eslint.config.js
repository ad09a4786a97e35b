import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// The layers (HOUSE-STYLE.md item 1): shared ← electron/core ← electron/{main,cli,preview};
// renderer sees only shared; demo/ (the simulated lab) uses core and shared and is
// loaded by the shells only through a dynamic import; nothing outside test/ imports test/.
// Each rule below forbids reaching upward.
const noElectron = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const noTest = { group: ['**/test/**'], message: 'nothing outside test/ imports test/ (the demo lab lives in demo/).' };
const noDemo = { group: ['**/demo/**'], message: 'load the demo lab with a dynamic import, only when asked for (see core/open-lab.ts).' };
// Packages that need Node: the renderer runs in a sandboxed page with none of it.
const nodeOnlyPackages = '^(ssh2|ssh-config|undici|proxmox-api|@kubernetes/client-node|systeminformation|ws|node-forge|yaml|electron-updater)(/.*)?$';
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'tls', 'http', 'https', 'crypto', 'dgram', 'stream', 'events', 'url', 'util', 'zlib'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.stryker-tmp*/**', 'reports/**'] },
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
    // Small modules (HOUSE-STYLE.md item 9): a file says one thing, a function fits on a screen or two.
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}', 'demo/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 450 }],
      'max-lines-per-function': ['error', { max: 120 }],
    },
  },
  {
    // No import cycles in product code (a cycle makes load order matter and hides a missing layer).
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}', 'demo/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [
          { group: nodeBuiltins, message: 'shared/ runs in the renderer too: no Node modules.' },
          { regex: nodeOnlyPackages, message: 'shared/ runs in the renderer too: this package needs Node.' },
          { group: ['**/electron/**', '**/renderer/**', '**/test/**', '**/demo/**'], message: 'shared/ is the bottom layer.' },
        ],
      }],
    },
  },
  {
    files: ['electron/core/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [{ group: ['**/main/**', '**/cli/**', '**/preview/**', '**/preload/**', '**/renderer/**'], message: 'electron/core may import only shared/ and itself.' }, noTest, noDemo],
      }],
    },
  },
  {
    files: ['electron/cli/**', 'electron/preview/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [{ group: ['**/main/**', '**/preload/**', '**/renderer/**'], message: 'a shell uses core and shared only.' }, noTest, noDemo],
      }],
    },
  },
  {
    files: ['electron/main/**'],
    rules: {
      'no-restricted-imports': ['error', {
        // The one exception: the packaged app doubles as the `labtray` command (cli-mode.ts), through the CLI's entry and its command names.
        patterns: [{ group: ['**/cli/**', '!**/cli/run', '!**/cli/help', '**/preview/**', '**/preload/**', '**/renderer/**'], message: 'the Electron shell uses core and shared only.' }, noTest, noDemo],
      }],
    },
  },
  {
    // The sandboxed preload can require nothing but electron: no runtime code from elsewhere
    // but shared/'s zod-free contract names (type imports are erased).
    files: ['electron/preload/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'a sandboxed preload has no Node.' },
          { regex: nodeOnlyPackages, message: 'a sandboxed preload can require only electron.' },
          { group: ['**/core/**', '**/main/**', '**/cli/**', '**/preview/**', '**/renderer/**', '**/demo/**', '**/test/**'], message: 'the preload bridges the LabApi and nothing else.' },
          { regex: '^zod', message: 'a sandboxed preload can require only electron.' },
          { group: ['**/shared/api'], allowTypeImports: true, message: 'shared/api brings zod: the preload may take only its types.' },
        ],
      }],
    },
  },
  {
    files: ['demo/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [{ group: ['**/main/**', '**/cli/**', '**/preview/**', '**/preload/**', '**/renderer/**'], message: 'the demo lab simulates servers; it uses core and shared only.' }, noTest],
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
          { regex: nodeOnlyPackages, message: 'the renderer has no Node: this package runs in the core.' },
          { group: ['**/electron/**', '**/test/**', '**/demo/**'], message: 'the renderer sees only shared/ (window.labtray).' },
        ],
      }],
    },
  },
);
