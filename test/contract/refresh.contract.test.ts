import { describe, expect, test } from 'vitest';
import { summarizeRefresh } from '../../src/index.js';
import { successExamples } from '../support/spec-examples.js';
import { contractClient, mode, userId } from './context.js';

describe('a successful refresh', () => {
  test('returns a 200 the client accepts and the spec allows', async () => {
    const { client, validateAll } = contractClient();
    const { data, error } = await client.refreshUserFinancialData({ user_id: userId });
    expect(error).toBeUndefined();
    expect(data?.request_id).toEqual(expect.any(String));
    validateAll();
  });

  describe.runIf(mode === 'mock')('each named 200 example, selected with Prefer', () => {
    test.each(Object.keys(successExamples))('%s', async (name) => {
      const { client, validateAll } = contractClient(`example=${name}`);
      const { data, error } = await client.refreshUserFinancialData({ user_id: userId });
      expect(error).toBeUndefined();
      const [body] = validateAll();
      expect(body).toEqual(JSON.parse(JSON.stringify(data)));
      if (name === 'SomeItemsFailed') expect(summarizeRefresh(data!).itemsNeedingUser.length).toBeGreaterThan(0);
      if (name === 'NoItems') expect(data?.results).toEqual([]);
    });
  });

  describe.runIf(mode === 'mock')('dynamic responses generated from the schema', () => {
    test.each(Array.from({ length: 15 }, (_, i) => i + 1))('round %i validates', async () => {
      const { client, validateAll } = contractClient('dynamic=true');
      const { error } = await client.refreshUserFinancialData({ user_id: userId });
      expect(error).toBeUndefined();
      validateAll();
    });

    test.each(['400', '429', '500', '503'])('a dynamic %s validates as a Plaid error', async (code) => {
      const { client, validateAll } = contractClient(`code=${code}, dynamic=true`);
      const { error } = await client.refreshUserFinancialData({ user_id: userId });
      expect(error).toMatchObject({ kind: 'plaid', status: Number(code) });
      validateAll();
    });
  });
});
