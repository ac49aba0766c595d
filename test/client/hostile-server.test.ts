// The client against servers that attack it, on loopback, with a canary secret. Each row is one
// way a server can try to steal the credential, make a call reject, or make it retry a POST the
// server already has; every surface a caller can see is scanned for the canary.
import net from 'node:net';
import { inspect } from 'node:util';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PlaidApiError, PlaidClientError, PlaidClientOptions, RetryEvent } from '../../src/index.js';
import {
  type Handler,
  hang,
  json,
  plaidError,
  type ScriptedServer,
  scriptedClient,
  startScriptedServer,
  text,
} from '../support/scripted-server.js';

// Reserved characters, so that each encoding below spells it differently from the plain text.
const CANARY = 'CANARY/host"ile+3b9e7 1c0=4fd2?&%a658';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const b64url = (text: string) => Buffer.from(text).toString('base64url');
const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (pair) => pair.toLowerCase());
/** How an intermediary may spell the secret, or the `client_id:secret` pair of a Basic credential. */
const spellings: [string, string][] = [
  ['as itself', CANARY],
  ['percent-encoded', encodeURIComponent(CANARY)],
  ['percent-encoded in lower-case hex', lowerHex(encodeURIComponent(CANARY))],
  ['form-encoded', new URLSearchParams({ s: CANARY }).toString().slice(2)],
  ['JSON-escaped', JSON.stringify(CANARY).slice(1, -1)],
  ['base64', b64(CANARY)],
  ['base64url', b64url(CANARY)],
  ['a Basic credential (base64 of client_id:secret)', `Basic ${b64(`client_1:${CANARY}`)}`],
  ['base64url inside a token (an unaligned offset)', b64url(`{"sub":"client_1","key":"${CANARY}"}`)],
  ['base64 of the secret, percent-encoded in a URL', encodeURIComponent(b64(`x${CANARY}`))],
];
const ok = json(200, { request_id: 'r', user_id: 'u', results: [] });

let server: ScriptedServer;
let foreign: ScriptedServer;
beforeAll(async () => {
  [server, foreign] = await Promise.all([startScriptedServer(), startScriptedServer()]);
});
afterAll(() => Promise.all([server.close(), foreign.close()]));

const client = (extra: Partial<PlaidClientOptions> = {}, events: RetryEvent[] = []) => scriptedClient(server, CANARY, extra, events);

/** Everything a caller can see of an outcome: the error in every rendering, its causes, the events. */
function expectNoCanary(error: PlaidClientError | undefined, events: RetryEvent[]) {
  const causes: unknown[] = [];
  for (let c: unknown = error?.cause; c !== undefined && causes.length < 20; c = (c as { cause?: unknown }).cause) causes.push(c);
  const surfaces = [
    error?.message,
    error?.stack,
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: Infinity, showHidden: true }),
    ...causes.map((c) => inspect(c, { depth: Infinity, showHidden: true })),
    JSON.stringify(events),
  ];
  for (const surface of surfaces) for (const [, spelled] of spellings) expect(surface ?? '').not.toContain(spelled);
}

const redirectTo =
  (status: number, location: () => string): Handler =>
  (res) => {
    res.writeHead(status, { Location: location(), 'Content-Type': 'application/json' });
    res.end('{}');
  };

