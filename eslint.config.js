// Type-aware lint for the whole workspace. Layering rules (architecture.md) are enforced here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'crypto',
  'os',
  'worker_threads',
  'child_process',
  'http',
  'url',
];

// ----- Boundaries (ADR 0010) ---------------------------------------------------------------------------
// core/src holds the platform (these folders and the root files) and one folder per business line (every
// other folder). The platform never imports a line; a line reaches another domain only through its index.ts.
const PLATFORM_FOLDERS = [
  'access',
  'approvals',
  'assistance',
  'attachments',
  'audit',
  'backup',
  'calendar',
  'db',
  'events',
  'faces',
  'imports',
  'numbering',
  'people',
  'reports',
  'seed',
  'testing',
];
const CORE_BASE_PATTERNS = [
  {
    group: ['fastify', 'react', '@social-affairs/api', '@social-affairs/cli'],
    message: 'core is below api, cli and web',
  },
];
const platformAlt = PLATFORM_FOLDERS.join('|');
/** From a platform file: any relative import into a folder that is not a platform folder is a line. */
const platformImportsLine = (prefix) => ({
  regex: `^${prefix}(?!(${platformAlt})/)[a-z][a-z0-9-]*/`,
  message: 'the platform never imports a business line (ADR 0010): lines plug in through their manifest',
});
/** From a line file: another domain's internals (anything but its index) are off limits. */
const lineReachesIntoDomain = {
  regex: `^(\\.\\./)+(?!\\.)[a-z][a-z0-9-]*/(?!index$)[^/]+$`,
  message: 'a line imports another domain only through its index.ts (ADR 0010)',
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'bench/.out/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['packages/kernel/src/**/*.ts', 'packages/linkage/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'packages/linkage/src/edge/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...nodeBuiltins,
            'kysely',
            'fastify',
            'react',
            '@social-affairs/core',
            '@social-affairs/api',
          ],
        },
      ],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/testing/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['fastify', 'react', '@social-affairs/api', '@social-affairs/cli'] },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'core takes configuration as arguments' },
      ],
    },
  },
  {
    // Platform folders of core.
    files: [`packages/core/src/{${PLATFORM_FOLDERS.join(',')}}/**/*.ts`],
    ignores: ['**/*.test.ts', 'packages/core/src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...CORE_BASE_PATTERNS, platformImportsLine('(\\.\\./)+')] },
      ],
    },
  },
  {
    // Root files of core (context, platform, line manifest type, configuration, package face).
    files: ['packages/core/src/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...CORE_BASE_PATTERNS, platformImportsLine('\\./')] }],
    },
  },
  {
    // Business lines of core: every folder that is not a platform folder.
    files: ['packages/core/src/*/**/*.ts'],
    ignores: [
      `packages/core/src/{${PLATFORM_FOLDERS.join(',')}}/**`,
      // A line's own tests may use the platform's test harness directly.
      '**/*.test.ts',
    ],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...CORE_BASE_PATTERNS, lineReachesIntoDomain] }],
    },
  },
  {
    // The HTTP platform: app, access, errors, platform routes. Lines' routes live in routes/<line>/ and
    // are listed only in lines.ts.
    files: ['packages/api/src/*.ts', 'packages/api/src/routes/*.ts'],
    ignores: ['packages/api/src/lines.ts', 'packages/api/src/test-app.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\./|\\.\\./)(routes/)?(?!routes/)[a-z][a-z0-9-]*/',
              message: 'the HTTP platform never imports a line’s routes: list the line in api/src/lines.ts',
            },
            {
              regex: '^@social-affairs/core/(?!testing$)',
              message: 'the HTTP platform never imports a business line of core (ADR 0010)',
            },
          ],
        },
      ],
    },
  },
  {
    // A web feature never imports another feature's internals; shared pieces live in app/.
    files: ['packages/web/src/features/*/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(features/)?(?!\\.)(?!app/|api/)[a-z][a-z0-9-]*/',
              message: 'a feature never imports another feature (move what both need to app/)',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/web/src/app/**/*.{ts,tsx}', 'packages/web/src/api/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '/features/', message: 'app/ and api/ never import a feature' }] },
      ],
    },
  },
  {
    files: ['packages/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.test.ts', 'e2e/**', 'bench/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  // SQL only in repositories (architecture.md): no Kysely query building in core outside *.repository.ts.
  // The `sql` import is refused by syntax, not by no-restricted-imports, so the core block's import
  // restrictions above are not replaced for these files.
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: [
      '**/*.repository.ts',
      '**/*.test.ts',
      '**/*.fixtures.ts',
      '**/migrations/**',
      'packages/core/src/testing/**',
      'packages/core/src/db/**',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|selectNoFrom|with|withRecursive)$/]',
          "TaggedTemplateExpression[tag.name='sql']",
          "MemberExpression[object.name='sql']",
          "MemberExpression[object.name='CompiledQuery']",
          "ImportDeclaration[source.value='kysely'] > ImportSpecifier[imported.name=/^(sql|CompiledQuery)$/]",
        ].map((selector) => ({
          selector,
          message: 'SQL belongs in a *.repository.ts file (architecture.md)',
        })),
      ],
    },
  },
  prettier,
);
