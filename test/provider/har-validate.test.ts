// `plaid-refresh validate --har`: traffic recorded from the reference server conforms; traffic
// recorded from broken variants is flagged by check name; nothing printed holds a credential of
// the file; the JUnit report has one test case per check × operation.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import spec from '../../generated/openapi.json' with { type: 'json' };
import table from '../../generated/operations.json' with { type: 'json' };
import { checks } from '../../packages/toolkit/lib/checks.mjs';
import { runCommandLine } from '../../packages/toolkit/lib/cli.mjs';
import { referenceIdentity } from '../../packages/toolkit/lib/contract-identity.mjs';
import { startReferenceServer } from '../fixtures/reference-server.mjs';
import { type RecordedRequest, recordHar } from '../support/har-recorder.js';
import { repoRoot } from '../support/repo-copy.js';

const PATH = '/user/financial_data/refresh';
const { clientId, secret } = referenceIdentity;
const json = { 'Content-Type': 'application/json' };
const inHeaders = { ...json, 'PLAID-CLIENT-ID': clientId, 'PLAID-SECRET': secret };
const post = (body: unknown, headers: Record<string, string> = inHeaders): RecordedRequest => ({
  method: 'POST',
  path: PATH,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
/** What an app's traffic holds: successes for every kind of user, refusals, and another API's call. */
const traffic: RecordedRequest[] = [
  post({ user_id: referenceIdentity.userId }),
  post({ user_id: referenceIdentity.userIdWithFailures, client_id: clientId, secret }, json),
  post({ user_id: referenceIdentity.userIdAllFailing }),
  post({ user_id: referenceIdentity.userIdWithoutItems }, { ...inHeaders, 'Content-Type': 'application/json; charset=utf-8' }),
  post({ user_id: 'usr_nobody_at_all' }),
  post({}),
  post({ user_id: 42 }),
  post({ user_id: referenceIdentity.userId, colour: 'red' }),
  post({ user_id: referenceIdentity.userId }, json),
  post(`{"user_id":"${referenceIdentity.userId}"}`, { ...inHeaders, 'Content-Type': 'text/plain' }),
  post({ user_id: referenceIdentity.userId }, { ...json, 'PLAID-CLIENT-ID': clientId }),
  { method: 'GET', path: '/health', headers: {} },
];

let dir: string;
const servers: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'har-'));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

async function harOf(breakage?: string) {
  const server = await startReferenceServer({ breakage });
  servers.push(server);
  const file = path.join(dir, `${breakage ?? 'reference'}.har`);
  await writeFile(file, JSON.stringify(await recordHar(server.url, traffic)));
  return file;
}

/** `plaid-refresh validate …` as packages/toolkit/bin/plaid-refresh.mjs runs it, in this process: its exit code and what it printed. */
async function validate(...args: string[]) {
  const printed: string[] = [];
  const capture = (...line: unknown[]) => void printed.push(line.join(' '));
  const spies = [vi.spyOn(console, 'log').mockImplementation(capture), vi.spyOn(console, 'error').mockImplementation(capture)];
  vi.stubEnv('GITHUB_STEP_SUMMARY', '');
  try {
    const code = await runCommandLine(['validate', ...args], {});
    return { code, output: printed.join('\n') };
  } finally {
    for (const spy of spies) spy.mockRestore();
    vi.unstubAllEnvs();
  }
}

/** The same judgement in this process, for the rows that differ only in the traffic (the CLI's own contract is tested above and below). */
async function validateHere(har: string) {
  const { validateHar } = await import('../../packages/toolkit/lib/validate-har.mjs');
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
  try {
    const code = await validateHar({ har, document: spec, table });
    return { code, output: printed.join('\n') };
  } finally {
    log.mockRestore();
  }
}

describe('plaid-refresh validate --har', () => {
  test('passes traffic recorded from the reference server, and says what it did not judge', async () => {
    const { code, output } = await validate('--har', await harOf());
    expect(output, output).toMatch(/✔ 11 exchanges conform \(\d+ checks each; 1 not judged: other APIs, or no response\)/);
    expect(code).toBe(0);
  });

  test.each([
    ['accept-unknown-fields', /exchange 7 POST .* → 200: invalid_request_rejected: HTTP 200 for a request the spec refuses \(colour\)/],
    ['constant-request-id', /request_id_unique: request_id "REQ0CONSTANT000" was already returned \(exchange 0\)/],
    ['duplicate-item', /items_unique: results\[\d+\] repeats item/],
    ['latin1-body', /body_utf8: the body is not valid UTF-8/],
    ['echo-secret-in-body', /no_credential_echo: the body contains a credential the request sent/],
    ['wrong-user-id', /echoes_request: user_id is "usr_somebody_else"/],
    ['accept-one-of-pair', /exchange 10 POST .* → 200: credentials_required: HTTP 200 for a request without secret/],
  ])('flags traffic from a server with %s, by check name, and prints no credential of the file', async (breakage, finding) => {
    const { code, output } = await validateHere(await harOf(breakage));
    expect(code, output).toBe(1);
    expect(output).toMatch(finding);
    expect(output).toMatch(/✘ \d+ of 11 exchanges break the contract/);
    for (const credential of [secret, clientId, encodeURIComponent(secret)]) expect(output).not.toContain(credential);
  });

  test('passes a server whose Content-Type is Application/JSON with a charset: media types are case-insensitive', async () => {
    const { code, output } = await validateHere(await harOf('mixed-case-content-type'));
    expect(code, output).toBe(0);
  });

  test('writes JUnit XML with one test case per check × operation, failures carrying the exchange', async () => {
    const report = path.join(dir, 'report.xml');
    const { code } = await validate('--har', await harOf('duplicate-item'), '--reporter', 'junit', '--output', report);
    expect(code).toBe(1);
    const xml = await import('node:fs/promises').then((fs) => fs.readFile(report, 'utf8'));
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<testsuites /);
    const cases = [...xml.matchAll(/<testcase classname="([^"]+)" name="([^"]+)"/g)].map(([, op, check]) => `${op} ${check}`);
    expect(cases.sort()).toEqual(checks.map((c) => `userFinancialDataRefresh ${c.id}`).sort());
    expect(xml).toMatch(/<failure message="exchange \d+ \(POST \/user\/financial_data\/refresh → 200\): results\[\d+\] repeats item/);
    expect(xml).not.toContain(secret);
  });

  test.each([
    [['--har', '/no/such.har'], /no such file: \/no\/such\.har/],
    [['--har', path.join(repoRoot, 'package.json')], /not a HAR file/],
    [['--har', 'x.har', '--reporter', 'xml'], /--reporter must be one of text, json, junit, markdown/],
    [[], /validate needs --har/],
  ])('%j: one line, exit 2', async (args, message) => {
    const { code, output } = await validate(...args);
    expect(code).toBe(2);
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(output).toMatch(message);
  });
});
