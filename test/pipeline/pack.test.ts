// The README's pack command, on a copy with no compiled client: the client's `prepack` compiles
// it, so its tarball carries the JavaScript and the types, and the toolkit's carries the CLI.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { CLIENT, packPackages, TOOLKIT } from '../support/packed-packages.js';
import { BUILDABLE, copyRepo, type RepoCopy } from '../support/repo-copy.js';

let copy: RepoCopy | undefined;
let out: string | undefined;
afterAll(async () => {
  await copy?.remove();
  if (out) await rm(out, { recursive: true, force: true });
});

test('npm pack --workspaces compiles the client and packs both', async () => {
  copy = await copyRepo(BUILDABLE);
  await rm(path.join(copy.dir, 'packages/client/dist'), { recursive: true, force: true });
  out = await mkdtemp(path.join(tmpdir(), 'packed-'));
  const packed = await packPackages(out, { cwd: copy.dir, runScripts: true });
  expect(packed[CLIENT].files).toEqual(
    expect.arrayContaining(['dist/src/index.js', 'dist/src/index.d.ts', 'dist/generated/schema.d.ts', 'dist/generated/validators.js']),
  );
  expect(packed[TOOLKIT].files).toEqual(expect.arrayContaining(['bin/plaid-refresh.mjs', 'generated/openapi.json']));
  for (const { tarball } of Object.values(packed)) expect(existsSync(tarball)).toBe(true);
}, 60_000);
