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
