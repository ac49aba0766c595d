import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPlaidClient, PlaidApiError, PlaidConfigError, type RetryEvent } from '../../src/index.js';
import { type Handler, hang, json, plaidError, reset, type ScriptedServer, startScriptedServer, text } from '../support/scripted-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(() => server.close());

const ok = json(200, { request_id: 'r', user_id: 'u', results: [] });

describe('credentials', () => {
  test('go in the PLAID-CLIENT-ID, PLAID-SECRET and Plaid-Version headers by default', async () => {
    server.script(ok);
    await createPlaidClient({ baseUrl: server.url, clientId: 'client_1', secret: 'secret_1234567890' }).refreshUserFinancialData({
      user_id: 'u',
    });
    const [request] = server.received;
    expect(request?.headers).toMatchObject({
      'plaid-client-id': 'client_1',
      'plaid-secret': 'secret_1234567890',
      'plaid-version': '2020-09-14',
    });
    expect(JSON.parse(request!.body)).toEqual({ user_id: 'u' });
  });

  test('go in the JSON body when credentialsIn is body, with only Plaid-Version as a header', async () => {
    server.script(ok);
    await createPlaidClient({
      baseUrl: server.url,
      clientId: 'client_1',
      secret: 'secret_1234567890',
      credentialsIn: 'body',
      plaidVersion: '2020-09-14',
    }).refreshUserFinancialData({ user_id: 'u' });
    const [request] = server.received;
    expect(request?.headers['plaid-secret']).toBeUndefined();
    expect(request?.headers['plaid-client-id']).toBeUndefined();
    expect(request?.headers['plaid-version']).toBe('2020-09-14');
    expect(JSON.parse(request!.body)).toEqual({ user_id: 'u', client_id: 'client_1', secret: 'secret_1234567890' });
  });
});

describe('the secret canary', () => {
  const CANARY = 'CANARY-secret-7f3a9c1e5b2d4806';
  const echo = (status: number): Handler =>
    json(
      status,
      plaidError(status, 'INVALID_INPUT', 'INVALID_API_KEYS', {
        error_message: `bad secret ${CANARY}`,
        causes: [
          { item_id: 'item_1', error_type: 'ITEM_ERROR', error_code: 'ITEM_LOGIN_REQUIRED', error_message: CANARY, display_message: null },
        ],
      }),
    );

  const paths: [string, Handler, Record<string, unknown>, string][] = [
    ['a Plaid error that echoes the secret', echo(400), {}, 'plaid'],
    [
      'a retried 500 that echoes the secret',
      json(500, plaidError(500, 'API_ERROR', 'INTERNAL_SERVER_ERROR', { error_message: CANARY })),
      {},
      'plaid',
    ],
    ['an HTML 502 that echoes the secret', text(502, `<pre>${CANARY}</pre>`), {}, 'invalid_response'],
    ['a 200 that breaks the schema and echoes the secret', json(200, { request_id: CANARY, results: CANARY }), {}, 'invalid_response'],
    ['a 200 that is not JSON and echoes the secret', text(200, CANARY, 'text/plain'), {}, 'invalid_response'],
    // Long enough that a loaded CI machine still gets the request out before the deadline.
    ['a timeout', hang, { timeoutMs: 250 }, 'timeout'],
    ['a connection reset', reset, {}, 'network'],
    ['credentials in the body and a Plaid error', echo(400), { credentialsIn: 'body' }, 'plaid'],
  ];

  test.each(paths)('never appears in the error, its JSON, its inspection or retry events: %s', async (_name, handler, extra, kind) => {
    server.script(handler);
    const events: RetryEvent[] = [];
    const client = createPlaidClient({
      baseUrl: server.url,
      clientId: 'client_1',
      secret: CANARY,
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      onRetry: (e) => events.push(e),
      ...extra,
    });
    const { error } = await client.refreshUserFinancialData({ user_id: 'u' });
    expect(error?.kind).toBe(kind);
    const surfaces = [
      String(error),
      error!.stack,
      JSON.stringify(error),
      inspect(error, { depth: Infinity, showHidden: true }),
      JSON.stringify(events),
      inspect(client, { depth: Infinity }),
    ];
    for (const surface of surfaces) expect(surface).not.toContain(CANARY);
    // The canary was really sent, so a clean error is not an accident of it never leaving.
    expect(JSON.stringify(server.received)).toContain(CANARY);
  });

  test('never appears in a configuration error', () => {
    const attempt = () => createPlaidClient({ environment: 'staging' as never, clientId: 'client_1', secret: CANARY });
    expect(attempt).toThrow(PlaidConfigError);
    try {
      attempt();
    } catch (error) {
      expect(inspect(error, { depth: Infinity })).not.toContain(CANARY);
    }
  });

  test('is redacted from a Plaid error body but the rest of it is kept', async () => {
    server.script(echo(400));
    const { error } = await createPlaidClient({
      baseUrl: server.url,
      clientId: 'client_1',
      secret: CANARY,
      retry: { attempts: 1 },
    }).refreshUserFinancialData({ user_id: 'u' });
    expect(error).toBeInstanceOf(PlaidApiError);
    const body = (error as PlaidApiError).body;
    expect(body.error_message).toBe('bad secret [REDACTED]');
    expect(body.causes?.[0]).toMatchObject({ item_id: 'item_1', error_message: '[REDACTED]' });
  });
});

describe('per-call headers', () => {
  test.each([
    ['a name with a space', { 'X Bad': '1' }],
    ['a credential name with a trailing space', { 'PLAID-SECRET ': 'other' }],
    ['a value with a line break', { Prefer: 'code=429\r\nX-Injected: 1' }],
  ])('%s is a typed invalid_request: nothing is sent, nothing retried', async (_name, headers) => {
    server.script(ok, ok, ok);
    const client = createPlaidClient({ baseUrl: server.url, clientId: 'client_1', secret: 'secret_1234567890' });
    const { error } = await client.refreshUserFinancialData({ user_id: 'u' }, { headers });
    expect(error).toMatchObject({ kind: 'invalid_request' });
    expect(error?.message).toMatch(/per-call header/);
    expect(server.received).toHaveLength(0);
  });

  test("reach the server, e.g. Prism's Prefer", async () => {
    server.script(ok);
    await createPlaidClient({ baseUrl: server.url, clientId: 'client_1', secret: 'secret_1234567890' }).refreshUserFinancialData(
      { user_id: 'u' },
      { headers: { Prefer: 'code=429' } },
    );
    expect(server.received[0]?.headers.prefer).toBe('code=429');
  });

  test('never replace the configured credentials', async () => {
    server.script(ok);
    await createPlaidClient({ baseUrl: server.url, clientId: 'client_1', secret: 'secret_1234567890' }).refreshUserFinancialData(
      { user_id: 'u' },
      { headers: { 'plaid-secret': 'other', 'PLAID-CLIENT-ID': 'other', 'Plaid-Version': '1999-01-01' } },
    );
    expect(server.received[0]?.headers).toMatchObject({
      'plaid-client-id': 'client_1',
      'plaid-secret': 'secret_1234567890',
      'plaid-version': '2020-09-14',
    });
  });
});
