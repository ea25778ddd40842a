import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'data/', 'scratch/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The console reads the server's answers through the server's own types
    // (Static<typeof S.Answer> from src/<capability>/schemas.ts, type-only): a shape written
    // by hand in a request drifts from what the server sends, and nothing would notice.
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.name='api'] > TSTypeParameterInstantiation TSTypeLiteral",
        message: "Type the answer with the server's schema (Static<typeof S.SomeAnswer>, a type-only import), not a shape written here.",
      }],
    },
  },
);
