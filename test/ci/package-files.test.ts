// The package carries what its own files import: every relative import in a packed file resolves
// to another packed file. (A file left out of package.json's `files` breaks `plaid-refresh mock`
// or `contract` only in a consumer's repo, long after the change.)
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from '../support/repo-copy.js';

const packedFiles = () =>
  new Promise<string[]>((resolve, reject) =>
    execFile('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, maxBuffer: 16 << 20 }, (error, stdout) =>
      error ? reject(error) : resolve((JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path)),
    ),
  );

const IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

test('every relative import of a packed file is packed too', async () => {
  const files = await packedFiles();
  const packed = new Set(files);
  const missing: string[] = [];
  for (const file of files.filter((f) => /\.(m?js|ts)$/.test(f) && !f.endsWith('.d.ts'))) {
    const source = await readFile(path.join(repoRoot, file), 'utf8');
    for (const [, specifier] of source.matchAll(IMPORT)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier!));
      // TypeScript sources import the .js their .ts compiles to.
      const candidates = [target, target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.d.ts')];
      if (!candidates.some((candidate) => packed.has(candidate))) missing.push(`${file} imports ${specifier}`);
    }
  }
  expect(missing).toEqual([]);
});
