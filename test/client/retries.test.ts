import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPlaidClient, PlaidApiError, PlaidTransportError, type RetryEvent } from '../../src/index.js';
import { defaultRetryPolicy, parseRetryAfter, retryDelay } from '../../src/retry.js';
import { hang, json, plaidError, reset, type ScriptedServer, startScriptedServer, text } from '../support/scripted-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(() => server.close());

const ok = json(200, { request_id: 'r', user_id: 'u', results: [] });
const rateLimited = (headers: Record<string, string> = {}) => json(429, plaidError(429, 'RATE_LIMIT_EXCEEDED', 'RATE_LIMIT'), headers);

function client(retry: Record<string, unknown> = {}, events: RetryEvent[] = []) {
  return createPlaidClient({
    baseUrl: server.url,
    clientId: 'client_1',
    secret: 'secret_1',
    // No jitter and a fixed 300 ms backoff, so a Retry-After of 0 is told apart from the backoff.
    retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 5, jitter: 'none', ...retry },
    onRetry: (event) => events.push(event),
  });
}

describe('retries', () => {
  test('a 429 with Retry-After is retried after the server-given wait, then succeeds', async () => {
    const events: RetryEvent[] = [];
    server.script(rateLimited({ 'Retry-After': '0' }), ok);
    const { data, error } = await client({ baseDelayMs: 300, maxDelayMs: 300 }, events).refreshUserFinancialData({ user_id: 'u' });
    expect(error).toBeUndefined();
    expect(data?.request_id).toBe('r');
    expect(server.received).toHaveLength(2);
    expect(events).toEqual([{ operationId: 'userFinancialDataRefresh', attempt: 1, delayMs: 0, reason: '429' }]);
  });

  test('a Retry-After longer than maxRetryAfterMs is not waited for', async () => {
    server.script(rateLimited({ 'Retry-After': '120' }), ok);
    const { error } = await client().refreshUserFinancialData({ user_id: 'u' });
    expect(server.received).toHaveLength(1);
    expect(error).toBeInstanceOf(PlaidApiError);
    expect((error as PlaidApiError).retryAfterMs).toBe(120_000);
  });

  test('a 500 three times gives up with the last error after three attempts', async () => {
    const events: RetryEvent[] = [];
    server.script(
      json(500, plaidError(500, 'API_ERROR', 'INTERNAL_SERVER_ERROR', { request_id: 'first' })),
      json(500, plaidError(500, 'API_ERROR', 'INTERNAL_SERVER_ERROR', { request_id: 'second' })),
      json(500, plaidError(500, 'API_ERROR', 'INTERNAL_SERVER_ERROR', { request_id: 'third' })),
    );
    const { error } = await client({}, events).refreshUserFinancialData({ user_id: 'u' });
    expect(server.received).toHaveLength(3);
    expect(error).toMatchObject({ kind: 'plaid', status: 500, attempts: 3, requestId: 'third' });
    expect(events.map((e) => e.attempt)).toEqual([1, 2]);
  });

  test('a 400 is never retried', async () => {
    const events: RetryEvent[] = [];
    server.script(json(400, plaidError(400, 'INVALID_REQUEST', 'MISSING_FIELDS')), ok);
    const { error } = await client({}, events).refreshUserFinancialData({ user_id: 'u' });
    expect(server.received).toHaveLength(1);
    expect(error).toMatchObject({ kind: 'plaid', status: 400, attempts: 1 });
    expect(events).toEqual([]);
  });

  test('a connection reset is retried, and succeeds when the server recovers', async () => {
    server.script(reset, ok);
    const { data } = await client().refreshUserFinancialData({ user_id: 'u' });
    expect(data?.request_id).toBe('r');
    expect(server.received).toHaveLength(2);
  });

  test('a 502 with an HTML body is retried, then reported as invalid_response', async () => {
    server.script(text(502, '<html><body>Bad Gateway</body></html>'));
    const { error } = await client({ attempts: 2 }).refreshUserFinancialData({ user_id: 'u' });
    expect(server.received).toHaveLength(2);
    expect(error).toBeInstanceOf(PlaidTransportError);
    expect(error).toMatchObject({ kind: 'invalid_response', status: 502, attempts: 2 });
    expect(error?.message).toContain('Bad Gateway');
  });

  test('a timeout is not retried: the request may already be in progress', async () => {
    server.script(hang);
    const { error } = await createPlaidClient({
      baseUrl: server.url,
      clientId: 'client_1',
      secret: 'secret_0123456789abcdef',
      // Long enough for the request to reach the server on a busy machine, so "not retried" is seen there.
      timeoutMs: 300,
    }).refreshUserFinancialData({ user_id: 'u' });
    expect(error).toMatchObject({ kind: 'timeout', attempts: 1 });
    expect(server.received).toHaveLength(1);
  });
});

describe('the backoff', () => {
  test('grows exponentially up to the cap, with full jitter in [0, backoff]', () => {
    const policy = { ...defaultRetryPolicy, attempts: 10, baseDelayMs: 100, maxDelayMs: 1000, jitter: 'none' as const };
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(policy, n))).toEqual([100, 200, 400, 800, 1000]);
    const jittered = { ...policy, jitter: 'full' as const };
    expect(retryDelay(jittered, 3, undefined, () => 0)).toBe(0);
    expect(retryDelay(jittered, 3, undefined, () => 0.5)).toBe(200);
    expect(retryDelay(jittered, 3, undefined, () => 0.999)).toBe(400);
  });

  test('stops after the last attempt', () => {
    expect(retryDelay({ ...defaultRetryPolicy, attempts: 3 }, 3)).toBeUndefined();
  });

  test('Retry-After is read as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
