// ESLint (flat config): typescript-eslint's recommended rules, and the layer order of docs/design.md
// enforced on src/ (import-x: no cycles, no import against the layers). Formatting is Prettier's
// (`npm run lint` runs both).
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The layers, bottom first; a file may import from its own layer and the ones below it only.
 * `vocab.ts`, `config.ts`, `diagnostics.ts` and `dataset.ts` are the bottom; `inputs.ts`, `pipeline.ts`,
 * `build.ts`, `server.ts` and `cli.ts` compose everything at the top.
 */
const BOTTOM = ['src/vocab.ts', 'src/config.ts', 'src/diagnostics.ts', 'src/dataset.ts'];
const ROOMS = ['src/extract', 'src/map', 'src/validate', 'src/dump', 'src/store'];
const TOP = ['src/inputs.ts', 'src/pipeline.ts', 'src/build.ts', 'src/server.ts', 'src/cli.ts'];
const LAYERS = [BOTTOM, ['src/rdf'], ROOMS, ['src/links'], ['src/http'], TOP];

/** Each layer may not import from any layer above it. */
const layerZones = LAYERS.slice(0, -1).flatMap((layer, i) =>
  layer.map((target) => ({
    target,
    from: LAYERS.slice(i + 1).flat(),
    message: 'imports point down the layers only (docs/design.md)',
  })),
);

/** Within the middle layer, the rooms are independent, except that map reads extract's facts. */
const roomZones = ROOMS.map((target) => ({
  target,
  from: ROOMS.filter((room) => room !== target && !(target === 'src/map' && room === 'src/extract')),
  message: 'rooms of one layer do not import each other (docs/design.md); move what both need to rdf/',
}));

/** extract knows nothing of RDF. */
const extractZone = {
  target: 'src/extract',
  from: ['src/rdf', 'src/vocab.ts', 'src/dataset.ts'],
  message: 'extract knows nothing of RDF (docs/design.md)',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'build/',
      '.dist-*/',
      'test/output/',
      'bench/.peers/',
      'test/conformance/suites/',
      'src/http/pages/assets/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        performance: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
        Headers: 'readonly',
        Response: 'readonly',
        DOMException: 'readonly',
        NodeJS: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Control characters in patterns are deliberate here: IRIREF, XML and N-Triples exclude them.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/extensions': ['.ts', '.js'] },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: [...layerZones, ...roomZones, extractZone] }],
    },
  },
);
