// Provider verification: the contract suite, run as `npm run contract -- --upstream URL`, passes
// against the reference server and fails, naming the violation, against each broken variant.
import { afterAll, describe, expect, test } from 'vitest';
import { runContract } from '../../scripts/contract.mjs';
import { startReferenceServer } from '../fixtures/reference-server.mjs';

const servers: { close(): Promise<void> }[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function contractAgainst(breakage?: string) {
  const server = await startReferenceServer({ breakage });
  servers.push(server);
  const child = runContract({ upstream: server.url, stdio: 'pipe' });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  // Colour codes would split the phrases we look for.
  return { code, output: output.replace(/\x1b\[[0-9;]*m/g, '') };
}

// The four runs start together: each is a separate vitest + Prism, mostly waiting on I/O.
const runs = {
  reference: contractAgainst(),
  dropsRequestId: contractAgainst('drop-request-id'),
  lowercaseErrorType: contractAgainst('lowercase-error-type'),
  answers422: contractAgainst('422-for-invalid'),
};

describe('the contract suite through the validating proxy', { timeout: 60_000 }, () => {
  test('passes against the reference server', async () => {
    const { code, output } = await runs.reference;
    expect(output).toMatch(/Prism proxy → http:\/\/127\.0\.0\.1:\d+/);
    expect(output, output).toMatch(/Tests\s+\d+ passed/);
    expect(code, output).toBe(0);
  });

  test('fails against a server that drops request_id, naming it', async () => {
    const { code, output } = await runs.dropsRequestId;
    expect(code).toBe(1);
    expect(output).toContain("must have required property 'request_id'");
  });

  test('fails against a server that sends error_type in lower case, naming it', async () => {
    const { code, output } = await runs.lowercaseErrorType;
    expect(code).toBe(1);
    expect(output).toMatch(/error_type must match pattern/);
  });

  test('fails against a server that answers invalid requests with 422, naming the status', async () => {
    const { code, output } = await runs.answers422;
    expect(code).toBe(1);
    expect(output).toMatch(/expected 422 to be 400/);
  });
});
