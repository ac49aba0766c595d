// The checker's registry, check by check: exchanges each must flag, and exchanges it must pass,
// among them the correct-but-unusual ones (media type case, a charset, HTTP-date Retry-After).

import { describe, expect, test } from 'vitest';
import spec from '../../generated/openapi.json' with { type: 'json' };
import table from '../../generated/operations.json' with { type: 'json' };
import { checks, createChecker, type Exchange } from '../../packages/toolkit/lib/checks.mjs';

const PATH = '/user/financial_data/refresh';
const CREDENTIALS = { 'plaid-client-id': 'client_in_checks', 'plaid-secret': 'secret_in_checks_0000' };
const ok = { request_id: 'req_1', user_id: 'usr_1', results: [{ item_id: 'item_1', product: 'transactions' }] };
const error = (status: number, extra = {}) => ({
  error_type: 'INVALID_REQUEST',
  error_code: 'MISSING_FIELDS',
  error_code_reason: null,
  error_message: 'm',
  display_message: null,
  request_id: `req_${status}`,
  causes: [],
  status,
  documentation_url: 'https://plaid.com/docs/errors/invalid-request/#missing_fields',
  suggested_action: null,
  ...extra,
});

function exchange({
  body = { user_id: 'usr_1' } as unknown,
  requestHeaders = { 'content-type': 'application/json', ...CREDENTIALS } as Record<string, string>,
  status = 200,
  response = ok as unknown,
  headers = { 'content-type': 'application/json' } as Record<string, string>,
  raw = undefined as string | undefined,
  bytes = undefined as Uint8Array | undefined,
} = {}): Exchange {
  const text = raw ?? JSON.stringify(response);
  return {
    method: 'POST',
    path: PATH,
    request: { headers: requestHeaders, body: typeof body === 'string' ? body : JSON.stringify(body) },
    response: { status, headers, body: text, bytes: bytes ?? new TextEncoder().encode(text) },
  };
}

/** A 200 whose one Item failed with this error. */
const itemFailed = (itemError: unknown) =>
  exchange({ response: { ...ok, results: [{ item_id: 'i', product: 'transactions', error: itemError }] } });

