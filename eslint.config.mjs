// Lint = the layer rules of DESIGN.md ("dependencies point inward"), made checkable, plus ESLint's
// recommended rules that catch real mistakes. No type-aware rules: it has to stay fast (it runs in
// `npm test`, between the type-check and Vitest).
//
// Two rules enforce the layers, both driven by the LAYERS table below:
//  - @typescript-eslint/no-restricted-imports: static `import`/`export ... from` of packages
//    (electron, Node builtins);
//  - reelay/layers: imports of our own files, resolved against the importing file (so `../../main/x`,
//    `..` and `./index` are judged by where they land, not by how the string looks), every form
//    (static, `import type`, `export ... from`, `import()`, `require()`), and packages loaded through
//    `import()`/`require()`, which no-restricted-imports does not see.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, globalIgnores } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ROOT = dirname(fileURLToPath(import.meta.url));

const NODE_BUILTINS = [...new Set(builtinModules.filter((m) => !m.startsWith('_')))];

const WHY_SHARED_PURE =
  'src/shared is the contract every process loads, including the renderer in a plain browser (server mode): it stays pure, with no Electron, Node or DOM-only imports (DESIGN.md). Inject what you need, or move the code out of shared.';
const WHY_SHARED_INNERMOST =
  'src/shared is the innermost layer: main, preload and renderer depend on it, it depends on none of them (DESIGN.md: dependencies point inward). Move the code you need into shared instead.';
const WHY_CORE_NO_ELECTRON =
  'src/main/core also runs in server mode, where there is no Electron: it never imports electron (DESIGN.md). Take the capability as an injected dependency; src/main/electron/ provides it on the desktop.';
const WHY_CORE_NO_ROOTS =
  'src/main/index.ts and src/main/server.ts are composition roots: they depend on core, never the reverse (DESIGN.md). Inject what core needs through its constructor instead.';
const WHY_CORE_NO_SHELL =
  'src/main/electron/ is the desktop shell around core: it depends on core, never the reverse (DESIGN.md). Define an interface in core and let the shell implement it.';
const WHY_CORE_NO_CONFIG =
  'src/main/config/ reads command-line arguments and the environment for the composition roots; core receives its settings injected, so the same core serves both modes and tests (DESIGN.md).';
const WHY_MAIN_NO_UI =
  'src/main is the Node side; the renderer and preload are browser-side bundles that reach it only through the ReelayApi contract in src/shared (DESIGN.md). Move shared code into src/shared.';
const WHY_RENDERER_NO_MAIN =
  'The renderer runs sandboxed and, in server mode, in any browser: it reaches the main process only through the ReelayApi contract (src/shared/api.ts, getApi()), never by importing main code (DESIGN.md).';
const WHY_RENDERER_NO_NODE =
  'The renderer runs in a browser (server mode) and a sandboxed Electron window: Node builtins do not exist there. Ask the main process through the ReelayApi contract instead.';
const WHY_RENDERER_NO_ELECTRON =
  'The renderer is sandboxed and also runs in plain browsers (server mode): it never imports electron. Use window.reelay through getApi() (src/renderer/src/api).';
const WHY_RENDERER_NO_PRELOAD =
  'The preload script is a separate bundle that builds window.reelay; the renderer reaches it only through getApi() (DESIGN.md).';
const WHY_PRELOAD =
  'The preload builds window.reelay from the contract and holds no logic (DESIGN.md): it imports only electron and src/shared/transport (type-only imports from src/shared are fine). Anything else would be bundled into a privileged script.';

/**
 * One entry per layer. Paths are repository-relative: 'dir/' means the folder and everything under
 * it, 'dir/file' (no extension) means that one module.
 * - forbid: our own modules this layer must not import;
 * - packages: packages this layer must not import (names; 'node:*' stands for every node: specifier);
 * - only: an allowlist instead (preload): our own modules / packages it may import; typeOnly: folders
 *   it may import types from.
 */
