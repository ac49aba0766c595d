// The README's pack command, on a copy with no compiled client: the client's `prepack` compiles
// it, so its tarball carries the JavaScript and the types, and the toolkit's carries the CLI.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { BUILDABLE, copyRepo, type RepoCopy } from '../support/repo-copy.js';

const run = promisify(execFile);
let copy: RepoCopy | undefined;
let out: string | undefined;
afterAll(async () => {
  await copy?.remove();
  if (out) await rm(out, { recursive: true, force: true });
});

test('npm pack --workspaces --include-workspace-root compiles the client and packs both', async () => {
  copy = await copyRepo([...BUILDABLE, 'bin']);
  await rm(path.join(copy.dir, 'packages/client/dist'), { recursive: true, force: true });
  out = await mkdtemp(path.join(tmpdir(), 'packed-'));
  const { stdout } = await run('npm', ['pack', '--workspaces', '--include-workspace-root', '--json', '--pack-destination', out], {
    cwd: copy.dir,
    maxBuffer: 16 << 20,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  const packed = Object.fromEntries(
    (JSON.parse(stdout.slice(stdout.indexOf('['))) as { name: string; filename: string; files: { path: string }[] }[]).map((p) => [
      p.name,
      { files: p.files.map((f) => f.path), tarball: path.join(out!, p.filename) },
    ]),
  );
  expect(packed['plaid-user-financial-data-refresh']?.files).toEqual(
    expect.arrayContaining(['dist/src/index.js', 'dist/src/index.d.ts', 'dist/generated/schema.d.ts', 'dist/generated/validators.js']),
  );
  expect(packed['plaid-user-financial-data-refresh-toolkit']?.files).toEqual(
    expect.arrayContaining(['bin/plaid-refresh.mjs', 'generated/openapi.json']),
  );
  for (const { tarball } of Object.values(packed)) expect(existsSync(tarball)).toBe(true);
}, 60_000);
