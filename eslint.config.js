// ESLint flat config. The domain-core rule is how "imports point inward" is enforced
// (conventions.md §1): src/domain may import nothing that does I/O.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
          { name, message: 'src/domain is pure: no I/O imports (conventions.md §1).' },
          { name: `node:${name}`, message: 'src/domain is pure: no I/O imports (conventions.md §1).' },
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
);
