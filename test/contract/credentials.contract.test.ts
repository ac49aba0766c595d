import { readFile } from 'node:fs/promises';
import { describe, expect, inject, test } from 'vitest';
import { credentials, rawPost, refreshThroughClient, userId } from './context.js';

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
    const { status } = await rawPost(body);
    expect(status).toBe(200);
  });
});

describe('the Prism log', () => {
  test('never holds a credential sent in headers or in the body', async () => {
    const canary = 'CANARY-contract-secret-91c2e7';
    const marker = `usr_log_check_${Date.now()}`;
    await rawPost(JSON.stringify({ user_id: marker }), { 'PLAID-SECRET': canary });
    await rawPost(JSON.stringify({ user_id: marker, client_id: 'client_log_check', secret: canary }), { 'PLAID-SECRET': '' });
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
