// createPlaidClient: the generic core (core.ts) with one method per operation, a named wrapper
// for the refresh, and `raw`, the bare openapi-fetch client behind the same transport guards.
import { createRawClient } from '../generated/client.js';
import { bodyCredentials, credentialsMiddleware, versionMiddleware } from './auth.js';
import { type CallOptions, type CallResult, createCore, type OperationId, type OperationRequest } from './core.js';
import { type PlaidClientOptions, resolveOptions } from './options.js';
import { guardedFetch } from './transport.js';

/** The refresh request without credentials: the client adds them. */
export type RefreshRequest = OperationRequest<'userFinancialDataRefresh'>;
export type RefreshCallResult = CallResult<'userFinancialDataRefresh'>;

/** One method per operationId of the spec, e.g. `client.userFinancialDataRefresh(body)`. */
export type OperationMethods = {
  readonly [Op in OperationId]: (body: OperationRequest<Op>, options?: CallOptions) => Promise<CallResult<Op>>;
};

export function createPlaidClient(options: PlaidClientOptions) {
  const config = resolveOptions(options);
  const core = createCore(config);
  const methods = Object.fromEntries(
    core.operationIds.map((id) => [id, (body: never, call?: CallOptions) => core.call(id, body, call)]),
  ) as unknown as OperationMethods;

  const raw = createRawClient({
    baseUrl: config.baseUrl,
    fetch: guardedFetch(config.fetch, config.maxResponseBytes) as typeof fetch,
    redirect: 'manual',
    ...(config.credentialsIn === 'body' ? { bodySerializer: bodyCredentials(config) } : {}),
  });
  raw.use(config.credentialsIn === 'headers' ? credentialsMiddleware(config) : versionMiddleware(config.plaidVersion));

  return {
    ...methods,
    /** Any operation by its operationId. */
    call: core.call,
    /** POST /user/financial_data/refresh with retries. Resolves with data or a typed error; never rejects. */
    refreshUserFinancialData: (request: RefreshRequest, call?: CallOptions) => core.call('userFinancialDataRefresh', request, call),
    /**
     * The bare openapi-fetch client, with credentials but no retries, validation or error mapping.
     * It shares the transport guards: redirects are never followed, bodies are bounded.
     */
    raw,
  };
}

export type PlaidClient = ReturnType<typeof createPlaidClient>;
export type { CallOptions, CallResult, OperationId, OperationRequest } from './core.js';
