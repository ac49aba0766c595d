// Every operation of generated/operations.json, with no per-operation code: a valid call and each
// status × named example (mock). What the request schema, the security and the wire format imply
// is the probe table's (probes.contract.test.ts). A check that cannot apply to an operation says
// so as a skipped test with the reason in its name.

import { createPlaidClient, type OperationId, PlaidApiError } from 'plaid-user-financial-data-refresh';
import { describe, expect, test } from 'vitest';
import { exampleLabel, preferFor } from '../lib/operations.mjs';
import { credentials, mode, prismUrl, validBody } from './context.js';
import { recordingFetch } from './support/recording-fetch.js';
import { exampleValue } from './support/spec-examples.js';
import { expectMatchesSpec, operations } from './support/spec-validator.js';

async function callThroughClient(operationId: string, body: unknown, prefer?: string) {
  const recorder = recordingFetch();
  const client = createPlaidClient({ baseUrl: prismUrl, ...credentials, fetch: recorder.fetch, retry: { attempts: 1 } });
  const result = await client.call(operationId as OperationId, body as never, prefer ? { headers: { Prefer: prefer } } : {});
  if (recorder.exchanges.length === 0) throw new Error(`${operationId}: no response was received: ${result.error?.message}`);
  return { ...result, bodies: recorder.exchanges.map(expectMatchesSpec) };
}

describe.each(Object.keys(operations))('%s', (operationId) => {
  const operation = operations[operationId]!;

  test('a valid call gets a success the client accepts and the spec allows', async () => {
    const { data, error } = await callThroughClient(operationId, validBody(operationId));
    expect(error).toBeUndefined();
    expect(data).toBeDefined();
  });

  const examples = Object.entries(operation.responses).flatMap(([status, response]) =>
    response.examples.map((example) => [status, exampleLabel(example), example] as const),
  );
  const selectable = examples.filter(([status]) => status !== 'default');
  describe.runIf(mode === 'mock')('each status and named example, selected with Prefer', () => {
    test.each(selectable)('%s %s reaches the caller as the example says', async (status, _label, example) => {
      const sent = validBody(operationId);
      const { data, error, bodies } = await callThroughClient(operationId, sent, preferFor(status, example));
      const expected = { ...(exampleValue(example) as Record<string, unknown>) };
      // A success echoes what the request sent (`user_id`), as Plaid's does; an error does not.
      if (status.startsWith('2')) for (const field of Object.keys(expected)) if (field in sent) expected[field] = sent[field];
      expect(bodies[0]).toEqual(expected);
      if (status.startsWith('2')) {
        expect(error).toBeUndefined();
        expect(data).toEqual(expected);
      } else {
        expect(error).toBeInstanceOf(PlaidApiError);
        expect(error).toMatchObject({ status: Number(status), errorType: expected.error_type, errorCode: expected.error_code });
      }
    });
    for (const [status, name] of examples.filter(([s]) => s === 'default')) {
      test.skip(`${status} ${name}: Prism cannot select the default response by status; its examples are checked by lint`, () => {});
    }
  });
});