describe('redirects are never followed, so no credential leaves the origin', () => {
  const rows: [string, number, Partial<PlaidClientOptions>][] = [
    ['307, credentials in headers', 307, {}],
    ['308, credentials in headers', 308, {}],
    ['307, credentials in the body', 307, { credentialsIn: 'body' }],
    ['301 (fetch would turn it into a GET that still carries PLAID-SECRET)', 301, {}],
    ['302', 302, {}],
    ['303', 303, {}],
  ];

  test.each(rows)('%s: a typed redirect error naming status and target, not retried', async (_name, status, extra) => {
    server.script(redirectTo(status, () => `${foreign.url}/steal`));
    foreign.script(ok);
    const events: RetryEvent[] = [];
    const { data, error } = await client(extra, events).refreshUserFinancialData({ user_id: 'u' });
    expect(data).toBeUndefined();
    expect(error).toMatchObject({ kind: 'redirect', status, attempts: 1 });
    expect(error?.message).toContain(new URL(foreign.url).origin);
    expect(foreign.received).toHaveLength(0);
    expect(server.received).toHaveLength(1);
    expectNoCanary(error, events);
  });

  test('client.raw does not follow a redirect either, even when the call asks it to', async () => {
    server.script(redirectTo(307, () => `${foreign.url}/steal`));
    foreign.script(ok);
    const result = await client().raw.POST('/user/financial_data/refresh', { body: { user_id: 'u' }, redirect: 'follow' });
    expect(result.response.status).toBe(307);
    expect(foreign.received).toHaveLength(0);
  });

  test('a Location that carries the secret and is not a URL leaves no trace of it', async () => {
    server.script(redirectTo(302, () => `http://[${CANARY}`));
    const events: RetryEvent[] = [];
    const { error } = await client({}, events).refreshUserFinancialData({ user_id: 'u' });
    expect(error?.kind).toBe('redirect');
    expectNoCanary(error, events);
  });
});

