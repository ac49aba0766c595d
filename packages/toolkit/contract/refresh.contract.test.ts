import { describe, expect, test } from 'vitest';
import { mode, refreshThroughClient, userId } from './context.js';

describe('a successful refresh', () => {
  test('returns a 200 the client accepts and the spec allows', async () => {
    const { data, error } = await refreshThroughClient({ user_id: userId });
    expect(error).toBeUndefined();
    expect(data?.request_id).toEqual(expect.any(String));
  });

  // Without a fixed --seed, Prism draws a new body for each request: each round is a new sample.
  describe.runIf(mode === 'mock')('dynamic responses generated from the schema', () => {
    test.each(Array.from({ length: 15 }, (_, i) => i + 1))('round %i validates', async () => {
      const { error } = await refreshThroughClient({ user_id: userId }, 'dynamic=true');
      expect(error).toBeUndefined();
    });

    test.each(['400', '429', '500', '503'])('a dynamic %s validates as a Plaid error', async (code) => {
      const { error } = await refreshThroughClient({ user_id: userId }, `code=${code}, dynamic=true`);
      expect(error).toMatchObject({ kind: 'plaid', status: Number(code) });
    });
  });
});
