import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPlaidClient, PlaidTransportError } from '../../src/index.js';
import { hang, json, type ScriptedServer, startScriptedServer, text } from '../support/scripted-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(() => server.close());

const client = (extra = {}) =>
  createPlaidClient({ baseUrl: server.url, clientId: 'client_1', secret: 'secret_0123456789abcdef', retry: { attempts: 1 }, ...extra });

describe('transport errors', () => {
  test('a timeout aborts the request and does not hang', async () => {
    server.script(hang);
    const started = performance.now();
    const { error } = await client({ timeoutMs: 80 }).refreshUserFinancialData({ user_id: 'u' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(PlaidTransportError);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(error?.message).toContain('80 ms');
  });

  test('a refused connection is a network error naming the cause and the origin', async () => {
    const closed = await startScriptedServer();
    await closed.close();
    const { error } = await createPlaidClient({
      baseUrl: `${closed.url}/base/path`,
      clientId: 'client_1',
      secret: 'secret_0123456789abcdef',
      retry: { attempts: 1 },
    }).refreshUserFinancialData({ user_id: 'u' });
    expect(error).toMatchObject({ kind: 'network' });
    expect(error?.message).toContain('ECONNREFUSED');
    expect(error?.message).toContain(`connecting to ${closed.url}:`);
    expect(error?.message).not.toContain('/base/path');
  });

  test('a caller abort is reported as aborted, not as a timeout', async () => {
    server.script(hang);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const { error } = await client().refreshUserFinancialData({ user_id: 'u' }, { signal: controller.signal });
    expect(error).toMatchObject({ kind: 'aborted' });
  });

  test('a 200 whose body breaks the schema is invalid_response, naming the field', async () => {
    server.script(json(200, { request_id: 'r', user_id: 'u', results: [{ item_id: 7, product: 'transactions' }] }));
    const { data, error } = await client().refreshUserFinancialData({ user_id: 'u' });
    expect(data).toBeUndefined();
    expect(error).toMatchObject({ kind: 'invalid_response', status: 200 });
    expect(error?.message).toContain('/results/0/item_id must be string');
  });

  test('a 200 missing request_id is invalid_response', async () => {
    server.script(json(200, { user_id: 'u', results: [] }));
    const { error } = await client().refreshUserFinancialData({ user_id: 'u' });
    expect(error?.message).toContain("must have required property 'request_id'");
  });

  test('a 200 that is not JSON is invalid_response', async () => {
    server.script(text(200, 'OK', 'text/plain'));
    const { error } = await client().refreshUserFinancialData({ user_id: 'u' });
    expect(error).toMatchObject({ kind: 'invalid_response', status: 200 });
    expect(error?.message).toContain('not JSON');
  });

  test('a 400 whose JSON body is not a Plaid error is invalid_response', async () => {
    server.script(json(400, { type: 'https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY', status: 422 }));
    const { error } = await client().refreshUserFinancialData({ user_id: 'u' });
    expect(error).toMatchObject({ kind: 'invalid_response', status: 400 });
    expect(error?.message).toContain('PlaidError schema');
  });
});