const LAYERS = [
  {
    name: 'shared',
    files: ['src/shared/**'],
    forbid: [
      { path: 'src/main/', message: WHY_SHARED_INNERMOST },
      { path: 'src/renderer/', message: WHY_SHARED_INNERMOST },
      { path: 'src/preload/', message: WHY_SHARED_INNERMOST },
    ],
    packages: [
      { names: ['electron'], message: WHY_SHARED_PURE },
      { names: ['node:*', ...NODE_BUILTINS], message: WHY_SHARED_PURE },
    ],
  },
  {
    // the rest of the main process (the desktop shell, the composition roots, config); core/ below
    // replaces this entry for its own files (the later config wins for the same rule)
    name: 'main',
    files: ['src/main/**'],
    forbid: [
      { path: 'src/renderer/', message: WHY_MAIN_NO_UI },
      { path: 'src/preload/', message: WHY_MAIN_NO_UI },
    ],
    packages: [],
  },
  {
    name: 'core',
    files: ['src/main/core/**'],
    forbid: [
      { path: 'src/main/index', message: WHY_CORE_NO_ROOTS },
      { path: 'src/main/server', message: WHY_CORE_NO_ROOTS },
      { path: 'src/main/electron/', message: WHY_CORE_NO_SHELL },
      { path: 'src/main/config/', message: WHY_CORE_NO_CONFIG },
      { path: 'src/renderer/', message: WHY_MAIN_NO_UI },
      { path: 'src/preload/', message: WHY_MAIN_NO_UI },
    ],
    packages: [{ names: ['electron'], message: WHY_CORE_NO_ELECTRON }],
  },
  {
    name: 'renderer',
    files: ['src/renderer/**'],
    forbid: [
      { path: 'src/main/', message: WHY_RENDERER_NO_MAIN },
      { path: 'src/preload/', message: WHY_RENDERER_NO_PRELOAD },
    ],
    packages: [
      { names: ['electron'], message: WHY_RENDERER_NO_ELECTRON },
      { names: ['node:*', ...NODE_BUILTINS], message: WHY_RENDERER_NO_NODE },
    ],
  },
  {
    name: 'preload',
    files: ['src/preload/**'],
    // the preload's own test runs it against a fake electron; the rule is about what ships
    ignores: ['src/preload/**/*.test.ts'],
    only: { paths: ['src/preload/', 'src/shared/transport'], typeOnly: ['src/shared/'], packages: ['electron'], message: WHY_PRELOAD },
  },
];

// ---------------------------------------------------------------------------------------------
// reelay/layers: resolves each import of our own files and checks it against the layer's table.

const EXTENSIONS = /\.(d\.ts|ts|tsx|mts|cts|js|jsx|mjs|cjs|json)$/;

/** 'src/main/index.ts' -> 'src/main'; 'src/main/core/x.ts' -> 'src/main/core/x' (what an import names) */
function moduleId(absPath) {
  let p = relative(ROOT, absPath).split(sep).join('/');
  p = p.replace(EXTENSIONS, '');
  if (p === 'index') return '';
  return p.replace(/\/index$/, '');
}

/** does module id `id` fall under table entry `path` ('dir/' = subtree, else that one module)? */
function covers(path, id) {
  if (path.endsWith('/')) return id === path.slice(0, -1) || id.startsWith(path);
  return id === path.replace(/(^|\/)index$/, ''); // 'src/main/index' is what `..` names from core/
}

const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

