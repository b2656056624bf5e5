// Lint, including the layering rules of ARCHITECTURE.md:
//   core/      never imports from electron/ or renderer/, nor the electron or react modules;
//   renderer/  imports from core/ only the contract (core/api/contract, core/api/errors) and no
//              Node modules;
//   electron/  is the shell: it may import core.
// test/unit/lint-layering.test.ts proves these rules fire.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'core/ runs without Electron; put the Electron part in electron/ behind a port.',
            },
            { name: 'react', message: 'core/ knows nothing of React.' },
          ],
          patterns: [
            {
              regex: '(^|/)electron(/|$)',
              message: 'core/ must not import from electron/.',
            },
            {
              regex: '(^|/)renderer(/|$)',
              message: 'core/ must not import from renderer/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'The renderer has no Node; ask the core through the contract.',
            })),
            {
              name: 'electron',
              message: 'The renderer talks to Electron only through window.lifeboat (the preload).',
            },
          ],
          patterns: [
            {
              regex: '^\\.{1,2}/(.*/)?core/(?!api/(contract|errors)(\\.ts)?$)',
              message:
                'The renderer may import from core/ only the contract (core/api/contract, core/api/errors).',
            },
            {
              regex: '^\\.{1,2}/(.*/)?electron/',
              message: 'The renderer must not import from electron/.',
            },
          ],
        },
      ],
    },
  },
);
