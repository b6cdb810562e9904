// ESLint flat config. The domain-core rule is how "imports point inward" is enforced
// (docs/conventions.md §1): src/domain may import nothing that does I/O.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import path from 'node:path';
import { config as hubspotUiExtensions } from '@hubspot/eslint-config-ui-extensions';

const nodeBuiltins = [
  'fs', 'fs/promises', 'path', 'os', 'http', 'https', 'net', 'child_process', 'crypto', 'stream',
  'url', 'util', 'events', 'worker_threads', 'process', 'dns', 'tls', 'zlib', 'readline', 'timers',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'docs/**', 'coverage/**', '**/*.d.ts', 'preview-dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    ignores: ['src/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.flatMap((name) => [
          { name, message: 'src/domain is pure: no I/O imports (docs/conventions.md §1).' },
          { name: `node:${name}`, message: 'src/domain is pure: no I/O imports (docs/conventions.md §1).' },
        ]),
        patterns: [
          { group: ['node:*'], message: 'src/domain is pure: no Node built-ins.' },
          { group: ['express', 'express/*', '@hubspot/*', 'pg', 'better-sqlite3', 'kysely', 'pino', 'node-cron'], message: 'src/domain is pure: no I/O libraries.' },
          { group: ['**/hubspot/**', '**/store/**', '**/cli/**', '**/webhooks/**', '**/config', '**/config.ts'], message: 'src/domain must not import adapters.' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'process', message: 'src/domain is pure: pass configuration in.' },
        { name: 'fetch', message: 'src/domain is pure: no I/O.' },
      ],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'src/domain takes `now` as an argument.' },
        { object: 'Math', property: 'random', message: 'src/domain is deterministic.' },
      ],
    },
  },
  // --- HubSpot UI extensions ---------------------------------------------
  // HubSpot's own rules for extension code, scoped to extensions/. Its two boundary rules find extension
  // points by a `src/app/<point>` path and so never fire for our srcDir `extensions`; they are re-stated
  // for extensions/app/<point> below (each point is built alone: no imports across points or into src/).
  ...hubspotUiExtensions
    .filter((block) => block.plugins)
    .map((block) => ({ ...block, files: ['extensions/**/*.{ts,tsx}'] })),
  {
    files: ['extensions/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, React: 'readonly' } },
    plugins: {
      'cosell-extensions': {
        rules: {
          'no-import-outside-extension-point': {
            meta: {
              type: 'problem',
              schema: [],
              messages: {
                outside: 'Imports from outside extensions/app/{{point}} fail when HubSpot builds it; shared code is copied in by scripts/sync-contract.ts.',
              },
            },
            create(context) {
              const file = context.filename;
              const match = /(^|[\\/])extensions[\\/]app[\\/]([^\\/]+)[\\/]/.exec(file);
              if (!match) return {};
              const root = file.slice(0, match.index + match[0].length);
              return {
                ImportDeclaration(node) {
                  const source = node.source.value;
                  if (typeof source !== 'string' || !source.startsWith('.')) return;
                  if (!path.resolve(path.dirname(file), source).startsWith(root)) {
                    context.report({ node, messageId: 'outside', data: { point: match[2] } });
                  }
                },
              };
            },
          },
        },
      },
    },
    rules: { 'cosell-extensions/no-import-outside-extension-point': 'error' },
  },
  {
    files: ['extensions/app/settings/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@hubspot/ui-extensions/crm', '@hubspot/ui-extensions/crm/*'], message: 'CRM components are not allowed on the settings page.' }],
      }],
    },
  },
);
