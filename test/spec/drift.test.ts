// `npm run check:generated`: regenerates from spec/ into a temp dir and compares with generated/.
// The committed tree and a hand-edited copy of generated/ are checked in-process; a spec/ edit
// needs a copy of the repo.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { checkGenerated } from '../../scripts/check-generated.mjs';
import { copyRepo, type RepoCopy, repoRoot } from '../support/repo-copy.js';

let copy: RepoCopy | undefined;
let edited: string | undefined;
afterEach(async () => {
  await copy?.remove();
  if (edited) await rm(edited, { recursive: true, force: true });
  copy = edited = undefined;
});

/** Runs a step in-process without its ✔/✘ lines: a failure this test expects is not a red line in a green run. */
async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const muted = [vi.spyOn(console, 'log').mockImplementation(() => {}), vi.spyOn(console, 'error').mockImplementation(() => {})];
  try {
    return await run();
  } finally {
    for (const spy of muted) spy.mockRestore();
  }
}

test("the toolkit's copy of generated/ is generated/, file for file (npm run build and generate write both)", async () => {
  const { readdir } = await import('node:fs/promises');
  const files = async (dir: string) =>
    Object.fromEntries(await Promise.all((await readdir(dir)).sort().map(async (f) => [f, await readFile(path.join(dir, f), 'utf8')])));
  expect(await files(path.join(repoRoot, 'packages/toolkit/generated'))).toEqual(await files(path.join(repoRoot, 'generated')));
});

test('a stale toolkit copy is brought up to date before the toolkit runs (npm run mock, contract, fuzz, load, bench), and a fresh one is left alone', async () => {
  copy = await copyRepo(['scripts', 'packages/toolkit', 'generated', 'package.json']);
  const stale = path.join(copy.dir, 'packages/toolkit/generated/openapi.json');
  await writeFile(stale, '{}');
  const first = await copy.run('scripts/toolkit-copy.mjs');
  expect(first.output).toContain('generated/ → packages/toolkit/generated');
  expect(await readFile(stale, 'utf8')).toBe(await readFile(path.join(repoRoot, 'generated/openapi.json'), 'utf8'));
  const second = await copy.run('scripts/toolkit-copy.mjs');
  expect([second.code, second.output]).toEqual([0, '']);
  const scripts = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')).scripts;
  for (const name of ['mock', 'contract', 'fuzz', 'load', 'bench'])
    expect(scripts[`pre${name}`], name).toBe('node scripts/toolkit-copy.mjs');
});

describe('npm run check:generated', () => {
  test('passes when generated/ matches spec/', async () => {
    await expect(quietly(() => checkGenerated())).resolves.toBeUndefined();
  });

  test('fails, naming the stale files, when spec/ changes and generated/ is not rebuilt', async () => {
    copy = await copyRepo();
    await copy.edit(
      'spec/components/schemas/RefreshResult.yaml',
      'The outcome of refreshing one product of one Item.',
      'The outcome of refreshing one product of one Item (edited).',
    );
    const { code, output } = await copy.run('scripts/check-generated.mjs');
    expect(code).toBe(1);
    expect(output).toContain('generated/ is stale against spec/');
    expect(output).toContain('openapi.yaml: differs');
    expect(output).toContain('schema.d.ts: differs');
    expect(output).toContain('npm run generate');
  });

  test('fails when a generated file was edited by hand', async () => {
    edited = await mkdtemp(path.join(tmpdir(), 'generated-edited-'));
    await cp(path.join(repoRoot, 'generated'), edited, { recursive: true });
    const client = path.join(edited, 'client.ts');
    await writeFile(client, (await readFile(client, 'utf8')).replace('createRawClient', 'createRawClientEdited'));
    await expect(quietly(() => checkGenerated(edited!))).rejects.toThrow(/client\.ts: differs[\s\S]*npm run generate/);
  });
});
