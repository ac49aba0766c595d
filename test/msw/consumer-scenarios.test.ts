// A consumer's unit tests with the toolkit's MSW handlers: the client under test calls "Plaid" and
// MSW answers in this process. This file runs here and, copied as it is, in a fresh consumer repo
// that installed both packages (test/consumer/msw.test.ts): it imports only the packages' names.
import { readdirSync, readFileSync } from 'node:fs';
import { setupServer } from 'msw/node';
import { createPlaidClient, PlaidApiError, type RetryEvent, summarizeRefresh } from 'plaid-user-financial-data-refresh';
import { answer, failOnUnhandledPlaidRequest, plaidHandlers, sequence } from 'plaid-user-financial-data-refresh-toolkit/msw';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';

const server = setupServer(...plaidHandlers());
beforeAll(() => server.listen({ onUnhandledRequest: failOnUnhandledPlaidRequest() }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const events: RetryEvent[] = [];
const plaid = createPlaidClient({
  environment: 'sandbox',
  clientId: 'client_in_test',
  secret: 'secret_in_test_0000',
  retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, jitter: 'none' },
  onRetry: (event) => events.push(event),
});
afterEach(() => {
  events.length = 0;
});

test('a success: the first 200 example, with the user_id the test sent', async () => {
  const { data, error } = await plaid.refreshUserFinancialData({ user_id: 'usr_under_test' });
  expect(error).toBeUndefined();
  expect(data?.user_id).toBe('usr_under_test');
  expect(data?.results.length).toBeGreaterThan(0);
});

test('a per-Item failure, picked by the example name', async () => {
  server.use(answer('userFinancialDataRefresh', { status: 200, example: 'SomeItemsFailed' }));
  const { data } = await plaid.refreshUserFinancialData({ user_id: 'usr_1' });
  const outcome = summarizeRefresh(data!);
  expect(outcome.failed.length).toBeGreaterThan(0);
  expect(outcome.itemsNeedingUser.length).toBeGreaterThan(0);
});

test('a 503 then a 200: the client retries once and succeeds', async () => {
  server.use(
    sequence('userFinancialDataRefresh', [
      { status: 503, example: 'PlannedMaintenance' },
      { status: 200, example: 'AllItemsRefreshed' },
    ]),
  );
  const { data } = await plaid.refreshUserFinancialData({ user_id: 'usr_1' });
  expect(data?.request_id).toEqual(expect.any(String));
  expect(events.map((e) => e.reason)).toEqual(['503']);
});

test('a 429 with Retry-After reaches the caller as a typed Plaid error', async () => {
  server.use(answer('userFinancialDataRefresh', { status: 429, example: 'RateLimitExceeded', headers: { 'Retry-After': '120' } }));
  const { error } = await plaid.refreshUserFinancialData({ user_id: 'usr_1' });
  expect(error).toBeInstanceOf(PlaidApiError);
  expect(error).toMatchObject({ status: 429, errorCode: 'RATE_LIMIT', retryAfterMs: 120_000 });
});

test("an invalid request gets the spec's 400, naming the field, as from the real API", async () => {
  const { error } = await plaid.refreshUserFinancialData({ user_id: '' });
  expect(error).toMatchObject({ kind: 'plaid', status: 400, errorType: 'INVALID_REQUEST', errorCode: 'INVALID_FIELD' });
  expect(error?.message).toContain('user_id');
});

test('a custom body, typed against the 200 response', async () => {
  server.use(
    answer('userFinancialDataRefresh', {
      status: 200,
      body: { request_id: 'req_custom', user_id: 'usr_custom', results: [{ item_id: 'item_1', product: 'transactions' }] },
    }),
  );
  const { data } = await plaid.refreshUserFinancialData({ user_id: 'usr_1' });
  expect(data).toEqual({ request_id: 'req_custom', user_id: 'usr_custom', results: [{ item_id: 'item_1', product: 'transactions' }] });
});

test('a request to a Plaid path the spec does not have fails the test loudly', async () => {
  const response = await fetch('https://sandbox.plaid.com/user/not_in_the_spec', { method: 'POST', body: '{}' }).catch(
    (error: Error) => error,
  );
  expect(response).toBeInstanceOf(Error);
});

test('no child process was started: everything ran in this process', () => {
  const children = readdirSync(`/proc/${process.pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean),
  );
  expect(children).toEqual([]);
});