describe('no input makes a call reject', () => {
  const deep = (depth: number) => `${'{"x":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const deepError =
    (status: number): Handler =>
    (res) => {
      const base = JSON.stringify(plaidError(status, 'API_ERROR', 'INTERNAL_SERVER_ERROR', { error_message: CANARY }));
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(`${base.slice(0, -1)},"nested":${deep(100_000)}}`);
    };

  test.each([400, 503])('a %i Plaid error with a field nested 100,000 levels deep resolves, redacted', async (status) => {
    server.script(deepError(status));
    const events: RetryEvent[] = [];
    const { error } = await client({ retry: { attempts: 1 } }, events).refreshUserFinancialData({ user_id: 'u' });
    expect(error).toMatchObject({ kind: 'plaid', status });
    expect(() => JSON.stringify(error)).not.toThrow();
    expectNoCanary(error, events);
  });

  test('an onRetry that throws does not end the call', async () => {
    server.script(json(503, plaidError(503, 'API_ERROR', 'PLANNED_MAINTENANCE')), ok);
    const { data } = await client({
      onRetry: () => {
        throw new Error('logger down');
      },
    }).refreshUserFinancialData({ user_id: 'u' });
    expect(data?.request_id).toBe('r');
  });

  test.each([
    ['an async onRetry that rejects', async () => Promise.reject(new Error('metrics down'))],
    // `instanceof Promise` misses a promise made in another realm.
    [
      'an onRetry that returns a rejected promise from another realm',
      () => runInNewContext('Promise.reject(new Error("down"))') as undefined,
    ],
  ])('%s does not end the call or go unhandled', async (_name, onRetry) => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      server.script(json(503, plaidError(503, 'API_ERROR', 'PLANNED_MAINTENANCE')), ok);
      const { data } = await client({ onRetry }).refreshUserFinancialData({ user_id: 'u' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(data?.request_id).toBe('r');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  test('an error body with an own "__proto__" key hands the caller no field the validator did not see', async () => {
    const { request_id: _, causes: __, documentation_url: ___, ...declared } = plaidError(400, 'INVALID_REQUEST', 'INVALID_FIELD');
    const body = JSON.stringify(declared).replace(
      '{',
      '{"__proto__":{"request_id":{"not":"a string"},"documentation_url":42,"causes":"nope"},',
    );
    server.script((res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(body);
    });
    const { error } = await client({ retry: { attempts: 1 } }).refreshUserFinancialData({ user_id: 'u' });
    expect(error).toMatchObject({ kind: 'plaid', status: 400, errorCode: 'INVALID_FIELD' });
    const apiError = error as PlaidApiError;
    expect(apiError.requestId).toBeUndefined();
    expect(Object.getPrototypeOf(apiError.body)).toBe(Object.prototype);
    expect([apiError.body.documentation_url, apiError.body.causes]).toEqual([undefined, undefined]);
  });

  test('a body that cannot be serialized is a typed invalid_request, and nothing is sent', async () => {
    server.script(ok);
    const { error } = await client().refreshUserFinancialData({ user_id: 10n as unknown as string });
    expect(error).toMatchObject({ kind: 'invalid_request' });
    expect(server.received).toHaveLength(0);
  });
});

/** A raw TCP server, for answers node:http would refuse to write. */
async function rawServer(answer: (socket: net.Socket) => void) {
  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('data', () => answer(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const { port } = tcp.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accepted: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        tcp.close(() => resolve());
      }),
  };
}

describe('the secret never survives in an error', () => {
  test('a malformed header line that echoes the secret (undici keeps it in HTTPParserError.data)', async () => {
    const tcp = await rawServer((socket) => socket.end(`HTTP/1.1 200 OK\r\nX-Echo: \u0000${CANARY}\r\n\r\n`));
    try {
      const events: RetryEvent[] = [];
      const { error } = await client({ baseUrl: tcp.url, retry: { attempts: 2, baseDelayMs: 1 } }, events).refreshUserFinancialData({
        user_id: 'u',
      });
      expect(error?.kind).toBe('network');
      expect(error?.cause).toBeDefined();
      expectNoCanary(error, events);
    } finally {
      await tcp.close();
    }
  });

  test('a non-JSON body whose preview would be cut through the secret shows no part of it', async () => {
    server.script((res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(`${'x'.repeat(110)}${CANARY}`);
    });
    const { error } = await client().refreshUserFinancialData({ user_id: 'u' });
    expect(error?.kind).toBe('invalid_response');
    expect(error?.message).not.toContain(CANARY.slice(0, 10));
  });

  test('the secret used as a property name of an error body is redacted', async () => {
    server.script(
      json(
        400,
        plaidError(400, 'INVALID_INPUT', 'INVALID_API_KEYS', {
          [CANARY]: 'echo',
          causes: [
            { item_id: 'i', error_type: 'ITEM_ERROR', error_code: 'ITEM_LOCKED', error_message: 'm', display_message: null, [CANARY]: 1 },
          ],
        }),
      ),
    );
    const events: RetryEvent[] = [];
    const { error } = await client().refreshUserFinancialData({ user_id: 'u' });
    expect(error?.kind).toBe('plaid');
    expectNoCanary(error, events);
  });
});

describe('the secret in the spellings an intermediary produces is redacted everywhere', () => {
  test.each(spellings)('%s, in a Plaid error message', async (_name, spelled) => {
    server.script(json(400, plaidError(400, 'INVALID_INPUT', 'INVALID_API_KEYS', { error_message: `echo: ${spelled} (end)` })));
    const events: RetryEvent[] = [];
    const { error } = await client({}, events).refreshUserFinancialData({ user_id: 'u' });
    expect(error).toMatchObject({ kind: 'plaid', status: 400 });
    expect((error as PlaidApiError).body.error_message).toMatch(/^echo: .*\[REDACTED\].* \(end\)$/);
    expectNoCanary(error, events);
  });

  test.each(spellings)('%s, in a 502 page the message previews', async (_name, spelled) => {
    server.script(text(502, `<p>upstream said ${spelled}</p>`));
    const events: RetryEvent[] = [];
    const { error } = await client({}, events).refreshUserFinancialData({ user_id: 'u' });
    expect(error).toMatchObject({ kind: 'invalid_response', status: 502 });
    expect(error?.message).toContain('[REDACTED]');
    expectNoCanary(error, events);
  });

  test('a secret of two characters is not redacted, so messages stay readable', async () => {
    server.script(json(400, plaidError(400, 'INVALID_INPUT', 'INVALID_API_KEYS', { error_message: 'a table about abc' })));
    const { error } = await client({ secret: 'ab' }).refreshUserFinancialData({ user_id: 'u' });
    expect(error?.message).toContain('a table about abc');
  });
});

describe('a body the client cannot decode is invalid_response, never retried, naming the encoding', () => {
  const encoded =
    (status: number, encoding: string, bytes: Buffer | string): Handler =>
    (res) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Encoding': encoding });
      res.end(bytes);
    };
  const body = JSON.stringify(plaidError(503, 'API_ERROR', 'PLANNED_MAINTENANCE'));
  const rows: [string, Handler, string][] = [
    ['gzip over bytes that are not gzip', encoded(503, 'gzip', body), 'gzip'],
    // undici hands over what a truncated stream decoded to; the parse then fails, naming the coding.
    ['gzip cut short, on a 200', encoded(200, 'gzip', gzipSync(body).subarray(0, 20)), 'gzip'],
    ['br over bytes that are not brotli', encoded(503, 'br', body), 'br'],
    ['deflate over bytes that are not deflate', encoded(503, 'deflate', body), 'deflate'],
    ['an unknown coding over bytes that happen to be JSON', encoded(503, 'x-snappy', body), 'x-snappy'],
    ['an unknown coding after a known one', encoded(503, 'gzip, x-snappy', gzipSync(body)), 'x-snappy'],
    ['an unknown coding on a 200', encoded(200, 'X-Snappy', JSON.stringify({ request_id: 'r', user_id: 'u', results: [] })), 'X-Snappy'],
  ];
  test.each(rows)('%s', async (_name, handler, named) => {
    server.script(handler, ok);
    const events: RetryEvent[] = [];
    const { data, error } = await client({}, events).refreshUserFinancialData({ user_id: 'u' });
    expect(data).toBeUndefined();
    expect(error).toMatchObject({ kind: 'invalid_response', attempts: 1 });
    expect(error?.message).toContain('Content-Encoding');
    expect(error?.message).toContain(named);
    expect(error?.message).not.toContain('connection failed');
    expect(server.received).toHaveLength(1);
    expect(events).toEqual([]);
  });

  test.each([
    ['gzip', gzipSync(JSON.stringify({ request_id: 'r', user_id: 'u', results: [] }))],
    ['identity', JSON.stringify({ request_id: 'r', user_id: 'u', results: [] })],
  ])('a body in %s that decodes is accepted', async (encoding, bytes) => {
    server.script(encoded(200, encoding, bytes));
    const { data } = await client().refreshUserFinancialData({ user_id: 'u' });
    expect(data?.request_id).toBe('r');
  });
});

describe("the caller's abort reason is kept, sanitized, as the cause", () => {
  const rows: [string, () => AbortSignal, (cause: Error) => void][] = [
    ['AbortSignal.timeout(), during the request', () => AbortSignal.timeout(30), (cause) => expect(cause.name).toBe('TimeoutError')],
    [
      'controller.abort(reason), during the request',
      () => {
        const controller = new AbortController();
        setTimeout(() => controller.abort(new Error('user cancelled')), 30);
        return controller.signal;
      },
      (cause) => expect(cause.message).toBe('user cancelled'),
    ],
    ['an already aborted signal', () => AbortSignal.abort('navigated away'), (cause) => expect(cause.message).toBe('navigated away')],
    [
      'a reason that carries the secret',
      () => AbortSignal.abort(new Error(`shutting down ${encodeURIComponent(CANARY)}`)),
      (cause) => expect(cause.message).toBe('shutting down [REDACTED]'),
    ],
  ];
  test.each(rows)('%s', async (_name, signal, check) => {
    server.script(hang);
    const events: RetryEvent[] = [];
    const { error } = await client({}, events).refreshUserFinancialData({ user_id: 'u' }, { signal: signal() });
    expect(error?.kind).toBe('aborted');
    check(error?.cause as Error);
    expectNoCanary(error, events);
  });

  test('while waiting to retry', async () => {
    server.script(json(503, plaidError(503, 'API_ERROR', 'PLANNED_MAINTENANCE')));
    const { error } = await client({
      retry: { attempts: 3, baseDelayMs: 5_000, maxDelayMs: 5_000, jitter: 'none' },
    }).refreshUserFinancialData({ user_id: 'u' }, { signal: AbortSignal.timeout(50) });
    expect(error).toMatchObject({ kind: 'aborted', attempts: 1 });
    expect(error?.cause).toMatchObject({ name: 'TimeoutError' });
    expect(error?.message).toContain('TimeoutError');
  });
});

describe('retries follow the status, never the code, and never resend a POST the server has', () => {
  const rows: [string, Handler, number][] = [
    ['a 400 whose code says RATE_LIMIT', json(400, plaidError(400, 'RATE_LIMIT_EXCEEDED', 'RATE_LIMIT')), 400],
    ['a 409 whose code says INTERNAL_SERVER_ERROR', json(409, plaidError(409, 'API_ERROR', 'INTERNAL_SERVER_ERROR')), 409],
  ];
  test.each(rows)('%s is attempted once', async (_name, handler, status) => {
    server.script(handler, ok);
    const { error } = await client().refreshUserFinancialData({ user_id: 'u' });
    expect(error).toMatchObject({ kind: 'plaid', status, attempts: 1, retryable: false });
    expect(server.received).toHaveLength(1);
  });

  test.each(['-1', '1.5', 'soon 3', '1 2', 'Tue, 99 Foo 2001 00:00:00 GMT'])(
    'an invalid Retry-After (%j) falls back to the normal backoff',
    async (value) => {
      const events: RetryEvent[] = [];
      server.script(json(429, plaidError(429, 'RATE_LIMIT_EXCEEDED', 'RATE_LIMIT'), { 'Retry-After': value }), ok);
      await client({ retry: { attempts: 2, baseDelayMs: 40, maxDelayMs: 40, jitter: 'none' } }, events).refreshUserFinancialData({
        user_id: 'u',
      });
      expect(events.map((e) => e.delayMs)).toEqual([40]);
    },
  );

  test('a reset after the status line is a network error that is not retried', async () => {
    const tcp = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"request_id":');
      setTimeout(() => socket.resetAndDestroy(), 10);
    });
    try {
      const { error } = await client({ baseUrl: tcp.url }).refreshUserFinancialData({ user_id: 'u' });
      expect(error).toMatchObject({ kind: 'network', status: 200, attempts: 1 });
      expect(error?.message).toContain('not retried');
      expect(tcp.accepted()).toBe(1);
    } finally {
      await tcp.close();
    }
  });

  test('an early end mid-body is not retried either', async () => {
    server.script((res) => {
      res.writeHead(503, { 'Content-Type': 'application/json', 'Content-Length': '400' });
      res.write('{"error_type":"API_ERROR"');
      setTimeout(() => res.destroy(), 10);
    });
    const { error } = await client().refreshUserFinancialData({ user_id: 'u' });
    expect(error).toMatchObject({ kind: 'network', attempts: 1 });
    expect(server.received).toHaveLength(1);
  });
});

describe('what a call reports is about that response', () => {
  test("an empty 500 after a malformed one is not reported with the first one's problems", async () => {
    server.script(json(500, { error_type: 42 }), (res) => {
      res.writeHead(500, { 'Content-Length': '0' });
      res.end();
    });
    const { error } = await client({ retry: { attempts: 2, baseDelayMs: 1 } }).refreshUserFinancialData({ user_id: 'u' });
    expect(error).toMatchObject({ kind: 'invalid_response', status: 500, attempts: 2 });
    expect(error?.message).not.toContain('error_type');
  });

  test('one AbortSignal shared by many concurrent calls raises no MaxListenersExceededWarning', async () => {
    const warnings: string[] = [];
    const record = (warning: Error) => warnings.push(warning.name);
    process.on('warning', record);
    try {
      server.script(ok);
      const controller = new AbortController();
      const plaid = client();
      const results = await Promise.all(
        Array.from({ length: 40 }, () => plaid.refreshUserFinancialData({ user_id: 'u' }, { signal: controller.signal })),
      );
      await new Promise((resolve) => setImmediate(resolve));
      expect(results.every((r) => r.data)).toBe(true);
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', record);
    }
  });

  test('client.raw with credentialsIn body sends the credentials in the body', async () => {
    server.script(ok);
    await client({ credentialsIn: 'body' }).raw.POST('/user/financial_data/refresh', { body: { user_id: 'u' } });
    expect(JSON.parse(server.received[0]!.body)).toMatchObject({ user_id: 'u', client_id: 'client_1', secret: CANARY });
    expect(server.received[0]!.headers['plaid-secret']).toBeUndefined();
  });
});
