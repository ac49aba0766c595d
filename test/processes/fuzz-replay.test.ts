// The fuzzer as a provider's CI runs it: a failure printed by `plaid-refresh fuzz` replays alone,
// from the command line, by its seed and case.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { referenceIdentity } from '../../packages/toolkit/lib/contract-identity.mjs';
import { runFuzz } from '../../packages/toolkit/lib/fuzz.mjs';
import { startReferenceServer } from '../fixtures/reference-server.mjs';
import { repoRoot } from '../support/repo-copy.js';

let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  server = await startReferenceServer({ breakage: '422-for-invalid' });
});
afterAll(() => server.close());

test('a failure replays alone from the command line, by its seed and case', async () => {
  const report = await runFuzz({ url: server.url, seed: 7, count: 60, identity: referenceIdentity, realServer: true });
  const { index } = report.failures[0]!;
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve) =>
    execFile(
      process.execPath,
      [
        path.join(repoRoot, 'packages/toolkit/bin/plaid-refresh.mjs'),
        'fuzz',
        '--upstream',
        server.url,
        '--seed',
        '7',
        '--case',
        String(index),
      ],
      { env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, output: `${stdout}${stderr}` }),
    ),
  );
  expect(code, output).toBe(1);
  expect(output).toContain(`✘ case ${index} `);
  expect(output).toContain(`replay this case: npx --no -- plaid-refresh fuzz --upstream ${server.url} --seed 7 --case ${index}`);
  expect(output).toMatch(/1 cases in/);
}, 30_000);