const latin1 = Buffer.from(JSON.stringify({ ...error(400), error_message: 'café' }), 'latin1');
const rows: [string, string, Exchange, boolean][] = [
  ['status_declared', 'an undeclared success (202)', exchange({ status: 202 }), true],
  ['status_declared', 'a declared 400', exchange({ status: 400, response: error(400) }), false],
  ['status_declared', 'a 418 answered by default', exchange({ status: 418, response: error(418) }), false],
  ['content_type_json', 'text/plain', exchange({ headers: { 'content-type': 'text/plain' } }), true],
  ['content_type_json', 'no Content-Type', exchange({ headers: {} }), true],
  ['content_type_json', 'Application/JSON', exchange({ headers: { 'Content-Type': 'Application/JSON' } }), false],
  [
    'content_type_json',
    'application/json; charset=utf-8',
    exchange({ headers: { 'content-type': 'application/json; charset=utf-8' } }),
    false,
  ],
  ['content_type_json', 'application/jsonp', exchange({ headers: { 'content-type': 'application/jsonp' } }), true],
  ['body_utf8', 'Latin-1 bytes', exchange({ status: 400, response: error(400), bytes: latin1 }), true],
  ['body_utf8', 'UTF-8 with non-ASCII', exchange({ response: { ...ok, user_id: 'usr_ü' }, body: { user_id: 'usr_ü' } }), false],
  ['body_json', 'an HTML page', exchange({ raw: '<html>oops</html>' }), true],
  ['body_json', 'a JSON body', exchange(), false],
  ['response_schema', 'results: null', exchange({ response: { ...ok, results: null } }), true],
  ['response_schema', 'extra fields', exchange({ response: { ...ok, refreshed_at: 'now' } }), false],
  ['no_credential_echo', 'the secret in the body', exchange({ response: { ...ok, note: CREDENTIALS['plaid-secret'] } }), true],
  [
    'no_credential_echo',
    'the secret in a header',
    exchange({ headers: { 'content-type': 'application/json', 'x-echo': CREDENTIALS['plaid-secret'] } }),
    true,
  ],
  ['no_credential_echo', 'a body that names no credential', exchange(), false],
  ['plaid_error_status_matches', 'status 200 in a 400', exchange({ status: 400, response: error(200) }), true],
  ['plaid_error_status_matches', 'status 400 in a 400', exchange({ status: 400, response: error(400) }), false],
  ['echoes_request', 'another user_id', exchange({ response: { ...ok, user_id: 'usr_other' } }), true],
  ['echoes_request', 'the same user_id', exchange(), false],
  ['items_unique', 'the same Item and product twice', exchange({ response: { ...ok, results: [ok.results[0], ok.results[0]] } }), true],
  ['items_unique', 'an empty item_id', exchange({ response: { ...ok, results: [{ item_id: '', product: 'transactions' }] } }), true],
  [
    'items_unique',
    'one Item, two products',
    exchange({ response: { ...ok, results: [ok.results[0], { item_id: 'item_1', product: 'investments' }] } }),
    false,
  ],
  ['invalid_request_rejected', 'a missing user_id answered 200', exchange({ body: {} }), true],
  [
    'invalid_request_rejected',
    'a text/plain request answered 200',
    exchange({ requestHeaders: { 'content-type': 'text/plain', ...CREDENTIALS } }),
    true,
  ],
  [
    'invalid_request_rejected',
    'a missing user_id answered 400 INVALID_REQUEST',
    exchange({ body: {}, status: 400, response: error(400) }),
    false,
  ],
  [
    'invalid_request_rejected',
    'a charset parameter on the request, answered 200',
    exchange({ requestHeaders: { 'content-type': 'application/json; charset=utf-8', ...CREDENTIALS } }),
    false,
  ],
  ['credentials_required', 'no credentials answered 200', exchange({ requestHeaders: { 'content-type': 'application/json' } }), true],
  [
    'credentials_required',
    'credentials in the body answered 200',
    exchange({ requestHeaders: { 'content-type': 'application/json' }, body: { user_id: 'usr_1', client_id: 'c', secret: 's_in_body' } }),
    false,
  ],
  ['rate_limit_conformant', 'a 429 that is not RATE_LIMIT_EXCEEDED', exchange({ status: 429, response: error(429) }), true],
  [
    'rate_limit_conformant',
    'a RATE_LIMIT_EXCEEDED 429',
    exchange({ status: 429, response: error(429, { error_type: 'RATE_LIMIT_EXCEEDED', error_code: 'RATE_LIMIT' }) }),
    false,
  ],
  ['plaid_error_catalogued', 'INVALID_REQUEST/MISSING_FIELDS with a 400', exchange({ status: 400, response: error(400) }), false],
  [
    'plaid_error_catalogued',
    'MISSING_FIELDS under INVALID_INPUT',
    exchange({ status: 400, response: error(400, { error_type: 'INVALID_INPUT' }) }),
    true,
  ],
  [
    'plaid_error_catalogued',
    'API_ERROR/PLANNED_MAINTENANCE with a 500, not its 503',
    exchange({ status: 500, response: error(500, { error_type: 'API_ERROR', error_code: 'PLANNED_MAINTENANCE' }) }),
    true,
  ],
  [
    'plaid_error_catalogued',
    'a code the catalogue does not know (the enum is open)',
    exchange({ status: 400, response: error(400, { error_code: 'SOMETHING_NEW' }) }),
    false,
  ],
  [
    'plaid_error_catalogued',
    "an Item's ITEM_LOGIN_REQUIRED filed under INSTITUTION_ERROR",
    itemFailed(error(400, { error_type: 'INSTITUTION_ERROR', error_code: 'ITEM_LOGIN_REQUIRED' })),
    true,
  ],
  [
    'plaid_error_catalogued',
    "an Item's ITEM_LOGIN_REQUIRED with status 500",
    itemFailed(error(500, { error_type: 'ITEM_ERROR', error_code: 'ITEM_LOGIN_REQUIRED' })),
    true,
  ],
  ['no_stringified_null', 'display_message null', exchange({ status: 400, response: error(400) }), false],
  ['no_stringified_null', 'display_message "null"', exchange({ status: 400, response: error(400, { display_message: 'null' }) }), true],
  [
    'no_stringified_null',
    'an Item error whose reason is "None"',
    itemFailed(error(400, { error_type: 'ITEM_ERROR', error_code: 'ITEM_LOGIN_REQUIRED', error_code_reason: 'None' })),
    true,
  ],
  ['body_utf8', 'a byte order mark first', exchange({ raw: '\uFEFF{"request_id":"r","user_id":"usr_1","results":[]}' }), true],
  ['body_utf8', 'charset=iso-8859-1 declared', exchange({ headers: { 'content-type': 'application/json; charset=iso-8859-1' } }), true],
  ['body_utf8', 'charset="UTF-8" declared', exchange({ headers: { 'content-type': 'application/json; charset="UTF-8"' } }), false],
  ['json_unique_names', 'request_id twice', exchange({ raw: '{"request_id":"r","request_id":"s","user_id":"usr_1","results":[]}' }), true],
  [
    'json_unique_names',
    'the same name in two objects, and a name with an escaped quote',
    exchange({
      raw: '{"request_id":"r","user_id":"usr_1","results":[{"item_id":"a","product":"x"},{"item_id":"b","product":"y"}],"k\\"":1}',
    }),
    false,
  ],
  ['documentation_url_shape', "the error's own page", exchange({ status: 400, response: error(400) }), false],
  ['documentation_url_shape', 'no documentation_url', exchange({ status: 400, response: error(400, { documentation_url: null }) }), false],
  [
    'documentation_url_shape',
    'the errors overview',
    exchange({ status: 400, response: error(400, { documentation_url: 'https://plaid.com/docs/errors/' }) }),
    true,
  ],
  [
    'documentation_url_shape',
    "another code's page",
    exchange({ status: 400, response: error(400, { documentation_url: 'https://plaid.com/docs/errors/invalid-request/#invalid_field' }) }),
    true,
  ],
  [
    'documentation_url_shape',
    'http, not https',
    exchange({ status: 400, response: error(400, { documentation_url: 'http://plaid.com/docs/errors/invalid-request/#missing_fields' }) }),
    true,
  ],
  [
    'retry_after_valid',
    'Retry-After: soon',
    exchange({ status: 429, headers: { 'content-type': 'application/json', 'retry-after': 'soon' } }),
    true,
  ],
  ['retry_after_valid', 'Retry-After in seconds', exchange({ headers: { 'content-type': 'application/json', 'retry-after': '2' } }), false],
  [
    'retry_after_valid',
    'Retry-After as an HTTP-date',
    exchange({ headers: { 'content-type': 'application/json', 'retry-after': new Date(Date.now() + 2000).toUTCString() } }),
    false,
  ],
];

