// What the build leaves and what `npm run check` prints, as a user of a fresh clone meets them.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { staged } from '../../scripts/staged.mjs';
import { repoRoot } from '../support/repo-copy.js';

test('a staged write leaves a published folder 0755 and its files 0644, as a web server or another user needs', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'staged-modes-'));
  try {
    const target = path.join(dir, 'docs');
    await staged([target], (stage) => writeFile(path.join(stage, 'index.html'), '<!doctype html>'));
    expect((await stat(target)).mode & 0o777).toBe(0o755);
    expect((await stat(path.join(target, 'index.html'))).mode & 0o777).toBe(0o644);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('biome check prints no deprecation notice about its own configuration', async () => {
  const output = await new Promise<string>((resolve) =>
    execFile(
      process.execPath,
      [path.join(repoRoot, 'node_modules/@biomejs/biome/bin/biome'), 'check', 'biome.jsonc'],
      { cwd: repoRoot },
      (_e, out, err) => resolve(`${out}${err}`),
    ),
  );
  expect(output).not.toMatch(/DEPRECATED|biome migrate/);
});
