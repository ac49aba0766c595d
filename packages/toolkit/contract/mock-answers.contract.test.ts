// What the mock answers where the spec alone would let Prism answer wrongly: a refused request gets
// Plaid's 400 naming what is wrong (not the operation's first 400 example), and a success echoes
// the request's fields. Table-driven, over real HTTP to the mock.
import { describe, expect, test } from 'vitest';
import { credentialHeaders } from '../lib/plaid-facts.mjs';
import { credentials, mode, rawRequest } from './context.js';

const PATH = '/user/financial_data/refresh';
const noCredentials = credentialHeaders({ clientId: null, secret: null });

describe.runIf(mode === 'mock')('the mock', () => {
  test.each(['usr_echo_7Yq2', 'usr_ü_unicode', 'x'])('answers a valid request for %j with that user_id', async (userId) => {
    const { status, parsed, why } = await rawRequest('post', PATH, JSON.stringify({ user_id: userId }));
    expect(status, why).toBe(200);
    expect(parsed.user_id).toBe(userId);
  });

  const refused: [string, string, Record<string, string | null>, string, RegExp][] = [
    ['no user_id', '{}', {}, 'MISSING_FIELDS', /missing: user_id$/],
    ['a user_id of the wrong type', '{"user_id":42}', {}, 'INVALID_FIELD', /^user_id must be string$/],
    ['an empty user_id', '{"user_id":""}', {}, 'INVALID_FIELD', /^user_id must NOT have fewer than 1 characters$/],
    ['an unknown field', '{"user_id":"u","colour":"red"}', {}, 'UNKNOWN_FIELDS', /not recognized by this endpoint: colour$/],
    ['no credentials anywhere', '{"user_id":"u"}', noCredentials, 'MISSING_FIELDS', /missing: client_id, secret$/],
    ['a client_id in the body but no secret', `{"user_id":"u","client_id":"c"}`, noCredentials, 'MISSING_FIELDS', /missing: secret$/],
    ['a text/plain body', '{"user_id":"u"}', { 'Content-Type': 'text/plain' }, 'INVALID_BODY', /Content-Type: application\/json/],
    ['a JSON array', '[{"user_id":"u"}]', {}, 'INVALID_BODY', /must be a JSON object/],
  ];
  test.each(refused)("refuses %s with Plaid's 400 naming what is wrong", async (_name, body, headers, code, message) => {
    const { status, parsed, why } = await rawRequest('post', PATH, body, headers);
    expect(status, why).toBe(400);
    expect(parsed, why).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: code, status: 400 });
    expect(parsed.error_message).toMatch(message);
  });

  test.each(['application/json', 'Application/JSON', 'application/json; charset=utf-8', 'application/json;charset=UTF-8'])(
    'accepts Content-Type %j (media types are case-insensitive, parameters allowed)',
    async (contentType) => {
      const { status, why } = await rawRequest('post', PATH, JSON.stringify({ user_id: 'u' }), { 'Content-Type': contentType });
      expect(status, why).toBe(200);
    },
  );

  test('accepts the credentials in the body', async () => {
    const body = JSON.stringify({ user_id: 'u', client_id: credentials.clientId, secret: credentials.secret });
    expect((await rawRequest('post', PATH, body, noCredentials)).status).toBe(200);
  });
});
