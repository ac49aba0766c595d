// The client as a browser or edge app ships it: bundled by rolldown (the bundler vite uses),
// tree-shaken and minified; its size raw and gzipped, beside openapi-fetch alone and Plaid's SDK.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'rolldown';
import { fromRoot } from '../step.mjs';

/**
 * Bundles `source` (an entry module's text) and measures it.
 * @param {string} source
 * @param {'neutral' | 'browser'} [platform]
 */
async function measure(source, platform = 'neutral') {
  const dir = await mkdtemp(path.join(tmpdir(), 'bundle-size-'));
  try {
    const entry = path.join(dir, 'entry.ts');
    const file = path.join(dir, 'out.mjs');
    await writeFile(entry, source);
    await build({
      input: entry,
      cwd: fromRoot(),
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

// The entry sits in a temp dir, where bare specifiers would not resolve: give them as paths.
const resolveFromRoot = (name) => createRequire(fromRoot('package.json')).resolve(name);

/** The budget the client must stay within (issue 13). */
export const budget = { minifiedBytes: 40_000, gzipBytes: 10_000 };

export async function clientBundleSize() {
  // What an app imports: the client factory, its error class and the per-Item helper.
  return measure(`export { createPlaidClient, PlaidApiError, summarizeRefresh } from ${JSON.stringify(fromRoot('src', 'index.ts'))};`);
}

export async function benchBundleSizes() {
  return {
    budget,
    createPlaidClient: await clientBundleSize(),
    'openapi-fetch alone': await measure(`export { default } from ${JSON.stringify(resolveFromRoot('openapi-fetch'))};`),
    "Plaid's SDK": await measure(`export { PlaidApi, Configuration } from ${JSON.stringify(resolveFromRoot('plaid'))};`, 'browser').catch(
      (error) => ({
        error: String(error.message).split('\n')[0],
      }),
    ),
  };
}
