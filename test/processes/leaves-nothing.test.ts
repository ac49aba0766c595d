// Every command, and the test suite itself, run with a private TMPDIR: afterwards it is empty,
// nothing new sits in node_modules, and no staging directory is left in the repository.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../support/repo-copy.js';

let privateTmp: string;
let out: string;
let nodeModulesBefore: string[];
const listing = async (dir: string) => (await readdir(dir)).sort();

function run(command: string, args: string[], timeout = 120_000) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      command,
      args,
      { cwd: repoRoot, timeout, maxBuffer: 64 << 20, env: { ...process.env, TMPDIR: privateTmp, NO_COLOR: '1', CI: '' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

beforeAll(async () => {
  privateTmp = await mkdtemp(path.join(tmpdir(), 'private-tmp-'));
  out = await mkdtemp(path.join(tmpdir(), 'cli-out-'));
  nodeModulesBefore = await listing(path.join(repoRoot, 'node_modules'));
});
afterAll(async () => {
  await rm(privateTmp, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
});

const node = (script: string, ...args: string[]): [string, string[]] => [process.execPath, [path.join(repoRoot, script), ...args]];
const commands: [string, string, string[]][] = [
  ['npm run build', ...node('scripts/build.mjs')],
  ['npm run check:generated', ...node('scripts/check-generated.mjs')],
  ['npm run diff', ...node('scripts/diff.mjs')],
  ['plaid-refresh fuzz', ...node('packages/toolkit/bin/plaid-refresh.mjs', 'fuzz', '--cases', '30', '--seed', '3')],
  ['plaid-refresh lint', ...node('packages/toolkit/bin/plaid-refresh.mjs', 'lint', 'spec/openapi.yaml')],
  [
    'plaid-refresh generate',
    ...node('packages/toolkit/bin/plaid-refresh.mjs', 'generate', '--out', 'OUT/schema.d.ts', '--client', 'OUT/client.ts'),
  ],
  ['npm test', 'npm', ['test']],
];

describe('with a private TMPDIR', () => {
  test.each(commands)(
    '%s succeeds and leaves TMPDIR empty',
    async (_name, command, args) => {
      const { code, output } = await run(
        command,
        args.map((a) => a.replace('OUT', out)),
      );
      expect(code, output.slice(-3000)).toBe(0);
      expect(await listing(privateTmp)).toEqual([]);
      // A green run shows no red line: a failure a test expects stays inside that test.
      expect(output.split('\n').filter((line) => line.includes('✘'))).toEqual([]);
    },
    120_000,
  );

  test('nothing was written inside node_modules, nor left beside generated/ or either dist/', async () => {
    expect(await listing(path.join(repoRoot, 'node_modules'))).toEqual(nodeModulesBefore);
    expect(nodeModulesBefore.filter((name) => name.startsWith('.vite'))).toEqual([]);
    const staged = async (dir: string) => (await readdir(dir).catch(() => [])).filter((name) => name.includes('-staged-'));
    const beside = [repoRoot, path.join(repoRoot, 'dist'), path.join(repoRoot, 'packages', 'client')];
    expect((await Promise.all(beside.map(staged))).flat()).toEqual([]);
  });
});
