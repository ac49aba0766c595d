// Credentials, for every operation that needs them: accepted in the headers, in the body and in
// both; refused when none is sent, and when the two places disagree. Plaid's API reference says where they may go; which answer a wrong one gets
// only a real server can decide, so those cases run through the proxy.
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, test } from 'vitest';
import { credentialHeaders } from '../lib/plaid-facts.mjs';
import { credentials, mode, rawPost, rawRequest, refreshThroughClient, userId, validBody } from './context.js';
import { operations } from './support/spec-validator.js';

describe('credentials are accepted', () => {
  test('in the PLAID-CLIENT-ID / PLAID-SECRET headers', async () => {
    const { error } = await refreshThroughClient({ user_id: userId }, undefined, { credentialsIn: 'headers' });
    expect(error).toBeUndefined();
  });

  test('in the JSON body', async () => {
    const { error } = await refreshThroughClient({ user_id: userId }, undefined, { credentialsIn: 'body' });
    expect(error).toBeUndefined();
  });

  test('in both places at once', async () => {
    const body = JSON.stringify({ user_id: userId, client_id: credentials.clientId, secret: credentials.secret });
    const { status, why } = await rawPost(body);
    expect(status, why).toBe(200);
  });
});

const secured = Object.entries(operations).filter(([, op]) => op.security.some((alternative) => alternative.length > 0));
const wrong = { clientId: 'contract_wrong_client_id', secret: 'contract_wrong_secret_0000' };
const none = credentialHeaders({ clientId: null, secret: null });

describe.each(secured)('%s refuses', (operationId, operation) => {
  const send = (headers: Record<string, string | null>, bodyCredentials: Record<string, string> = {}) =>
    rawRequest(operation.method, operation.path, JSON.stringify({ ...validBody(operationId), ...bodyCredentials }), headers);

  test('a request with no credentials anywhere: 400 INVALID_REQUEST / MISSING_FIELDS', async () => {
    const { status, parsed, why } = await send(none);
    expect(status, why).toBe(400);
    expect(parsed, why).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'MISSING_FIELDS' });
  });

  // Each credential absent, empty or wrong, in each place, is the probe table's (security family);
  // what it cannot derive from the spec is Plaid's rule for both places at once.
  const refused: [string, Record<string, string | null>, Record<string, string>][] = [
    ['a body client_id that disagrees with the header', {}, { client_id: wrong.clientId }],
    [
      'a header secret that disagrees with the body',
      { 'PLAID-SECRET': wrong.secret },
      { client_id: credentials.clientId, secret: credentials.secret },
    ],
    ['a body secret that disagrees with the header', {}, { secret: wrong.secret }],
  ];
  describe.runIf(mode === 'proxy')('as a real server must', () => {
    test.each(refused)('%s: a 400 PlaidError, never a success', async (_case, headers, bodyCredentials) => {
      const { status, parsed, why } = await send(headers, bodyCredentials);
      expect(status, why).toBe(400);
      expect(['INVALID_INPUT', 'INVALID_REQUEST'], why).toContain(parsed.error_type);
    });
  });
});

describe('the Prism log', () => {
  test('never holds a credential sent in headers or in the body', async () => {
    const canary = 'CANARY-contract-secret-91c2e7';
    const marker = `usr_log_check_${Date.now()}`;
    await rawPost(JSON.stringify({ user_id: marker }), { 'PLAID-SECRET': canary });
    await rawPost(JSON.stringify({ user_id: marker, client_id: 'client_log_check', secret: canary }), none);
    let log = '';
    // Prism writes its log asynchronously: wait, with a bound, until both requests are in it.
    for (let i = 0; i < 50 && log.split(marker).length - 1 < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      log = await readFile(inject('prismLog'), 'utf8');
    }
    expect(log.split(marker).length - 1).toBeGreaterThanOrEqual(2);
    expect(log).not.toContain(canary);
  });
});
