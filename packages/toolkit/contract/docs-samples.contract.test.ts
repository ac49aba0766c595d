// The docs' curl sample for each operation, run as a reader would run it (with the mock's URL),
// gets the status the spec documents for success.
import { execFile } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { codeSamples } from '../lib/code-samples.mjs';
import { loadOperations } from '../lib/operations.mjs';
import { mode, prismUrl } from './context.js';
import { operations } from './support/spec-validator.js';

describe.runIf(mode === 'mock')("the docs' curl sample", () => {
  test.each(Object.keys(operations))('for %s gets its documented success status from the mock', async (operationId) => {
    const row = (await loadOperations()).operations.find((op) => op.operationId === operationId)!;
    const curl = codeSamples(row, { baseUrl: prismUrl }).find((sample) => sample.label === 'curl')!.source;
    const status = await new Promise<string>((resolve, reject) =>
      execFile(
        'sh',
        ['-c', `${curl} -s -o /dev/null -w '%{http_code}'`],
        { env: { ...process.env, PLAID_CLIENT_ID: 'docs_client', PLAID_SECRET: 'docs_secret_000000' } },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    const documented = Object.keys(operations[operationId]!.responses).find((s) => /^2\d\d$/.test(s));
    expect(status).toBe(documented);
  });
});
