import { describe, expect, test } from 'vitest';
import { summarizeRefresh } from '../../src/index.js';
import { exchangeOf, expectMatchesSpec } from '../support/spec-validator.js';
import { endpoint, mode, rawPost, refreshThroughClient, userId, userIdWithFailures } from './context.js';

describe.runIf(mode === 'proxy')('errors a real server decides', () => {
  test('a user with failing Items gets per-Item Plaid errors in a 200', async () => {
    const { data, error } = await refreshThroughClient({ user_id: userIdWithFailures });
    expect(error).toBeUndefined();
    expect(summarizeRefresh(data!).failed.length).toBeGreaterThan(0);
  });

  test('wrong credentials get a 400 INVALID_INPUT / INVALID_API_KEYS', async () => {
    const { error } = await refreshThroughClient({ user_id: userId }, undefined, { secret: 'not_the_secret_0000' });
    expect(error).toMatchObject({ kind: 'plaid', status: 400, errorType: 'INVALID_INPUT', errorCode: 'INVALID_API_KEYS' });
  });

  test('an unknown user gets a 400 Plaid error', async () => {
    const { status, parsed } = await rawPost(JSON.stringify({ user_id: 'usr_does_not_exist_contract' }));
    expect(status).toBe(400);
    expect(['USER_ERROR', 'INVALID_INPUT']).toContain(parsed.error_type);
  });

  test('missing credentials get a 400 INVALID_REQUEST Plaid error', async () => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user_id: userId }),
    });
    const exchange = await exchangeOf(response);
    const parsed = expectMatchesSpec(exchange);
    expect(exchange.status).toBe(400);
    expect(parsed).toMatchObject({ error_type: 'INVALID_REQUEST' });
  });
});
