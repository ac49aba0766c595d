import { summarizeRefresh } from 'plaid-user-financial-data-refresh';
import { describe, expect, test } from 'vitest';
import { mode, rawPost, refreshThroughClient, userId, userIdAllFailing, userIdWithFailures, userIdWithoutItems } from './context.js';

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
    const { status, parsed, why } = await rawPost(JSON.stringify({ user_id: 'usr_does_not_exist_contract' }));
    expect(status, why).toBe(400);
    expect(['USER_ERROR', 'INVALID_INPUT']).toContain(parsed.error_type);
  });

  test('a user with no Items gets results: [], not null and not absent', async () => {
    const { data, error } = await refreshThroughClient({ user_id: userIdWithoutItems });
    expect(error).toBeUndefined();
    expect(data!.results).toEqual([]);
  });

  test('a user all of whose Items fail gets a 200 with an error on every result', async () => {
    const { data, error } = await refreshThroughClient({ user_id: userIdAllFailing });
    expect(error).toBeUndefined();
    expect(data!.results.length).toBeGreaterThan(0);
    expect(summarizeRefresh(data!).succeeded).toEqual([]);
  });
});
