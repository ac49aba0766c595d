// Each package carries what its own files import. A file left out of `files` breaks
// `plaid-refresh mock` or `contract` only in a consumer's repo, long after the change; a bare import
// that is only a devDependency here breaks it the same way. So, for the toolkit (packages/toolkit)
// and the client (packages/client): every relative import of a packed file is packed too, and every
// package a packed file imports is one of that package's `dependencies`.
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { CLIENT, pack, TOOLKIT } from '../support/packed-packages.js';
import { repoRoot } from '../support/repo-copy.js';

type Packed = { name: string; dir: string; files: string[]; dependencies: Record<string, string> };
const packageDirs = [path.join(repoRoot, 'packages/toolkit'), path.join(repoRoot, 'packages/client')];
const manifest = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));

async function packed(): Promise<Packed[]> {
  const dirs: Record<string, string> = {};
  for (const dir of packageDirs) dirs[(await manifest(dir)).name] = dir;
  return Promise.all(
    (await pack()).map(async ({ name, files }) => {
      const dir = dirs[name]!;
      const { dependencies = {}, peerDependencies = {} } = await manifest(dir);
      // A peer dependency (msw, for the toolkit's /msw entry) is the consumer's to install.
      return { name, dir, files, dependencies: { ...dependencies, ...peerDependencies } };
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
  packages = await packed();
}, 30_000);

test("the names the docs, the banner and the tests use are the packages' own", async () => {
  expect(await Promise.all(packageDirs.map(async (dir) => (await manifest(dir)).name))).toEqual([TOOLKIT, CLIENT]);
});

test('the repository root is a private workspace of the two packages, so nothing else can be published from it', async () => {
  const root = await manifest(repoRoot);
  expect(root.private).toBe(true);
  expect(root.workspaces).toEqual(['packages/client', 'packages/toolkit']);
  expect(root.files).toBeUndefined();
});

test("in this repository the toolkit's contract suite tests this checkout: the client's source and the toolkit's own /msw", async () => {
  const { repositoryAliases } = await import('../../packages/toolkit/contract/vitest.config.js');
  expect(repositoryAliases).toEqual({
    [CLIENT]: path.join(repoRoot, 'src/index.ts'),
    [`${TOOLKIT}/msw`]: path.join(repoRoot, 'packages/toolkit/lib/msw.mjs'),
  });
});

describe.each([TOOLKIT, CLIENT])('%s', (name) => {
  const packed = () => packages.find((p) => p.name === name)!;

  test("its files are folders, and the tarball holds only them and npm's own (package.json, README.md)", async () => {
    const { dir, files } = packed();
    const folders: string[] = (await manifest(dir)).files;
    expect(folders.filter((entry) => !entry.endsWith('/'))).toEqual([]);
    const stray = files.filter(
      (file) => !['package.json', 'README.md'].includes(file) && !folders.some((folder) => file.startsWith(folder)),
    );
    expect(stray).toEqual([]);
  });

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

  test('every package a packed file imports is a dependency or a peer dependency, not a devDependency', async () => {
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
  const client = packages.find((p) => p.name === CLIENT)!;
  expect(client.files, 'no compiled client: run `npm run build` first').toContain('dist/src/index.js');
  expect(client.files.filter((f) => !f.startsWith('dist/') && f !== 'package.json' && f !== 'README.md')).toEqual([]);
  expect(Object.keys(client.dependencies)).toEqual(['openapi-fetch']);
});

test("every Redocly plugin the toolkit's redocly.yaml loads is packed (plaid-refresh lint uses that config)", async () => {
  const toolkit = packages.find((p) => p.name === TOOLKIT)!;
  expect(toolkit.files).toContain('lib/redocly.yaml');
  const config = await readFile(path.join(toolkit.dir, 'lib/redocly.yaml'), 'utf8');
  // A plugin's path is relative to the config's folder.
  const plugins = [...config.matchAll(/^plugins:\n((?: {2}- .+\n)+)/gm)].flatMap(([, list]) =>
    list!.split('\n').flatMap((line) => (line.trim() ? [path.posix.join('lib', line.replace(/^\s*-\s*/, ''))] : [])),
  );
  expect(plugins.length).toBeGreaterThan(0);
  for (const plugin of plugins) expect(toolkit.files).toContain(plugin);
});
