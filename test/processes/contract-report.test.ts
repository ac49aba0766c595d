// `plaid-refresh contract --reporter junit`, as a provider's CI runs it: a JUnit file with one test
// case per check × operation, the broken check failed with the exchange, and no credential in it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checks } from '../../packages/toolkit/lib/checks.mjs';
import { referenceIdentity } from '../../packages/toolkit/lib/contract-identity.mjs';
import { startReferenceServer } from '../fixtures/reference-server.mjs';
import { runCli } from '../support/cli.js';

let server: { url: string; close(): Promise<void> };
let dir: string;
beforeAll(async () => {
  server = await startReferenceServer({ breakage: 'duplicate-item' });
  dir = await mkdtemp(path.join(tmpdir(), 'contract-report-'));
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

test('a JUnit report with a case per check × operation, the broken check failed with its exchange', async () => {
  const report = path.join(dir, 'contract.xml');
  const summary = path.join(dir, 'summary.md');
  const { code } = await runCli(['contract', '--upstream', server.url, '--rate', '200', '--reporter', 'junit', '--output', report], {
    env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: summary },
    timeout: 90_000,
  });
  expect(code).toBe(1);
  const xml = await readFile(report, 'utf8');
  const cases = [...xml.matchAll(/<testcase classname="([^"]+)" name="([^"]+)"/g)].map(([, op, check]) => `${op} ${check}`);
  expect(cases.sort()).toEqual(checks.map((c) => `userFinancialDataRefresh ${c.id}`).sort());
  expect(xml).toMatch(
    /<testcase classname="userFinancialDataRefresh" name="items_unique">\s*<failure message="exchange \d+ \(POST \/user\/financial_data\/refresh → 200\): results\[\d+\] repeats item/,
  );
  expect(xml).not.toContain(referenceIdentity.secret);
  expect(await readFile(summary, 'utf8')).toMatch(/\| `items_unique` \| userFinancialDataRefresh \| \d+ \| ✘ \d+ \|/);
}, 120_000);
