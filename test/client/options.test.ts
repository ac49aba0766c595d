import { describe, expect, test } from 'vitest';
import { createPlaidClient, type PlaidClientOptions, PlaidConfigError } from '../../src/index.js';

const valid: PlaidClientOptions = { environment: 'sandbox', clientId: 'client_1', secret: 'secret_1234567890' };

describe('option validation at construction', () => {
  test('accepts each environment of the spec, and a baseUrl', () => {
    expect(() => createPlaidClient(valid)).not.toThrow();
    expect(() => createPlaidClient({ ...valid, environment: 'production' })).not.toThrow();
    expect(() => createPlaidClient({ clientId: 'c', secret: 'secret_1234567890', baseUrl: 'http://127.0.0.1:4010/' })).not.toThrow();
  });

  const bad: [string, Partial<Record<keyof PlaidClientOptions, unknown>>, string][] = [
    ['a missing secret', { secret: undefined }, 'secret'],
    ['an empty secret', { secret: '  ' }, 'secret'],
    ['a missing clientId', { clientId: undefined }, 'clientId'],
    ['an unknown environment', { environment: 'staging' }, 'environment'],
    ['no environment and no baseUrl', { environment: undefined }, 'environment'],
    ['both environment and baseUrl', { baseUrl: 'http://127.0.0.1:1' }, 'environment'],
    ['a bad URL', { environment: undefined, baseUrl: 'not a url' }, 'baseUrl'],
    ['a non-http URL', { environment: undefined, baseUrl: 'ftp://example.com' }, 'baseUrl'],
    ['an unknown credentials placement', { credentialsIn: 'query' }, 'credentialsIn'],
    ['a zero timeout', { timeoutMs: 0 }, 'timeoutMs'],
    ['a fractional attempt count', { retry: { attempts: 1.5 } }, 'retry.attempts'],
    ['a negative backoff', { retry: { baseDelayMs: -1 } }, 'retry.baseDelayMs'],
    ['an unknown jitter', { retry: { jitter: 'some' } }, 'retry.jitter'],
    ['a fetch that is not a function', { fetch: 'fetch' }, 'fetch'],
  ];

  test.each(bad)('rejects %s, naming the option', (_name, change, option) => {
    const attempt = () => createPlaidClient({ ...valid, ...change } as PlaidClientOptions);
    expect(attempt).toThrow(PlaidConfigError);
    expect(attempt).toThrow(`option \`${option}\``);
  });
});

describe('misspelt options fail in plain JavaScript too, naming the key and the closest valid one', () => {
  const rows: [string, Record<string, unknown>, string, string][] = [
    ['timeoutMS', { timeoutMS: 5000 }, 'timeoutMS', 'timeoutMs'],
    ['clientID', { clientID: 'c' }, 'clientID', 'clientId'],
    ['retry.attempt', { retry: { attempt: 3 } }, 'retry.attempt', 'retry.attempts'],
    ['retry.maxDelay', { retry: { maxDelay: 10 } }, 'retry.maxDelay', 'retry.maxDelayMs'],
  ];
  test.each(rows)('%s', (_name, change, key, closest) => {
    const attempt = () => createPlaidClient({ ...valid, ...change } as PlaidClientOptions);
    expect(attempt).toThrow(PlaidConfigError);
    expect(attempt).toThrow(`option \`${key}\` is unknown; did you mean \`${closest}\`?`);
  });

  test('a key like no option lists the valid ones', () => {
    expect(() => createPlaidClient({ ...valid, zzzzzzzz: 1 } as PlaidClientOptions)).toThrow(
      /`zzzzzzzz` is unknown; valid: environment, baseUrl/,
    );
  });

  test('retry that is not an object is refused', () => {
    expect(() => createPlaidClient({ ...valid, retry: 3 } as unknown as PlaidClientOptions)).toThrow('option `retry` must be an object');
  });

  test('a misspelt per-call option ends the call as invalid_request naming it, and nothing is sent', async () => {
    let sent = 0;
    const plaid = createPlaidClient({
      ...valid,
      fetch: async () => {
        sent++;
        return new Response('{}');
      },
    });
    const { error } = await plaid.refreshUserFinancialData({ user_id: 'u' }, { header: { Prefer: 'code=500' } } as never);
    expect(error).toMatchObject({ kind: 'invalid_request' });
    expect(error?.message).toContain('per-call option `header` is unknown; did you mean `headers`?');
    expect(error?.cause).toMatchObject({ name: 'PlaidConfigError' });
    expect(sent).toBe(0);
  });
});

test('without a fetch option, the global fetch is looked up at each call (MSW or a tracer may patch it after the client is made)', async () => {
  const plaid = createPlaidClient({ ...valid, retry: { attempts: 1 } });
  const original = globalThis.fetch;
  const seen: string[] = [];
  globalThis.fetch = async (input) => {
    seen.push(String(input instanceof Request ? input.url : input));
    return Response.json({ request_id: 'r', user_id: 'u', results: [] });
  };
  try {
    const { data } = await plaid.refreshUserFinancialData({ user_id: 'u' });
    expect(data?.request_id).toBe('r');
    expect(seen).toEqual(['https://sandbox.plaid.com/user/financial_data/refresh']);
  } finally {
    globalThis.fetch = original;
  }
});
