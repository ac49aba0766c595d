// The one edit a maintainer makes most: a new optional request field, with an example, in spec/
// only. Nothing else may need a hand edit: `npm test` stays green, and the reference server (which
// judges requests from the spec) enforces the new field's type, so the contract run against it
// passes, including its "wrong type gets a 400" case for the new field.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { npmScriptArgs } from '../../packages/toolkit/lib/vitest-run.mjs';
import { copyRepo, type RepoCopy, WHOLE } from '../support/repo-copy.js';

const SCHEMA = 'spec/components/schemas/UserFinancialDataRefreshRequest.yaml';
let copy: RepoCopy;

beforeAll(async () => {
  copy = await copyRepo(WHOLE);
  await copy.edit(
    SCHEMA,
    '\nproperties:\n',
    `\nproperties:\n  nickname:\n    type: string\n    description: A label of your own for this refresh.\n    example: nightly\n`,
  );
  const build = await copy.run('scripts/build.mjs');
  if (build.code !== 0) throw new Error(`npm run build failed in the copy:\n${build.output}`);
}, 60_000);
afterAll(() => copy?.remove());

test('the new field reaches the operations table', async () => {
  const table = JSON.parse(await readFile(path.join(copy.dir, 'generated/operations.json'), 'utf8'));
  expect(table.userFinancialDataRefresh.request.properties).toContain('nickname');
});

test('npm test passes with no other edit', async () => {
  // Exactly what `npm test` runs in the copy, as its package.json says.
  const env = { CI: '1', NO_COLOR: '1', CONTRACT_UPSTREAM: '' };
  const { code, output } = await copy.run('node_modules/vitest/vitest.mjs', ...npmScriptArgs(copy.dir), env);
  expect(code, output.slice(-4000)).toBe(0);
}, 120_000);

test('the contract run against the reference server passes, and tried the new field with the wrong type', async () => {
  const { startReferenceServer } = await import(path.join(copy.dir, 'test/fixtures/reference-server.mjs'));
  const server = await startReferenceServer();
  try {
    const { code, output, cases } = await copy.contract(server.url);
    expect(code, output.slice(-4000)).toBe(0);
    const passed = cases.filter((c) => c.status === 'passed');
    expect(passed.some((c) => c.fullName.includes('schema · nickname · type: nickname as'))).toBe(true);
  } finally {
    await server.close();
  }
}, 120_000);
