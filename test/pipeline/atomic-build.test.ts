// A failed build or generate leaves generated/ (and dist/) byte-for-byte as they were; generate
// refuses a spec that fails lint unless forced.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copyRepo, type RepoCopy } from '../support/repo-copy.js';

/** Every file under `dir`, with its hash, and no stray staging directory beside it. */
async function snapshot(dir: string) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const hashes = await Promise.all(
    files.map(async (f) => [
      path.relative(dir, f),
      createHash('sha256')
        .update(await readFile(f))
        .digest('hex'),
    ]),
  );
  return Object.fromEntries(hashes.sort());
}
const leftovers = async (dir: string) => (await readdir(dir)).filter((name) => name.includes('-staged-'));

let copy: RepoCopy;
beforeAll(async () => {
  copy = await copyRepo(['spec', 'scripts', 'packages/toolkit', 'generated', 'redocly.yaml', 'package.json']);
  // A spec that still bundles but fails lint: an example that breaks its schema.
  await copy.edit('spec/components/examples/NoItems.yaml', 'results: []', 'results: none');
});
afterAll(() => copy?.remove());

describe('with a spec that fails lint', () => {
  test.each([
    ['npm run build fails', 'scripts/build.mjs', 'no-invalid-media-type-examples'],
    ['npm run generate refuses it', 'scripts/generate.mjs', '✘ lint spec/'],
  ])('%s and leaves generated/ as it was', async (_name, script, finding) => {
    const before = await snapshot(path.join(copy.dir, 'generated'));
    const { code, output } = await copy.run(script);
    expect(code, output).toBe(1);
    expect(output).toContain(finding);
    expect(await snapshot(path.join(copy.dir, 'generated'))).toEqual(before);
    expect(await leftovers(copy.dir)).toEqual([]);
  });

  test('npm run generate -- --force writes it anyway', async () => {
    const { code, output } = await copy.run('scripts/generate.mjs', '--force');
    expect(code, output).toBe(0);
    expect(await readFile(path.join(copy.dir, 'generated/openapi.yaml'), 'utf8')).toContain('results: none');
  });

  test('an unknown flag gets one line and exit 2', async () => {
    const { code, output } = await copy.run('scripts/generate.mjs', '--frce');
    expect(code).toBe(2);
    expect(output.trim().split('\n')).toHaveLength(1);
  });
});
