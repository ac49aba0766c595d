// The package's entry point: the client, its errors, the error catalogue and per-Item outcomes.

export * from '../generated/client.js';
export type * from '../generated/schema.js';
export {
  type CallOptions,
  type CallResult,
  createPlaidClient,
  type OperationId,
  type OperationMethods,
  type OperationRequest,
  type PlaidClient,
  type RefreshCallResult,
  type RefreshRequest,
} from './client.js';
export { describeError, type ErrorCatalogueEntry, errorCatalogue, userActionReasons } from './error-catalogue.js';
export { PlaidApiError, type PlaidClientError, PlaidConfigError, PlaidTransportError, type TransportErrorKind } from './errors.js';
export type { PlaidClientOptions } from './options.js';
export { type FailedItem, type RefreshOutcome, summarizeRefresh } from './outcomes.js';
export { type Redactor, secretRedactor } from './redact.js';
export { defaultRetryPolicy, parseRetryAfter, type RetryEvent, type RetryPolicy, retryableStatuses } from './retry.js';
