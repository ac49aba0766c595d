// The package's entry point: the client, its errors, the error catalogue and per-Item outcomes.
export {
  createPlaidClient,
  type PlaidClient,
  type RefreshCallResult,
  type RefreshRequest,
  type CallOptions,
  type CallResult,
  type OperationId,
  type OperationMethods,
  type OperationRequest,
} from './client.js';
export { type PlaidClientOptions } from './options.js';
export { PlaidApiError, PlaidTransportError, PlaidConfigError, type PlaidClientError, type TransportErrorKind } from './errors.js';
export { errorCatalogue, describeError, userActionReasons, retryableStatuses, type ErrorCatalogueEntry } from './error-catalogue.js';
export { summarizeRefresh, type FailedItem, type RefreshOutcome } from './outcomes.js';
export { defaultRetryPolicy, type RetryPolicy, type RetryEvent } from './retry.js';
export * from '../generated/client.js';
export type * from '../generated/schema.js';
