import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { errorExamples, example, successExamples } from '../../packages/toolkit/contract/support/spec-examples.js';
import { createPlaidClient, describeError, PlaidApiError, summarizeRefresh } from '../../src/index.js';
import { json, plaidError, type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(() => server.close());

const client = () => createPlaidClient({ baseUrl: server.url, clientId: 'client_1', secret: 'secret_1', retry: { attempts: 1 } });

describe('a successful refresh', () => {
  test('returns the validated body and no error', async () => {
    server.script(json(200, example(successExamples, 'AllItemsRefreshed')));
    const { data, error } = await client().refreshUserFinancialData({ user_id: 'usr_8c3ZbDBYjaqUXZ' });
    expect(error).toBeUndefined();
    expect(data?.results).toHaveLength(4);
    expect(server.received[0]).toMatchObject({ method: 'POST', url: '/user/financial_data/refresh' });
    expect(JSON.parse(server.received[0]!.body)).toEqual({ user_id: 'usr_8c3ZbDBYjaqUXZ' });
  });

  test('accepts a user with no Items', async () => {
    server.script(json(200, example(successExamples, 'NoItems')));
    const { data } = await client().refreshUserFinancialData({ user_id: 'usr_2bN6kQpXmRt9Vw' });
    expect(data?.results).toEqual([]);
  });

  test('accepts a product and fields it does not know yet', async () => {
    server.script(
      json(200, { request_id: 'r', user_id: 'u', results: [{ item_id: 'i', product: 'cash_flow', new_field: 1 }], extra: true }),
    );
    const { data, error } = await client().refreshUserFinancialData({ user_id: 'u' });
    expect(error).toBeUndefined();
    expect(data?.results[0]?.product).toBe('cash_flow');
  });
});

describe('a partial per-Item failure', () => {
  test('is a success whose failed Items are split out and grouped by code', async () => {
    server.script(json(200, example(successExamples, 'SomeItemsFailed')));
    const { data } = await client().refreshUserFinancialData({ user_id: 'usr_8c3ZbDBYjaqUXZ' });
    const outcome = summarizeRefresh(data!);
    expect(outcome.succeeded.map((r) => r.item_id)).toEqual(['Ed6bjNrDLJfGvZWwnkQlfxwoNz54B5C97ejBr']);
    expect(outcome.failed).toHaveLength(2);
    expect(Object.keys(outcome.failedByCode)).toEqual(['ITEM_LOGIN_REQUIRED']);
    expect(outcome.itemsNeedingUser).toEqual(['3Gk8wQZpLJfDvRm2nB4xHyNq9aEoKc7Vt1Ujs', '9pQrWx2LmNbVc8ZtYk3Hs5Fd1GjAe7Ro4UiKo']);
  });

  test('says the user must act for an OAuth reason, with the reason-specific advice', async () => {
    server.script(json(200, example(successExamples, 'SomeItemsFailed')));
    const { data } = await client().refreshUserFinancialData({ user_id: 'usr_8c3ZbDBYjaqUXZ' });
    const oauth = summarizeRefresh(data!).failed.find((f) => f.error.error_code_reason === 'OAUTH_CONSENT_EXPIRED');
    expect(oauth?.userActionRequired).toBe(true);
    expect(oauth?.action).toMatch(/consent expired/i);
  });

  test('does not ask the user to act for an institution outage', async () => {
    const down = plaidError(400, 'INSTITUTION_ERROR', 'INSTITUTION_DOWN');
    server.script(json(200, { request_id: 'r', user_id: 'u', results: [{ item_id: 'i', product: 'transactions', error: down }] }));
    const { data } = await client().refreshUserFinancialData({ user_id: 'u' });
    const [failure] = summarizeRefresh(data!).failed;
    expect(failure?.userActionRequired).toBe(false);
    expect(summarizeRefresh(data!).itemsNeedingUser).toEqual([]);
  });
});

describe('each error class of the whole call', () => {
  const cases = [
    ['400', 'MissingFields', 'INVALID_REQUEST', 'MISSING_FIELDS', false],
    ['400', 'InvalidField', 'INVALID_REQUEST', 'INVALID_FIELD', false],
    ['400', 'InvalidApiKeys', 'INVALID_INPUT', 'INVALID_API_KEYS', false],
    ['400', 'UserNotFound', 'USER_ERROR', 'USER_NOT_FOUND', false],
    ['429', 'RateLimitExceeded', 'RATE_LIMIT_EXCEEDED', 'RATE_LIMIT', true],
    ['500', 'InternalServerError', 'API_ERROR', 'INTERNAL_SERVER_ERROR', true],
    ['503', 'PlannedMaintenance', 'API_ERROR', 'PLANNED_MAINTENANCE', true],
  ] as const;

  test.each(cases)('%s %s is a PlaidApiError %s/%s (retryable: %s)', async (status, name, type, code, retryable) => {
    server.script(json(Number(status), example(errorExamples(status), name)));
    const { data, error } = await client().refreshUserFinancialData({ user_id: 'usr_1' });
    expect(data).toBeUndefined();
    expect(error).toBeInstanceOf(PlaidApiError);
    const apiError = error as PlaidApiError;
    expect(apiError).toMatchObject({ kind: 'plaid', status: Number(status), errorType: type, errorCode: code, retryable });
    expect(describeError(apiError).docsUrl).toMatch(/^https:\/\/plaid\.com\/docs\/errors\//);
    expect(apiError.message).toContain(`${type}/${code}`);
  });

  test('an unknown code is handled by its status class', async () => {
    server.script(json(502, plaidError(502, 'API_ERROR', 'SOMETHING_NEW')), json(418, plaidError(418, 'NEW_TYPE', 'NEW_CODE')));
    const [gateway, teapot] = [
      await client().refreshUserFinancialData({ user_id: 'u' }),
      await client().refreshUserFinancialData({ user_id: 'u' }),
    ];
    expect((gateway.error as PlaidApiError).retryable).toBe(true);
    expect((teapot.error as PlaidApiError).retryable).toBe(false);
    expect((teapot.error as PlaidApiError).errorType).toBe('NEW_TYPE');
  });
});