function packageRule(entries, spec) {
  const name = packageName(spec);
  return entries.find((e) => e.names.some((n) => n === spec || n === name || (n === 'node:*' && spec.startsWith('node:'))));
}

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports respect the layers of DESIGN.md (dependencies point inward)' },
    schema: [{ type: 'object', additionalProperties: true }],
    messages: { layer: '{{spec}}: {{message}}' },
  },
  create(context) {
    const layer = LAYERS.find((l) => l.name === context.options[0]?.layer);
    if (!layer) return {};
    const filename = context.filename;

    function check(node, spec, { typeOnly, staticImport }) {
      if (typeof spec !== 'string') return;
      const report = (message) => context.report({ node, messageId: 'layer', data: { spec, message } });
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const id = moduleId(resolve(dirname(filename), spec));
        if (layer.only) {
          const ok = layer.only.paths.some((p) => covers(p, id)) || (typeOnly && layer.only.typeOnly.some((p) => covers(p, id)));
          if (!ok) report(layer.only.message);
          return;
        }
        const hit = layer.forbid.find((f) => covers(f.path, id));
        if (hit) report(hit.message);
        return;
      }
      if (layer.only) {
        if (!typeOnly && !layer.only.packages.includes(packageName(spec))) report(layer.only.message);
        return;
      }
      // static imports of packages are no-restricted-imports' job; import()/require() are ours
      if (staticImport || typeOnly) return;
      const hit = packageRule(layer.packages, spec);
      if (hit) report(hit.message);
    }

    const literal = (n) => (n && n.type === 'Literal' && typeof n.value === 'string' ? n.value : undefined);
    return {
      ImportDeclaration(node) {
        const typeOnly = node.importKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
        check(node, node.source.value, { typeOnly, staticImport: true });
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source.value, { typeOnly: node.exportKind === 'type', staticImport: true });
      },
      ExportAllDeclaration(node) {
        check(node, node.source.value, { typeOnly: node.exportKind === 'type', staticImport: true });
      },
      ImportExpression(node) {
        check(node, literal(node.source), { typeOnly: false, staticImport: false });
      },
      TSImportType(node) {
        // `typeof import('../x')` in a type position
        const arg = node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument;
        check(node, literal(arg), { typeOnly: true, staticImport: false });
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) {
          check(node, literal(node.arguments[0]), { typeOnly: false, staticImport: false });
        }
      },
    };
  },
};

/** the same table, as @typescript-eslint/no-restricted-imports options (static imports of packages) */
function restrictedImports(layer) {
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = (layer.packages ?? []).map((entry) => {
    const names = entry.names.filter((n) => n !== 'node:*').map(escape);
    const alternatives = [...(entry.names.includes('node:*') ? ['node:'] : []), ...(names.length ? [`(?:${names.join('|')})(?:/|$)`] : [])];
    // a package and its subpaths: 'electron', 'electron/main', 'fs', 'fs/promises'
    return { regex: `^(?:${alternatives.join('|')})`, message: entry.message };
  });
  return ['error', { patterns }];
}

const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const ALL_FILES = [...TS_FILES, '**/*.js', '**/*.mjs', '**/*.cjs'];

export default defineConfig([
  globalIgnores(['out/', 'dist/', 'node_modules/', 'test-results/', 'bench/results/', '.reelay-data/']),
  {
    files: TS_FILES,
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
  },
  // ESLint's recommended rules (the tree passes them), with the ones TypeScript itself checks
  // switched off for .ts files by typescript-eslint's eslintRecommended
  { files: ALL_FILES, ...js.configs.recommended },
  tseslint.configs.eslintRecommended,
  {
    files: ALL_FILES,
    // the tree carries disable comments for rules this config does not turn on (yet)
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: { reelay: { rules: { layers: layersRule } }, '@typescript-eslint': tseslint.plugin },
    rules: {
      // tsc checks names in .ts; the .mjs scripts run in Node and in pages (page.evaluate), and a
      // globals list for both is more noise than help
      'no-undef': 'off',
      // ~280 hits, mostly unused imports and parameters: a clean-up of its own, not part of this
      'no-unused-vars': 'off',
      // 3 hits in files under active change (s3-env.ts, fmp4.ts, native-player.ts); worth a look
      'no-useless-assignment': 'off',
      // the two control-character regexes (viewer-head.ts, urls.ts) strip control characters on purpose
      'no-control-regex': 'off',
      'no-self-compare': 'error',
      // a forgotten .only silently skips every other test in the file (and in a run outside CI)
      'no-restricted-properties': [
        'error',
        ...['describe', 'it', 'test', 'suite'].map((object) => ({
          object,
          property: 'only',
          message: 'A committed .only makes the run skip every other test: remove it.',
        })),
      ],
    },
  },
  ...LAYERS.map((layer) => ({
    name: `reelay/layer/${layer.name}`,
    files: layer.files,
    ...(layer.ignores ? { ignores: layer.ignores } : {}),
    rules: {
      'reelay/layers': ['error', { layer: layer.name }],
      ...(layer.packages ? { '@typescript-eslint/no-restricted-imports': restrictedImports(layer) } : {}),
    },
  })),
]);
