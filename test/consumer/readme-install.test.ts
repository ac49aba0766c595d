// The README's install block, run as written in a fresh repository (with `~` a fresh home), and
// every spelling of the CLI that the README, the templates and the docs page show, run in that
// repository: each must reach plaid-refresh, not npm.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../support/repo-copy.js';

let home: string;
let consumer: string;
let npmCache: string;

const sh = (script: string, cwd: string) =>
  new Promise<{ code: number; output: string }>((resolve) =>
    execFile(
      'sh',
      ['-c', script],
      {
        cwd,
        maxBuffer: 32 << 20,
        env: {
          ...process.env,
          HOME: home,
          npm_config_cache: npmCache,
          npm_config_prefer_offline: 'true',
          npm_config_audit: 'false',
          npm_config_fund: 'false',
          npm_config_update_notifier: 'false',
          NO_COLOR: '1',
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    ),
  );

/** The README's fenced sh block that installs the packages, by where each part runs. */
async function installBlock() {
  const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map(([, body]) => body!).find((body) => body.includes('--pack-destination'));
  if (!block) throw new Error('README: no install block with npm pack --pack-destination');
  const parts: { where: 'checkout' | 'repository'; lines: string[] }[] = [];
  for (const line of block.trim().split('\n')) {
    if (line.startsWith('# In a checkout')) parts.push({ where: 'checkout', lines: [] });
    else if (line.startsWith('# In your repository')) parts.push({ where: 'repository', lines: [] });
    else if (!line.startsWith('#')) parts.at(-1)?.lines.push(line);
  }
  return parts;
}

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'readme-home-'));
  npmCache = (await sh('npm config get cache', repoRoot)).output.trim();
  consumer = path.join(home, 'your-repo');
  await mkdir(consumer);
  await writeFile(path.join(consumer, 'package.json'), JSON.stringify({ name: 'your-repo', private: true, type: 'module' }));
}, 30_000);
afterAll(() => rm(home, { recursive: true, force: true }));

describe("the README's install block, as written", { timeout: 240_000 }, () => {
  test('installs both packages from the tarballs and generates the types', async () => {
    const parts = await installBlock();
    expect(parts.map((p) => p.where)).toEqual(['checkout', 'repository']);
    for (const { where, lines } of parts) {
      for (const line of lines) {
        const { code, output } = await sh(line, where === 'checkout' ? repoRoot : consumer);
        expect(code, `${line}\n${output.slice(-2000)}`).toBe(0);
      }
    }
    expect((await readdir(path.join(home, 'plaid-packages'))).length).toBe(2);
    expect(existsSync(path.join(consumer, 'src/plaid/schema.d.ts'))).toBe(true);
    const manifest = JSON.parse(await readFile(path.join(consumer, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies)).toEqual(['plaid-user-financial-data-refresh']);
    expect(Object.keys(manifest.devDependencies)).toEqual(['plaid-user-financial-data-refresh-toolkit']);
  });

  test('every spelling of the CLI shown in the README, the templates and the docs reaches plaid-refresh', async () => {
    const sources = [
      'README.md',
      ...(await readdir(path.join(repoRoot, 'ci-templates'))).map((f) => `ci-templates/${f}`),
      'dist/docs/index.html',
    ];
    const spellings = new Set<string>();
    for (const source of sources) {
      const text = await readFile(path.join(repoRoot, source), 'utf8').catch(() => '');
      for (const [, prefix, command] of text.matchAll(/((?:npx[^\n`'"]*?\s)?plaid-refresh)\s+(\w+)/g)) {
        if (!/^(generate|mock|wait|contract|lint|help)$/.test(command!)) continue;
        spellings.add(`${prefix} ${command}`);
      }
    }
    expect([...spellings].some((s) => s.startsWith('npx --no -- plaid-refresh'))).toBe(true);
    for (const spelling of spellings) {
      // `--no` never fetches a package of that name; `--` keeps every later flag for plaid-refresh.
      if (spelling.startsWith('npx')) expect(spelling).toMatch(/^npx --no -- plaid-refresh /);
      const cli = spelling.startsWith('npx') ? spelling : `npx --no -- ${spelling}`;
      const { code, output } = await sh(`${cli} --help`, consumer);
      expect(code, `${cli} --help\n${output}`).toBe(0);
      expect(output, `${cli} --help printed someone else's help`).toMatch(/plaid-refresh/);
      expect(output).not.toMatch(/npm exec|Run a command from a local or remote npm package/);
    }
  });

  test('plaid-refresh help and npx --no -- plaid-refresh --help print the command list', async () => {
    for (const cli of ['npx --no -- plaid-refresh help', 'npx --no -- plaid-refresh --help']) {
      const { code, output } = await sh(cli, consumer);
      expect(code).toBe(0);
      expect(output).toMatch(/usage: plaid-refresh <command>/);
    }
  });
});
