// The client as a browser or edge app ships it: the compiled package (its `sideEffects: false`
// included) bundled by rolldown, the bundler vite uses, tree-shaken and minified; its size raw and
// gzipped, beside openapi-fetch alone and Plaid's SDK. The consumer test holds the client to the
// budget, measured the same way on the package a consumer installed.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'rolldown';
import { clientDistDir } from '../compile.mjs';
import { fromRepo } from '../repo.mjs';

/** What the client may cost an app that imports `createPlaidClient` and `PlaidApiError` (issue 13). */
export const budget = { minifiedBytes: 40_000, gzipBytes: 10_000 };

/**
 * Bundles `source` (an entry module's text, whose imports are absolute paths) and measures it.
 * @param {string} source
 * @param {'neutral' | 'browser'} [platform]
 */
export async function bundleSize(source, platform = 'neutral') {
  const dir = await mkdtemp(path.join(tmpdir(), 'bundle-size-'));
  try {
    const entry = path.join(dir, 'entry.mjs');
    const file = path.join(dir, 'out.mjs');
    await writeFile(entry, source);
    await build({
      input: entry,
      platform,
      logLevel: 'silent',
      resolve: { mainFields: ['browser', 'module', 'main'] },
      output: { file, format: 'esm', minify: true },
    });
    const bytes = await readFile(file);
    return { minifiedBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The entries an app writes, against the client package in `packageDir`: what every app imports,
 * and that plus the per-Item helper and the error catalogue's advice, which it pulls in.
 */
export const clientEntries = (packageDir) => {
  const main = JSON.stringify(path.join(packageDir, 'dist', 'src', 'index.js'));
  return {
    'createPlaidClient + PlaidApiError': `export { createPlaidClient, PlaidApiError } from ${main};`,
    '… + summarizeRefresh, describeError (the advice)': `export { createPlaidClient, PlaidApiError, summarizeRefresh, describeError } from ${main};`,
  };
};

// The entry sits in a temp dir, where bare specifiers would not resolve: give them as paths.
const resolveFromRoot = (name) => createRequire(fromRepo('package.json')).resolve(name);

export async function benchBundleSizes() {
  const sizes = {};
  for (const [name, source] of Object.entries(clientEntries(path.dirname(clientDistDir)))) sizes[name] = await bundleSize(source);
  return {
    budget,
    ...sizes,
    'openapi-fetch alone': await bundleSize(`export { default } from ${JSON.stringify(resolveFromRoot('openapi-fetch'))};`),
    "Plaid's SDK": await bundleSize(
      `export { PlaidApi, Configuration } from ${JSON.stringify(resolveFromRoot('plaid'))};`,
      'browser',
    ).catch((error) => ({ error: String(error.message).split('\n')[0] })),
  };
}
