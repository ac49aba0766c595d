// The client bundled by a real bundler (rolldown, as vite uses it) into one ESM file, for tests
// that run it in another process or runtime. Built once per process.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'rolldown';

const root = path.resolve(import.meta.dirname, '../..');
let built: Promise<{ file: string; dir: string }> | undefined;

export async function bundleClient({ minify = false } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'plaid-client-bundle-'));
  const file = path.join(dir, 'client.mjs');
  await build({
    input: path.join(root, 'src/index.ts'),
    platform: 'neutral',
    logLevel: 'silent',
    output: { file, format: 'esm', minify },
  });
  return { file, dir, source: await readFile(file, 'utf8') };
}

/** One unminified bundle shared by the tests of a file; remove it with `removeClientBundle`. */
export const clientBundle = () => (built ??= bundleClient());
export const removeClientBundle = async () => {
  if (built) await rm((await built).dir, { recursive: true, force: true });
  built = undefined;
};
