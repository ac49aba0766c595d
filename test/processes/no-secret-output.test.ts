// A server that echoes the secret back: `plaid-refresh contract` and `fuzz` find it (exit 1), and
// print their findings, the suite's failures and the reproduction curl without it, in any spelling.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { referenceIdentity } from '../../packages/toolkit/lib/contract-identity.mjs';
import { startReferenceServer } from '../fixtures/reference-server.mjs';
import { runCli } from '../support/cli.js';

const { secret } = referenceIdentity;
// The secret, its encodings, and the near misses the probes send (all of it but the last character).
const spellings = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), secret.slice(0, 8), secret.toUpperCase()];
let server: Awaited<ReturnType<typeof startReferenceServer>>;
beforeAll(async () => {
  server = await startReferenceServer({ breakage: 'echo-secret-in-request-id' });
});
afterAll(() => server?.close());

const env = { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: '' };

test.each([
  ['contract', ['contract', '--upstream', '', '--rate', '200']],
  ['fuzz', ['fuzz', '--upstream', '', '--cases', '40', '--seed', '5']],
])(
  'plaid-refresh %s reports the echo and prints no credential',
  async (_name, args) => {
    const { code, output } = await runCli(
      args.map((a) => (a === '' ? server.url : a)),
      { env, timeout: 90_000 },
    );
    expect(code, output.slice(-2000)).toBe(1);
    expect(output).toMatch(/no_credential_echo|credential/);
    for (const spelled of spellings) expect(output).not.toContain(spelled);
  },
  120_000,
);
