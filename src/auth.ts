// Credentials: the three headers the official SDKs send, as a plain table for the core
// (`plaidHeaders`) and as openapi-fetch middleware for `raw`, or the JSON body, as a body
// serializer, so both clients carry them on every path.
import type { Middleware } from 'openapi-fetch';

export interface Credentials {
  readonly clientId: string;
  readonly secret: string;
  readonly plaidVersion: string;
}

/** The headers every call carries; `Plaid-Version` always, the credentials unless they go in the body. */
export function plaidHeaders({ clientId, secret, plaidVersion }: Credentials, inBody: boolean): Record<string, string> {
  return inBody
    ? { 'Plaid-Version': plaidVersion }
    : { 'PLAID-CLIENT-ID': clientId, 'PLAID-SECRET': secret, 'Plaid-Version': plaidVersion };
}

const credentialNames = new Set(['plaid-client-id', 'plaid-secret', 'plaid-version']);

/** A caller's per-call headers without any that would replace the configured credentials. */
export const withoutCredentialHeaders = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !credentialNames.has(name.toLowerCase())));

export function credentialsMiddleware({ clientId, secret, plaidVersion }: Credentials): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set('PLAID-CLIENT-ID', clientId);
      request.headers.set('PLAID-SECRET', secret);
      request.headers.set('Plaid-Version', plaidVersion);
    },
  };
}

export function versionMiddleware(plaidVersion: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set('Plaid-Version', plaidVersion);
    },
  };
}

/** openapi-fetch's `bodySerializer`: the request as JSON with `client_id` and `secret` added. */
export const bodyCredentials =
  ({ clientId, secret }: Credentials) =>
  (body: unknown) =>
    JSON.stringify({ ...(body as object), client_id: clientId, secret });
