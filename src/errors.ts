// The errors a call can end in. Every one is an Error with a `kind`, so callers can switch on it,
// and none ever holds a credential: messages and bodies pass through `redact` first.
import type { PlaidError } from '../generated/schema.js';
import { describeError, type ErrorCatalogueEntry } from './error-catalogue.js';

/** Plaid answered with a 4xx/5xx and a Plaid error body. */
export class PlaidApiError extends Error {
  override readonly name = 'PlaidApiError';
  readonly kind = 'plaid' as const;
  readonly errorType: string;
  readonly errorCode: string;
  readonly requestId: string | undefined;
  /** What the error catalogue says of this error (or of its status class, for an unknown code). */
  readonly catalogue: ErrorCatalogueEntry;

  constructor(
    readonly status: number,
    readonly body: PlaidError,
    readonly attempts: number,
    /** Milliseconds the server asked us to wait (Retry-After), if it said. */
    readonly retryAfterMs?: number,
  ) {
    super(`Plaid ${status} ${body.error_type}/${body.error_code}: ${body.error_message}`);
    this.errorType = body.error_type;
    this.errorCode = body.error_code;
    this.requestId = body.request_id;
    this.catalogue = describeError(body.error_type, body.error_code, status);
  }

  get retryable() {
    return this.catalogue.retryable;
  }

  toJSON() {
    return { name: this.name, kind: this.kind, status: this.status, attempts: this.attempts, body: this.body };
  }
}

export type TransportErrorKind = 'timeout' | 'network' | 'invalid_response' | 'aborted';

const transportMessages: Record<TransportErrorKind, string> = {
  timeout: 'No response within the timeout',
  network: 'The connection failed before a response arrived',
  invalid_response: 'The response is not what the spec allows',
  aborted: 'The call was aborted by the caller',
};

/** No usable Plaid answer: a timeout, a network failure, an abort, or a body the spec does not allow. */
export class PlaidTransportError extends Error {
  override readonly name = 'PlaidTransportError';

  constructor(
    readonly kind: TransportErrorKind,
    detail: string,
    readonly attempts: number,
    /** The HTTP status, when a response arrived (invalid_response). */
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(`${transportMessages[kind]}: ${detail}`, options);
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

/** Replaces every occurrence of the secrets in strings anywhere inside `value`. */
export function redact<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string') {
    return secrets.reduce((text, secret) => text.split(secret).join('[REDACTED]'), value as string) as T;
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, secrets)])) as T;
  }
  return value;
}
