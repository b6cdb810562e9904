// ESLint flat config. The domain-core rule is how "imports point inward" is enforced
// (docs/conventions.md §1): src/domain may import nothing that does I/O.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { config as hubspotUiExtensions } from '@hubspot/eslint-config-ui-extensions';

const nodeBuiltins = [
  'fs', 'fs/promises', 'path', 'os', 'http', 'https', 'net', 'child_process', 'crypto', 'stream',
  'url', 'util', 'events', 'worker_threads', 'process', 'dns', 'tls', 'zlib', 'readline', 'timers',
];

/** `…/extensions/app/<point>/…` → `…/src/app/<point>/…`: where HubSpot's rules look for extension points. */
const uploadedPath = (file) => file.replace(/([\\/])extensions([\\/]app[\\/])/, '$1src$2');

/** HubSpot's plugins with every rule seeing the file at its uploaded path (the rules themselves unchanged). */
function asUploaded(plugins) {
  return Object.fromEntries(Object.entries(plugins).map(([name, plugin]) => [name, {
    ...plugin,
    rules: Object.fromEntries(Object.entries(plugin.rules).map(([id, rule]) => [id, {
      ...rule,
      create: (context) => rule.create(Object.create(context, { filename: { value: uploadedPath(context.filename) } })),
    }])),
  }]));
}

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
  // HubSpot's own rules for extension code, scoped to extensions/. Its boundary rules (no-parent-imports,
  // no-invalid-extension-point-imports) find an extension point by a `src/app/<point>` path, and our
  // srcDir is `extensions`, so each rule is given the path HubSpot would see after upload
  // (extensions/app/cards/x.tsx is checked as src/app/cards/x.tsx). Shared code is imported by package
  // name from the workspace (docs/decisions/0009-extension-workspaces.md), which no-parent-imports allows.
  ...hubspotUiExtensions
    .filter((block) => block.plugins)
    .map((block) => ({ ...block, files: ['extensions/**/*.{ts,tsx}'], plugins: asUploaded(block.plugins) })),
  {
    files: ['extensions/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, React: 'readonly' } },
  },
);
