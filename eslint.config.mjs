// ESLint (flat config): typescript-eslint's type-aware rules on the whole tree; Prettier owns layout.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'data/', '.cache/', 'neo4j/target/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      // `const { omitted, ...rest } = value` is how the code drops keys from a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // Apollo's plugin hooks return promises by contract: a hook with nothing to wait for is written async.
    files: ['src/server/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // The explorer's browser code (its own tsconfig, DOM types): browser globals, not Node's.
    files: ['web/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, ...Object.fromEntries(Object.keys(globals.node).map((name) => [name, 'off'])) } },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
