// The errors a call can end in. Every one is an Error with a `kind`, so callers can switch on it,
// and none ever holds a credential: the core redacts messages, bodies and causes (redact.ts)
// before it builds them.
import type { PlaidError } from '../generated/schema.js';
import { retryableStatuses } from './retry.js';

const clip = (text: string, max = 500) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Plaid answered with a 4xx/5xx and a Plaid error body. */
export class PlaidApiError extends Error {
  override readonly name = 'PlaidApiError';
  readonly kind = 'plaid' as const;
  readonly errorType: string;
  readonly errorCode: string;
  readonly requestId: string | undefined;

  constructor(
    readonly status: number,
    readonly body: PlaidError,
    readonly attempts: number,
    /** Milliseconds the server asked us to wait (Retry-After), if it said. */
    readonly retryAfterMs?: number,
  ) {
    super(clip(`Plaid ${status} ${body.error_type}/${body.error_code}: ${body.error_message}`));
    this.errorType = body.error_type;
    this.errorCode = body.error_code;
    this.requestId = body.request_id;
  }

  /** Decided by the status alone (429, 500, 502, 503, 504): a 4xx is never retried, whatever its code says. */
  get retryable() {
    return retryableStatuses.has(this.status);
  }

  toJSON() {
    return { name: this.name, kind: this.kind, status: this.status, attempts: this.attempts, body: this.body };
  }
}

export type TransportErrorKind = 'timeout' | 'network' | 'invalid_response' | 'redirect' | 'invalid_request' | 'aborted';

const transportMessages: Record<TransportErrorKind, string> = {
  timeout: 'No response within the timeout',
  network: 'The connection failed before a response arrived',
  invalid_response: 'The response is not what the spec allows',
  redirect: 'The server answered with a redirect, which the client never follows',
  invalid_request: 'The request could not be sent',
  aborted: 'The call was aborted by the caller',
};

/** No usable Plaid answer: a timeout, a network failure, a redirect, an abort, or a body the spec does not allow. */
export class PlaidTransportError extends Error {
  override readonly name = 'PlaidTransportError';

  constructor(
    readonly kind: TransportErrorKind,
    detail: string,
    readonly attempts: number,
    /** The HTTP status, when a response arrived (invalid_response, redirect). */
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(`${transportMessages[kind]}: ${clip(detail)}`, options);
  }

  toJSON() {
    return { name: this.name, kind: this.kind, status: this.status, attempts: this.attempts, message: this.message };
  }
}

/** A bad option passed to createPlaidClient. Thrown at construction, never from a call. */
export class PlaidConfigError extends Error {
  override readonly name = 'PlaidConfigError';
  constructor(
    readonly option: string,
    problem: string,
  ) {
    super(`createPlaidClient: option \`${option}\` ${problem}`);
  }
}

export type PlaidClientError = PlaidApiError | PlaidTransportError;
