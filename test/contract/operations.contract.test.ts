// Every operation of generated/operations.json, with no per-operation code: a valid call, each
// status × named example (mock), and the invalid requests its request schema implies. A check
// that cannot apply to an operation says so as a skipped test with the reason in its name.

import { createPlaidClient, type OperationId, PlaidApiError } from 'plaid-user-financial-data-refresh';
import { describe, expect, test } from 'vitest';
import { exampleLabel, preferFor } from '../../scripts/operations.mjs';
import { recordingFetch } from '../support/recording-fetch.js';
import { exampleValue, requestShape } from '../support/spec-examples.js';
import { expectMatchesSpec, operations } from '../support/spec-validator.js';
import { credentials, mode, prismUrl, rawRequest, validBody } from './context.js';

async function callThroughClient(operationId: string, body: unknown, prefer?: string) {
  const recorder = recordingFetch();
  const client = createPlaidClient({ baseUrl: prismUrl, ...credentials, fetch: recorder.fetch, retry: { attempts: 1 } });
  const result = await client.call(operationId as OperationId, body as never, prefer ? { headers: { Prefer: prefer } } : {});
  if (recorder.exchanges.length === 0) throw new Error(`${operationId}: no response was received: ${result.error?.message}`);
  return { ...result, bodies: recorder.exchanges.map(expectMatchesSpec) };
}

/** The invalid requests a request schema implies: each must get a 400 INVALID_REQUEST PlaidError. */
function invalidRequests(operationId: string): [string, string, Record<string, string>][] {
  const request = operations[operationId]!.request;
  const body = validBody(operationId);
  const cases: [string, string, Record<string, string>][] = [
    ['a body that is not JSON', `${JSON.stringify(body).slice(0, -1)},`, {}],
    ['a JSON array instead of an object', JSON.stringify([body]), {}],
    [
      'the wrong content type',
      new URLSearchParams(body as Record<string, string>).toString(),
      { 'Content-Type': 'application/x-www-form-urlencoded' },
    ],
  ];
  if (!request) return cases;
  const shape = requestShape(request.schema);
  const properties = shape.properties as Record<string, { type?: string; minLength?: number }>;
  for (const field of request.required) {
    const { [field]: _dropped, ...rest } = body;
    cases.push([`a missing ${field}`, JSON.stringify(rest), {}]);
  }
  for (const [field, property] of Object.entries(properties)) {
    if (field === 'client_id' || field === 'secret') continue;
    if (property.type === 'string') cases.push([`a ${field} of the wrong type`, JSON.stringify({ ...body, [field]: 42 }), {}]);
    if (property.minLength) cases.push([`a ${field} shorter than minLength`, JSON.stringify({ ...body, [field]: '' }), {}]);
  }
  if (shape.closed) cases.push(['an unknown field', JSON.stringify({ ...body, not_in_the_spec: 'x' }), {}]);
  return cases;
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

  test('a valid request sent as application/json; charset=utf-8 (the parameter is allowed) gets a success', async () => {
    const { status, why } = await rawRequest(operation.method, operation.path, JSON.stringify(validBody(operationId)), {
      'Content-Type': 'application/json; charset=utf-8',
    });
    expect(status >= 200 && status < 300, why).toBe(true);
  });

  // Values a server must answer as the spec allows, whatever they mean to it: every string field of
  // the request schema gets each (a success, or a PlaidError, never a crash).
  const strings = Object.entries(requestShape(operation.request?.schema ?? '').properties as Record<string, { type?: string }>)
    .filter(([field, property]) => property.type === 'string' && field !== 'client_id' && field !== 'secret')
    .flatMap(([field]) => [
      [field, 'non-ASCII characters', 'usr_ü_日本_😀'],
      [field, 'control characters', 'usr_\u0000\u001f\t'],
      [field, 'a value of 10 kB', `usr_${'x'.repeat(10_000)}`],
    ]);
  describe.runIf(strings.length > 0)('boundary values of its string fields', () => {
    test.each(strings)('a %s with %s is answered as the spec allows', async (field, _what, value) => {
      const { status, why } = await rawRequest(
        operation.method,
        operation.path,
        JSON.stringify({ ...validBody(operationId), [field]: value }),
      );
      expect((status >= 200 && status < 300) || status === 400, why).toBe(true);
    });
  });

  describe('an invalid request', () => {
    test.each(invalidRequests(operationId))('with %s gets a 400 INVALID_REQUEST Plaid error', async (_name, body, headers) => {
      const { status, parsed, why } = await rawRequest(operation.method, operation.path, body, headers);
      expect(status, why).toBe(400);
      expect(parsed.error_type, why).toBe('INVALID_REQUEST');
    });
  });
});
