// The two packages as a consumer gets them: `npm pack` of the client (packages/client) and of the
// toolkit (packages/toolkit), plus what installing them costs.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { clientPackage, toolkitPackage } from '../../packages/toolkit/lib/package-names.mjs';
import { repoRoot } from './repo-copy.js';

const run = promisify(execFile);
// The names the docs and the mock banner print; package-files.test.ts holds them to the manifests.
export const CLIENT = clientPackage as 'plaid-user-financial-data-refresh';
export const TOOLKIT = toolkitPackage as 'plaid-user-financial-data-refresh-toolkit';

export const npm = (args: string[], cwd: string) =>
  run('npm', args, { cwd, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });

/** Installs from npm's cache where it can, then the registry; no install scripts run. */
export const npmInstall = (args: string[], cwd: string) =>
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...args], cwd);

export interface PackReport {
  name: string;
  filename: string;
  files: string[];
}

/**
 * `npm pack` of both packages from `cwd`: into `destination`, or only listed (`--dry-run`) without
 * one. Lifecycle scripts (the client's prepack) run only when asked.
 */
export async function pack({
  cwd = repoRoot,
  destination,
  runScripts = false,
}: {
  cwd?: string;
  destination?: string;
  runScripts?: boolean;
} = {}) {
  const where = destination === undefined ? ['--dry-run'] : ['--pack-destination', destination];
  const scripts = runScripts ? [] : ['--ignore-scripts'];
  const { stdout } = await npm(['pack', '--json', '--workspaces', ...where, ...scripts], cwd);
  // A prepack's own output comes before npm's JSON.
  const reports = JSON.parse(stdout.slice(stdout.indexOf('['))) as { name: string; filename: string; files: { path: string }[] }[];
  return reports.map(({ name, filename, files }): PackReport => ({ name, filename, files: files.map((f) => f.path) }));
}

export interface PackedPackage {
  tarball: string;
  files: string[];
}

/** Packs both packages into `dir`; from this repository, the build already compiled the client and copied generated/ into the toolkit, so prepack is skipped. */
export async function packPackages(
  dir: string,
  { cwd = repoRoot, runScripts = false }: { cwd?: string; runScripts?: boolean } = {},
): Promise<Record<typeof CLIENT | typeof TOOLKIT, PackedPackage>> {
  if (!runScripts && !existsSync(path.join(cwd, 'packages/client/dist/src/index.js')))
    throw new Error('packages/client/dist is missing: run `npm run build` first');
  if (!runScripts && !existsSync(path.join(cwd, 'packages/toolkit/generated/openapi.json')))
    throw new Error('packages/toolkit/generated is missing: run `npm run build` first');
  const packed = await pack({ cwd, destination: dir, runScripts });
  const find = (name: string) => {
    const found = packed.find((p) => p.name === name);
    if (!found) throw new Error(`npm pack made no ${name}`);
    return { tarball: path.join(dir, found.filename), files: found.files };
  };
  return { [CLIENT]: find(CLIENT), [TOOLKIT]: find(TOOLKIT) } as Record<typeof CLIENT | typeof TOOLKIT, PackedPackage>;
}

/** Every package under a node_modules (nested ones too), and the bytes of all its files. */
export async function footprint(nodeModules: string): Promise<{ packages: string[]; bytes: number }> {
  const packages: string[] = [];
  const packageDirs = async (dir: string): Promise<string[]> => {
    const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => !name.startsWith('.'));
    const scoped = await Promise.all(
      names.filter((n) => n.startsWith('@')).map(async (s) => (await readdir(path.join(dir, s))).map((n) => `${s}/${n}`)),
    );
    return [...names.filter((n) => !n.startsWith('@')), ...scoped.flat()];
  };
  const walkPackages = async (dir: string) => {
    for (const name of await packageDirs(dir)) {
      const manifest = path.join(dir, name, 'package.json');
      if (!existsSync(manifest)) continue;
      packages.push(`${name}@${JSON.parse(await readFile(manifest, 'utf8')).version}`);
      await walkPackages(path.join(dir, name, 'node_modules'));
    }
  };
  const size = async (target: string): Promise<number> => {
    const stat = await lstat(target);
    if (!stat.isDirectory()) return stat.size;
    const sizes = await Promise.all((await readdir(target)).map((name) => size(path.join(target, name))));
    return sizes.reduce((a, b) => a + b, 0);
  };
  await walkPackages(nodeModules);
  return { packages: packages.sort(), bytes: await size(nodeModules) };
}

export const describeFootprint = ({ packages, bytes }: { packages: string[]; bytes: number }) =>
  `${packages.length} packages, ${(bytes / 1_000_000).toFixed(2)} MB of node_modules`;
