// What every contract test needs: where Prism is, which mode it runs in, whose credentials and
// user to send, and a client whose every response is kept for validation.

import { createPlaidClient, type PlaidClientOptions } from 'plaid-user-financial-data-refresh';
import { inject } from 'vitest';
import { contractIdentity, identityFields } from '../lib/contract-identity.mjs';
import { requestHeaders } from '../lib/plaid-facts.mjs';
import { recordingFetch } from './support/recording-fetch.js';
import { exampleValue } from './support/spec-examples.js';
import { expectMatchesSpec, operations, reproduce } from './support/spec-validator.js';

export const prismUrl = inject('prismUrl');
export const mode = inject('contractMode');
/** The server itself (through a relay that passes bytes as sent), or '' against the mock. */
export const directUrl = inject('directUrl');

// Against a real server these must be real (CONTRACT_* variables); against the mock any will do.
const identity = contractIdentity();
export const credentials = { clientId: identity.clientId, secret: identity.secret };
export const userId = identity.userId;
/** A user some of whose Items fail to refresh, to see per-Item errors from a real server. */
export const userIdWithFailures = identity.userIdWithFailures;
/** Boundary users: every Item fails, or there are none. */
export const userIdAllFailing = identity.userIdAllFailing;
export const userIdWithoutItems = identity.userIdWithoutItems;

/**
 * Calls through the typed client, without retries so there is exactly one exchange, and
 * validates every response body against the spec before the test looks at the result.
 */
export async function refreshThroughClient(request: { user_id: string }, prefer?: string, options: Partial<PlaidClientOptions> = {}) {
  const recorder = recordingFetch(prefer);
  const client = createPlaidClient({ baseUrl: prismUrl, ...credentials, fetch: recorder.fetch, retry: { attempts: 1 }, ...options });
  const result = await client.refreshUserFinancialData(request);
  if (recorder.exchanges.length === 0) throw new Error(`no response was received: ${result.error?.message}`);
  const bodies = recorder.exchanges.map(expectMatchesSpec);
  return { ...result, bodies };
}

/** A raw request, for what the client would refuse to send; its response is validated too. */
export const rawPost = (body: string, headers: RawHeaders = {}) => rawRequest('post', '/user/financial_data/refresh', body, headers);

/** Header values; `null` leaves out one the request would otherwise carry. */
export type RawHeaders = Record<string, string | null>;

/**
 * @param origin where to send it: the Prism in front (default), or the server itself for a request
 *   whose bytes are the point (a proxy would parse and re-encode them)
 */
export async function rawRequest(method: string, path: string, body: string | Uint8Array, headers: RawHeaders = {}, origin = prismUrl) {
  const recorder = recordingFetch();
  await recorder.fetch(`${origin}${path}`, {
    method: method.toUpperCase(),
    headers: requestHeaders(credentials, headers),
    body: body as BodyInit,
  });
  const exchange = recorder.exchanges[0]!;
  // `why`: the curl that sends this request again and what came back, for any assertion's message.
  return { ...exchange, parsed: expectMatchesSpec(exchange) as Record<string, unknown>, why: reproduce(exchange) };
}

/** A valid body for an operation: its first named request example, without credentials, for our user. */
export function validBody(operationId: string): Record<string, unknown> {
  const request = operations[operationId]!.request;
  if (!request) return {};
  const [first] = request.examples;
  const body = { ...((first ? exampleValue(first) : {}) as Record<string, unknown>) };
  delete body.client_id;
  delete body.secret;
  // Fields the contract identity fills (the user) carry its values, so a real server knows them.
  for (const [field, value] of Object.entries(identityFields({ userId }))) {
    if (value !== undefined && request.properties.includes(field)) body[field] = value;
  }
  return body;
}
