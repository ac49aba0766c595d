// The client's verdict on an answer, from a table of status × headers × body, with no server:
// what each answer means for the caller (data, a Plaid error, or which transport error) and
// whether the core may send the request again.
import { describe, expect, test } from 'vitest';
import { operationRoutes } from '../../generated/client.js';
import { interpretResponse, type ResponseHead } from '../../src/interpret.js';
import { secretRedactor } from '../../src/redact.js';
import { plaidError } from '../support/scripted-server.js';

const operation = { id: 'userFinancialDataRefresh', ...operationRoutes.userFinancialDataRefresh };
const context = { baseUrl: 'https://sandbox.plaid.com', redact: secretRedactor(['sk_live_secret']) };
const success = JSON.stringify({ request_id: 'r', user_id: 'u', results: [] });
const error = (status: number, type: string, code: string) => JSON.stringify(plaidError(status, type, code));

function head(status: number, headers: Record<string, string> = {}, type = 'basic'): ResponseHead {
  return { status, ok: status >= 200 && status < 300, type, headers: new Headers(headers) };
}

type Row = [
  name: string,
  response: ResponseHead,
  text: string,
  expected: { kind: 'data' | 'plaid' | 'invalid_response' | 'redirect'; retryable?: boolean; retryAfterMs?: number; detail?: RegExp },
];

const rows: Row[] = [
  ['a valid 200 is data', head(200), success, { kind: 'data' }],
  [
    'a 200 that breaks the schema',
    head(200),
    '{"request_id":"r"}',
    { kind: 'invalid_response', retryable: false, detail: /breaks the spec/ },
  ],
  ['a 200 that is not JSON', head(200), '<html>', { kind: 'invalid_response', retryable: false, detail: /is not JSON: "<html>"/ }],
  ['an empty 200', head(200), '', { kind: 'invalid_response', retryable: false, detail: /is not JSON/ }],
  [
    'an undeclared success status',
    head(201),
    success,
    { kind: 'invalid_response', retryable: false, detail: /HTTP 201 is not a response userFinancialDataRefresh declares/ },
  ],
  ['a 400 Plaid error is not retried', head(400), error(400, 'INVALID_REQUEST', 'MISSING_FIELDS'), { kind: 'plaid', retryable: false }],
  ['a 404 falls back to the default response', head(404), error(404, 'INVALID_REQUEST', 'NOT_FOUND'), { kind: 'plaid', retryable: false }],
  [
    'a 429 with Retry-After in seconds',
    head(429, { 'Retry-After': '2' }),
    error(429, 'RATE_LIMIT_EXCEEDED', 'RATE_LIMIT'),
    { kind: 'plaid', retryable: true, retryAfterMs: 2000 },
  ],
  [
    'a 429 with an unreadable Retry-After',
    head(429, { 'Retry-After': 'soon' }),
    error(429, 'RATE_LIMIT_EXCEEDED', 'RATE_LIMIT'),
    { kind: 'plaid', retryable: true },
  ],
  ['a 503 Plaid error is retried', head(503), error(503, 'API_ERROR', 'PLANNED_MAINTENANCE'), { kind: 'plaid', retryable: true }],
  [
    'a 503 HTML page is retried as an invalid response',
    head(503),
    '<h1>Down</h1>',
    { kind: 'invalid_response', retryable: true, detail: /HTTP 503 body is not JSON/ },
  ],
  [
    'a 500 body that breaks PlaidError keeps its Retry-After',
    head(500, { 'Retry-After': '1' }),
    '{"error":"x"}',
    { kind: 'invalid_response', retryable: true, retryAfterMs: 1000, detail: /breaks the PlaidError schema/ },
  ],
  ['a 400 JSON null', head(400), 'null', { kind: 'invalid_response', retryable: false, detail: /PlaidError schema/ }],
  [
    'a body that does not decode names its coding',
    head(200, { 'Content-Encoding': 'x-snappy' }),
    '\u0000\u0001',
    { kind: 'invalid_response', detail: /\(Content-Encoding "x-snappy"\) is not JSON/ },
  ],
  [
    'a 302 names the target origin only',
    head(302, { Location: 'https://evil.example/steal?key=1' }),
    '',
    {
      kind: 'redirect',
      retryable: false,
      detail: /HTTP 302 to https:\/\/evil\.example; not followed, so no credential leaves https:\/\/sandbox\.plaid\.com/,
    },
  ],
  [
    'a relative Location is resolved against the base URL',
    head(307, { Location: '/elsewhere' }),
    '',
    { kind: 'redirect', detail: /to https:\/\/sandbox\.plaid\.com;/ },
  ],
  ['an unreadable Location', head(301, { Location: 'http://[bad' }), '', { kind: 'redirect', detail: /to an unreadable Location/ }],
  ['a 304 without a Location says so', head(304), '', { kind: 'redirect', detail: /^HTTP 304 with no Location;/ }],
  [
    'an empty 429 keeps its Retry-After',
    head(429, { 'Retry-After': '3' }),
    '',
    { kind: 'invalid_response', retryable: true, retryAfterMs: 3000 },
  ],
  ['a 200 ignores a Retry-After', head(200, { 'Retry-After': '3' }), success, { kind: 'data' }],
  ['an opaque redirect (a browser)', head(0, {}, 'opaqueredirect'), '', { kind: 'redirect', detail: /HTTP redirect to a hidden target/ }],
  [
    'a secret echoed in a non-JSON body is redacted before it is cut',
    head(200),
    `x${'y'.repeat(109)}sk_live_secret${'z'.repeat(50)}`,
    { kind: 'invalid_response', detail: /^(?!.*sk_l).*\[REDACTED\]/s },
  ],
];

describe('interpretResponse: what an answer means, from its status, headers and text alone', () => {
  test.each(rows)('%s', (_name, response, text, expected) => {
    const verdict = interpretResponse(operation, response, text, context);
    expect(verdict.ok ? 'data' : verdict.kind).toBe(expected.kind);
    if (verdict.ok) return;
    if (expected.retryable !== undefined) expect(verdict.retryable).toBe(expected.retryable);
    expect(verdict.retryAfterMs).toBe(expected.retryAfterMs);
    if (expected.detail) expect('detail' in verdict ? verdict.detail : '').toMatch(expected.detail);
  });

  test('a Plaid error is handed back as the parsed body, for the core to redact', () => {
    const verdict = interpretResponse(operation, head(400), error(400, 'INVALID_INPUT', 'INVALID_API_KEYS'), context);
    expect(verdict).toMatchObject({ ok: false, kind: 'plaid', status: 400, body: { error_code: 'INVALID_API_KEYS' } });
  });
});
