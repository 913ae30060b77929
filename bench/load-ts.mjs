// Loads a TypeScript benchmark module (and the core it drives) by bundling it with esbuild, so the
// benchmarks run the same source the tests do without a separate build step.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** reads `--name value` from the command line */
export const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};

export async function loadTs(relativePath) {
  const outDir = join(repoRoot, 'node_modules/.cache/reelay-bench');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, basename(relativePath).replace(/\.ts$/, '.cjs'));
  await build({
    entryPoints: [join(repoRoot, relativePath)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    packages: 'external',
    logLevel: 'warning',
  });
  return createRequire(pathToFileURL(outfile))(outfile);
}
