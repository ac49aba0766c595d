// Each package carries what its own files import. A file left out of `files` breaks
// `plaid-refresh mock` or `contract` only in a consumer's repo, long after the change; a bare import
// that is only a devDependency here breaks it the same way. So, for the toolkit (the root package)
// and the client (packages/client): every relative import of a packed file is packed too, and every
// package a packed file imports is one of that package's `dependencies`.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../support/repo-copy.js';

type Packed = { name: string; dir: string; files: string[]; dependencies: Record<string, string> };

async function pack(): Promise<Packed[]> {
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(
      'npm',
      ['pack', '--dry-run', '--json', '--ignore-scripts', '--workspaces', '--include-workspace-root'],
      { cwd: repoRoot, maxBuffer: 16 << 20 },
      (error, out) => (error ? reject(error) : resolve(out)),
    ),
  );
  const dirs: Record<string, string> = {};
  for (const dir of [repoRoot, path.join(repoRoot, 'packages/client')]) {
    dirs[JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')).name] = dir;
  }
  return Promise.all(
    (JSON.parse(stdout) as { name: string; files: { path: string }[] }[]).map(async ({ name, files }) => {
      const dir = dirs[name]!;
      const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
      return { name, dir, files: files.map((f) => f.path), dependencies: manifest.dependencies ?? {} };
    }),
  );
}

// The specifier of an import, an export-from, or a path resolved to spawn a tool's binary
// (`import.meta.resolve`, `require.resolve`); `${…}` is a template that writes code, not an import.
const IMPORT = /(?:from\s+|import\s*\(\s*|import\s+|resolve\(\s*)['"]([^'"$]+)['"]/g;
const builtins = new Set(builtinModules);
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

let packages: Packed[];
beforeAll(async () => {
  packages = await pack();
}, 30_000);

describe.each(['plaid-user-financial-data-refresh-toolkit', 'plaid-user-financial-data-refresh'])('%s', (name) => {
  const packed = () => packages.find((p) => p.name === name)!;

  test('every relative import of a packed file is packed too', async () => {
    const { dir, files } = packed();
    const inPackage = new Set(files);
    const missing: string[] = [];
    for (const file of files.filter((f) => /\.(m?js|ts)$/.test(f))) {
      for (const [, specifier] of (await readFile(path.join(dir, file), 'utf8')).matchAll(IMPORT)) {
        if (!specifier!.startsWith('.')) continue;
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier!));
        // TypeScript sources import the .js their .ts compiles to.
        const candidates = [target, target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.d.ts')];
        if (!candidates.some((candidate) => inPackage.has(candidate))) missing.push(`${file} imports ${specifier}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('every package a packed file imports is a dependency, not a devDependency', async () => {
    const { dir, files, dependencies } = packed();
    const undeclared: string[] = [];
    for (const file of files.filter((f) => /\.(m?js|ts)$/.test(f))) {
      for (const [, specifier] of (await readFile(path.join(dir, file), 'utf8')).matchAll(IMPORT)) {
        if (specifier!.startsWith('.') || specifier!.startsWith('node:') || builtins.has(specifier!)) continue;
        const dependency = packageOf(specifier!);
        if (dependency !== name && !(dependency in dependencies)) undeclared.push(`${file} imports ${specifier}`);
      }
    }
    expect(undeclared).toEqual([]);
  });
});

test('the client ships only its compiled code, and depends on openapi-fetch alone', () => {
  const client = packages.find((p) => p.name === 'plaid-user-financial-data-refresh')!;
  expect(client.files, 'no compiled client: run `npm run build` first').toContain('dist/src/index.js');
  expect(client.files.filter((f) => !f.startsWith('dist/') && f !== 'package.json' && f !== 'README.md')).toEqual([]);
  expect(Object.keys(client.dependencies)).toEqual(['openapi-fetch']);
});
