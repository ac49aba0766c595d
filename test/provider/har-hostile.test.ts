// validate --har against HAR files a careless exporter or a hostile server produce: credentials in
// every place and spelling never reach the output, bodies the exporter left out are not judged as
// empty, and a malformed file is one line and exit 2.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import spec from '../../generated/openapi.json' with { type: 'json' };
import table from '../../generated/operations.json' with { type: 'json' };
import { UsageError } from '../../packages/toolkit/lib/step.mjs';
import { validateHar } from '../../packages/toolkit/lib/validate-har.mjs';

const CLIENT_ID = 'client_har_7f3a9c';
const SECRET = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5';
const URL_ = 'https://sandbox.plaid.com/user/financial_data/refresh';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const ok = { request_id: 'req_har_1', user_id: 'usr_1', results: [] };

type Entry = Record<string, unknown>;
const entry = ({
  url = URL_,
  headers = [{ name: 'Content-Type', value: 'application/json' }] as { name: string; value: string }[],
  body = JSON.stringify({ user_id: 'usr_1' }) as string | undefined,
  bodySize = undefined as number | undefined,
  status = 200,
  responseHeaders = [{ name: 'content-type', value: 'application/json' }],
  text = JSON.stringify(ok) as string | undefined,
} = {}): Entry => ({
  request: {
    method: 'POST',
    url,
    headers,
    ...(body === undefined ? {} : { postData: { mimeType: 'application/json', text: body } }),
    ...(bodySize === undefined ? {} : { bodySize }),
  },
  response: { status, headers: responseHeaders, content: text === undefined ? { mimeType: 'application/json' } : { mimeType: 'x', text } },
});
const plaidHeaders = [
  { name: 'Content-Type', value: 'application/json' },
  { name: 'PLAID-CLIENT-ID', value: CLIENT_ID },
  { name: 'PLAID-SECRET', value: SECRET },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'har-hostile-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The command's own function, in this process (the CLI around it is tested in har-validate.test.ts). */
async function validate(entries: Entry[] | string, name: string) {
  const file = path.join(dir, `${name.replace(/\W+/g, '-')}.har`);
  await writeFile(file, typeof entries === 'string' ? entries : JSON.stringify({ log: { version: '1.2', entries } }));
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args) => void printed.push(args.join(' ')));
  try {
    const code = await validateHar({ har: file, reporter: 'json', document: spec, table });
    return { code, output: printed.join('\n') };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { code: 2, output: error.message };
  } finally {
    log.mockRestore();
  }
}

const echo401 = (body: string) => ({ status: 401, responseHeaders: [{ name: 'content-type', value: 'text/plain' }], text: body });
const leaks: [string, Entry][] = [
  [
    'an echoed Basic credential, base64 at an offset',
    entry({ headers: [...plaidHeaders], ...echo401(`Authorization: Basic ${b64(`${CLIENT_ID}:${SECRET}`)}`) }),
  ],
  [
    'a Basic Authorization request, echoed',
    entry({
      headers: [{ name: 'Authorization', value: `Basic ${b64(`${CLIENT_ID}:${SECRET}`)}` }],
      ...echo401(`got ${b64(`${CLIENT_ID}:${SECRET}`)}`),
    }),
  ],
  ['credentials in the query string', entry({ url: `${URL_}?client_id=${CLIENT_ID}&secret=${SECRET}`, ...echo401(`secret=${SECRET}`) })],
  [
    'credentials in a form body',
    entry({
      headers: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }],
      body: `client_id=${CLIENT_ID}&secret=${SECRET}&user_id=u`,
      ...echo401(`you sent secret=${SECRET}`),
    }),
  ],
  [
    'a JSON body with a byte order mark',
    entry({ body: `\uFEFF${JSON.stringify({ user_id: 'u', client_id: CLIENT_ID, secret: SECRET })}`, ...echo401(`{"secret":"${SECRET}"`) }),
  ],
  ['the secret at character 108 of a text body', entry({ headers: plaidHeaders, ...echo401(`${'x'.repeat(108)}${SECRET}`) })],
  [
    'a PLAID-SECRET header sent twice, the first value echoed',
    entry({
      headers: [
        ...plaidHeaders.slice(0, 2),
        { name: 'PLAID-SECRET', value: SECRET },
        { name: 'PLAID-SECRET', value: 'second_secret_0000' },
      ],
      ...echo401(`first one was ${SECRET}`),
    }),
  ],
  [
    'the secret percent-encoded in a JSON body',
    entry({ headers: plaidHeaders, status: 200, text: JSON.stringify({ ...ok, note: encodeURIComponent(`s=${SECRET}`) }) }),
  ],
];

describe('no credential of the file reaches the output, in any place or spelling', () => {
  test.each(leaks)('%s', async (name, leaky) => {
    const { output } = await validate([leaky], name);
    for (const spelled of [SECRET, SECRET.slice(0, 12), b64(`${CLIENT_ID}:${SECRET}`), b64(`:${SECRET}`).slice(2, 20), CLIENT_ID]) {
      expect(output).not.toContain(spelled);
    }
  });

  test('an echo in another spelling is a no_credential_echo finding', async () => {
    const { code, output } = await validate([leaks.find(([name]) => name.includes('percent-encoded'))![1]], 'percent-echo');
    expect(code).toBe(1);
    expect(output).toContain('the body contains a credential the request sent');
  });
});

describe('what the exporter left out is not judged as empty', () => {
  test.each([
    ['a response without content.text', entry({ headers: plaidHeaders, text: undefined })],
    ['a request without postData (bodySize unknown)', entry({ headers: plaidHeaders, body: undefined })],
    ['a request that got no response (status 0)', entry({ headers: plaidHeaders, status: 0, text: '' })],
  ])('%s conforms', async (name, recorded) => {
    const { code, output } = await validate([recorded], name);
    expect(code, output).toBe(0);
  });
});

test.each([
  ['a relative request URL', [entry({ url: '/user/financial_data/refresh' })], /entry 0 has no absolute request.url/],
  ['entries that are not a list', '{"log":{"entries":{}}}', /not a HAR file/],
  ['not JSON', '{"log":', /cannot read .* as a HAR file/],
  [
    'not JSON, around a credential',
    `{"log":{"entries":[{"PLAID-SECRET":${SECRET}}]}}`,
    /cannot read .* as a HAR file: it is not JSON( \(at character \d+\))?$/,
  ],
])('%s: one line, exit 2, quoting nothing of the file', async (name, entries, message) => {
  const { code, output } = await validate(entries as Entry[] | string, name);
  expect(code).toBe(2);
  expect(output.trim().split('\n')).toHaveLength(1);
  expect(output).toMatch(message);
  expect(output).not.toContain(SECRET.slice(0, 8));
});

test('a HAR saved with a byte order mark is read', async () => {
  const { code } = await validate(`\uFEFF${JSON.stringify({ log: { entries: [entry({ headers: plaidHeaders })] } })}`, 'bom');
  expect(code).toBe(0);
});
