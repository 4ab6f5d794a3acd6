// ESLint flat config: typescript-eslint's recommended rules over src/, web/src/, scripts/, test/.
// Formatting is Prettier's job (npm run format); eslint-config-prettier is not needed because the
// recommended sets contain no formatting rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'var/', 'bench/results/', 'test-results/', '.cache/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        window: 'readonly',
        document: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
      // noUncheckedIndexedAccess is off (indexing typed arrays in hot loops would need a check each time), so an
      // `a[i]!` asserts nothing: write `a[i]`, or handle undefined where the element type allows it.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSNonNullExpression > MemberExpression[computed=true].expression',
          message: 'a[i]! asserts nothing here (noUncheckedIndexedAccess is off): drop the !, or handle undefined',
        },
      ],
    },
  },
  {
    // Tests poke at JSON answers of the CLI and the API, whose shapes the assertions spell out.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