// request_id_unique spans exchanges: its own test follows.
describe.each(checks.map((c) => c.id).filter((id) => id !== 'request_id_unique'))('%s', (id) => {
  const mine = rows.filter(([check]) => check === id);
  test('has rows it must flag and rows it must pass', () => {
    expect(mine.some(([, , , flagged]) => flagged)).toBe(true);
    expect(mine.some(([, , , flagged]) => !flagged)).toBe(true);
  });
  test.each(mine.map(([, name, x, flagged]) => [name, x, flagged] as const))('%s', (_name, x, flagged) => {
    const result = createChecker(spec, table as never)
      .judge(x)
      .find((r) => r.check === id)!;
    expect(result.problems.length > 0, JSON.stringify(result)).toBe(flagged);
  });
});

test('request_id_unique flags a request_id seen before in the run, and only then', () => {
  const checker = createChecker(spec, table as never);
  const verdicts = [exchange(), exchange({ response: { ...ok, request_id: 'req_2' } }), exchange()].map(
    (x) => checker.judge(x).find((r) => r.check === 'request_id_unique')!.problems.length,
  );
  expect(verdicts).toEqual([0, 0, 1]);
});

test("a mock's answers skip the live-server checks, saying why", () => {
  const results = createChecker(spec, table as never).judge(exchange({ response: { ...ok, user_id: 'usr_other' } }), { live: false });
  expect(results.find((r) => r.check === 'echoes_request')).toMatchObject({ problems: [], skipped: expect.stringMatching(/mock/) });
});

test("the README's table of checks is the registry's, row for row", async () => {
  const { readFile } = await import('node:fs/promises');
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const table = readme.split('\n').filter((line) => /^\| `[a-z0-9_]+` \| (any exchange|live servers|across exchanges) \|/.test(line));
  expect(table).toEqual(checks.map((c) => `| \`${c.id}\` | ${c.scope} | ${c.rule} |`));
});
