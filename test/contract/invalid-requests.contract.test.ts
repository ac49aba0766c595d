import { describe, expect, test } from 'vitest';
import { rawPost, userId } from './context.js';

// Raw requests: the typed client would refuse to build any of these. Each must get the spec's
// 400 PlaidError body (INVALID_REQUEST), never Prism's 422 problem JSON.
const invalid: [string, string, Record<string, string>][] = [
  ['a missing user_id', JSON.stringify({}), {}],
  ['a user_id of the wrong type', JSON.stringify({ user_id: 42 }), {}],
  ['an empty user_id', JSON.stringify({ user_id: '' }), {}],
  ['a body that is not JSON', '{"user_id": ', {}],
  ['a JSON array instead of an object', JSON.stringify([{ user_id: userId }]), {}],
  ['the wrong content type', `user_id=${userId}`, { 'Content-Type': 'application/x-www-form-urlencoded' }],
  ['an unknown field', JSON.stringify({ user_id: userId, access_token: 'access-sandbox-1' }), {}],
];

describe('an invalid request', () => {
  test.each(invalid)('with %s gets a 400 INVALID_REQUEST Plaid error', async (_name, body, headers) => {
    const { status, parsed } = await rawPost(body, headers);
    expect(parsed.error_type).toEqual(expect.any(String));
    expect(status).toBe(400);
    expect(parsed.error_type).toBe('INVALID_REQUEST');
  });
});
