// What the core sends and how it reads the edges of an answer, as a fetch replacement, a caller's
// per-call headers or a terse server would meet them: a request's headers are its own, a failed
// answer's Retry-After counts even when its body cannot be read, and what fetch refuses to send
// is the caller's mistake.
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PlaidClientOptions, RetryEvent } from '../../src/index.js';
import { json, type ScriptedServer, scriptedClient, startScriptedServer } from '../support/scripted-server.js';

const SECRET = 'secret_0123456789abcdef';
const ok = json(200, { request_id: 'r', user_id: 'u', results: [] });
let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(() => server.close());

const client = (extra: Partial<PlaidClientOptions> = {}, events: RetryEvent[] = []) => scriptedClient(server, SECRET, extra, events);

const empty = (status: number, headers: Record<string, string>) => (res: ServerResponse) => {
  res.writeHead(status, { ...headers, 'Content-Length': '0' });
  res.end();
};

describe("a request's headers belong to that request", () => {
  test('a fetch replacement that edits init.headers changes that request only, never the credentials of the next', async () => {
    server.script(ok);
    let calls = 0;
    const scrubbing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      // A logger that redacts in place, once the request is gone.
      const headers = init?.headers as Record<string, string>;
      for (const name of Object.keys(headers)) if (/secret/i.test(name)) headers[name] = '[redacted]';
      if (++calls === 1) headers['Content-Type'] = 'text/plain';
      return response;
    };
    const plaid = client({ fetch: scrubbing });
    await plaid.refreshUserFinancialData({ user_id: 'u' });
    await plaid.refreshUserFinancialData({ user_id: 'u' });
    await plaid.refreshUserFinancialData({ user_id: 'u' }, { headers: { Prefer: 'code=200' } });
    expect(server.received.map((r) => [r.headers['plaid-secret'], r.headers['content-type']])).toEqual([
      [SECRET, 'application/json'],
      [SECRET, 'application/json'],
      [SECRET, 'application/json'],
    ]);
  });

  test("a fetch replacement gets init.headers as a plain object (fetch's HeadersInit), with or without per-call headers", async () => {
    server.script(ok);
    const kinds: string[] = [];
    const names: string[][] = [];
    const looking: typeof fetch = (input, init) => {
      kinds.push(Object.getPrototypeOf(init?.headers) === Object.prototype ? 'plain object' : String(init?.headers));
      names.push(Object.keys(init?.headers ?? {}).sort());
      return fetch(input, init);
    };
    const plaid = client({ fetch: looking });
    await plaid.refreshUserFinancialData({ user_id: 'u' });
    await plaid.refreshUserFinancialData({ user_id: 'u' }, { headers: { Prefer: 'code=200' } });
    await plaid.refreshUserFinancialData({ user_id: 'u' }, { headers: {} });
    expect(kinds).toEqual(['plain object', 'plain object', 'plain object']);
    // The same spelling of every name, whatever the call adds: a tracer reads init.headers['PLAID-CLIENT-ID'].
    const standard = ['Content-Type', 'PLAID-CLIENT-ID', 'PLAID-SECRET', 'Plaid-Version'];
    expect(names).toEqual([standard, [...standard, 'Prefer'].sort(), standard]);
  });

  test('a per-call header set to undefined or null is left out, of two spellings of one name the last wins, and a Content-Type of its own replaces ours', async () => {
    server.script(ok);
    const headers = {
      'X-Request-Tag': undefined,
      'X-Trace': null,
      'x-tag': 'a',
      'X-Tag': 'b',
      'content-type': 'application/json; charset=utf-8',
    } as unknown as Record<string, string>;
    const { error } = await client().refreshUserFinancialData({ user_id: 'u' }, { headers });
    expect(error).toBeUndefined();
    const [received] = server.received;
    expect(received?.headers).not.toHaveProperty('x-request-tag');
    expect(received?.headers).not.toHaveProperty('x-trace');
    expect(received?.headers['x-tag']).toBe('b');
    expect(received?.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  test.each([
    ['Transfer-Encoding', 'chunked'],
    ['Expect', '100-continue'],
  ])('a per-call %s header, which fetch refuses to send, is invalid_request: nothing sent, nothing retried', async (name, value) => {
    server.script(ok);
    const events: RetryEvent[] = [];
    const { error } = await client({}, events).refreshUserFinancialData({ user_id: 'u' }, { headers: { [name]: value } });
    expect(error).toMatchObject({ kind: 'invalid_request', attempts: 1 });
    expect(events).toEqual([]);
    expect(server.received).toEqual([]);
  });
});

describe("a failed answer's Retry-After counts, whatever its body", () => {
  test.each([
    ['an empty 429', empty(429, { 'Retry-After': '3600' })],
    ['an empty 503', empty(503, { 'Retry-After': '3600' })],
    [
      'an HTML 503',
      (res: ServerResponse) => res.writeHead(503, { 'Content-Type': 'text/html', 'Retry-After': '3600' }).end('<h1>down</h1>'),
    ],
  ])('%s asking for an hour past maxRetryAfterMs ends the call instead of retrying sooner', async (_name, handler) => {
    server.script(handler);
    const events: RetryEvent[] = [];
    const { error } = await client({}, events).refreshUserFinancialData({ user_id: 'u' });
    // Retried (429 and 503 are) if the header were ignored: one request and no retry event say it was read.
    expect(error).toMatchObject({ kind: 'invalid_response' });
    expect(events).toEqual([]);
    expect(server.received).toHaveLength(1);
  });

  test('an empty 503 asking for a short wait is retried after that wait', async () => {
    server.script(empty(503, { 'Retry-After': '1' }), ok);
    const events: RetryEvent[] = [];
    const { error } = await client({}, events).refreshUserFinancialData({ user_id: 'u' });
    expect(error).toBeUndefined();
    expect(events.map((e) => e.delayMs)).toEqual([1000]);
  });
});

test("client.raw hands back a redirect's body: it is not followed, but its explanation is kept", async () => {
  server.script(json(302, { error_message: 'moved: use the regional host' }, { Location: 'https://elsewhere.example/' }));
  const { error, response } = await client().raw.POST('/user/financial_data/refresh', { body: { user_id: 'u' } });
  expect(response.status).toBe(302);
  expect(error).toEqual({ error_message: 'moved: use the regional host' });
});
