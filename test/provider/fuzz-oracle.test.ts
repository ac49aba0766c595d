// The fuzzer must be able to fail: pointed straight at a server that breaks the contract, it
// reports the broken cases, with the seed to replay them.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { referenceIdentity } from '../../packages/toolkit/lib/contract-identity.mjs';
import { runFuzz } from '../../packages/toolkit/lib/fuzz.mjs';
import { startReferenceServer } from '../fixtures/reference-server.mjs';

let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  server = await startReferenceServer({ breakage: '422-for-invalid' });
});
afterAll(() => server.close());

test('reports every case a server answers with 422 instead of 400', async () => {
  const identity = referenceIdentity;
  const report = await runFuzz({ url: server.url, seed: 7, count: 60, identity, realServer: true });
  expect(report.failures.length).toBeGreaterThan(0);
  expect(report.failures.every((f) => f.seed === 7 && ['refuse', 'deny'].includes(f.expected) && f.problem.includes('422'))).toBe(true);
});

test("each failure's curl, run as printed, gets the same wrong answer from the server", async () => {
  const report = await runFuzz({ url: server.url, seed: 7, count: 60, identity: referenceIdentity, realServer: true });
  // One that carried the secret, to see it replaced by the variable in the curl.
  const failure = report.failures.find((f) => f.curl.includes('$PLAID_SECRET'))!;
  expect(failure.curl).toContain('$PLAID_SECRET');
  expect(failure.curl).not.toContain(referenceIdentity.secret);
  const output = await new Promise<string>((resolve) =>
    execFile(
      'sh',
      ['-c', failure.curl],
      { env: { ...process.env, PLAID_CLIENT_ID: referenceIdentity.clientId, PLAID_SECRET: referenceIdentity.secret } },
      (_error, stdout) => resolve(stdout),
    ),
  );
  expect(output).toMatch(/^HTTP\/1\.1 422 /);
});
