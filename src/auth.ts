// Credentials as openapi-fetch middleware: the three headers the official SDKs send. When the
// caller asks for credentials in the body instead, client.ts merges them into the body.
import type { Middleware } from 'openapi-fetch';

export interface Credentials {
  readonly clientId: string;
  readonly secret: string;
  readonly plaidVersion: string;
}

export function headerCredentials({ clientId, secret, plaidVersion }: Credentials): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set('PLAID-CLIENT-ID', clientId);
      request.headers.set('PLAID-SECRET', secret);
      request.headers.set('Plaid-Version', plaidVersion);
    },
  };
}

export function versionHeader(plaidVersion: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set('Plaid-Version', plaidVersion);
    },
  };
}
