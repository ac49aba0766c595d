// createPlaidClient: the generated openapi-fetch client plus what production needs — auth,
// timeouts, retries, and one typed error for everything that is not a valid success.
import { createRawClient } from '../generated/client.js';
import type { PlaidError, UserFinancialDataRefreshRequest, UserFinancialDataRefreshResponse } from '../generated/schema.js';
import { headerCredentials, versionHeader } from './auth.js';
import { carrierFetch, RequestCarrier } from './fast-request.js';
import { retryableStatuses } from './error-catalogue.js';
import { PlaidApiError, PlaidTransportError, redact, type PlaidClientError } from './errors.js';
import { resolveOptions, type PlaidClientOptions } from './options.js';
import { parseRetryAfter, retryDelay, sleep } from './retry.js';
import { describeProblems, schemaPointer, specValidator } from './validate.js';

/** The request without credentials: the client adds them. */
export type RefreshRequest = Omit<UserFinancialDataRefreshRequest, 'client_id' | 'secret'>;

/** Like openapi-fetch, a call returns its outcome instead of throwing: exactly one of data or error. */
export type RefreshCallResult =
  | { data: UserFinancialDataRefreshResponse; error?: undefined; response: Response }
  | { data?: undefined; error: PlaidClientError; response?: Response };

export interface CallOptions {
  signal?: AbortSignal;
}

type Attempt =
  | { ok: true; data: UserFinancialDataRefreshResponse; response: Response }
  | { ok: false; error: PlaidClientError; response?: Response; retryable: boolean; retryAfterMs?: number };

const OPERATION = '/user/financial_data/refresh';
const validResponse = () => specValidator(schemaPointer('UserFinancialDataRefreshResponse'));
const validError = () => specValidator(schemaPointer('PlaidError'));

export function createPlaidClient(options: PlaidClientOptions) {
  const config = resolveOptions(options);
  const secrets = [config.secret];
  const credentials = config.credentialsIn === 'headers' ? headerCredentials(config) : versionHeader(config.plaidVersion);
  const raw = createRawClient({ baseUrl: config.baseUrl, fetch: config.fetch });
  raw.use(credentials);
  // The client behind refreshUserFinancialData skips one of the two WHATWG Requests a call would
  // build: openapi-fetch makes one, and fetch() makes another from it. See fast-request.ts.
  const fast = createRawClient({ baseUrl: config.baseUrl, Request: RequestCarrier as unknown as typeof Request, fetch: carrierFetch(config.fetch) });
  fast.use(credentials);

  const transportError = (kind: PlaidTransportError['kind'], detail: string, attempt: number, status?: number, cause?: unknown) =>
    new PlaidTransportError(kind, redact(detail, secrets), attempt, status, cause === undefined ? undefined : { cause });

  async function attempt(body: UserFinancialDataRefreshRequest, attemptNo: number, userSignal?: AbortSignal): Promise<Attempt> {
    // One controller for both the timeout and the caller's signal. AbortSignal.timeout() and
    // AbortSignal.any() cost ~7 µs and extra garbage per call (see `npm run bench`); a timer does not.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, config.timeoutMs);
    const onCallerAbort = () => controller.abort();
    if (userSignal?.aborted) controller.abort();
    userSignal?.addEventListener('abort', onCallerAbort, { once: true });
    let response: Response;
    let text: string | undefined;
    let errorBody: unknown;
    try {
      // parseAs 'text': we parse and validate ourselves, so a bad body becomes a typed error.
      const result = await fast.POST(OPERATION, { body, signal: controller.signal, parseAs: 'text' });
      response = result.response;
      text = result.data;
      errorBody = result.error;
    } catch (error) {
      if (userSignal?.aborted) return { ok: false, retryable: false, error: transportError('aborted', 'signal aborted', attemptNo) };
      if (timedOut) {
        return { ok: false, retryable: false, error: transportError('timeout', `${config.timeoutMs} ms elapsed`, attemptNo) };
      }
      const code = (error as { cause?: { code?: string } }).cause?.code;
      const detail = code ? `${code} (${(error as Error).message})` : String((error as Error).message ?? error);
      return { ok: false, retryable: true, error: transportError('network', detail, attemptNo, undefined, error) };
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', onCallerAbort);
    }

    const { status } = response;
    if (response.ok) {
      let data: unknown;
      try {
        data = JSON.parse(text ?? '');
      } catch {
        return { ok: false, response, retryable: false, error: transportError('invalid_response', `${status} body is not JSON: ${preview(text)}`, attemptNo, status) };
      }
      const validate = validResponse();
      if (!validate(data)) {
        const problems = describeProblems(validate.errors).join('; ');
        return { ok: false, response, retryable: false, error: transportError('invalid_response', `${status} body breaks the spec: ${problems}`, attemptNo, status) };
      }
      return { ok: true, data: data as UserFinancialDataRefreshResponse, response };
    }

    const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
    const validate = validError();
    if (typeof errorBody === 'object' && errorBody !== null && validate(errorBody)) {
      const error = new PlaidApiError(status, redact(errorBody as PlaidError, secrets), attemptNo, retryAfterMs);
      return { ok: false, response, error, retryable: error.retryable, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    }
    const what = typeof errorBody === 'string' ? `body is not a Plaid error: ${preview(errorBody)}` : `body breaks the PlaidError schema: ${describeProblems(validate.errors).join('; ')}`;
    return {
      ok: false,
      response,
      retryable: retryableStatuses.has(status),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      error: transportError('invalid_response', `${status} ${what}`, attemptNo, status),
    };
  }

  /** POST /user/financial_data/refresh with retries. Resolves with data or a typed error; never rejects. */
  async function refreshUserFinancialData(request: RefreshRequest, call: CallOptions = {}): Promise<RefreshCallResult> {
    const body: UserFinancialDataRefreshRequest =
      config.credentialsIn === 'body' ? { ...request, client_id: config.clientId, secret: config.secret } : request;
    for (let attemptNo = 1; ; attemptNo++) {
      const outcome = await attempt(body, attemptNo, call.signal);
      if (outcome.ok) return { data: outcome.data, response: outcome.response };
      const delayMs = outcome.retryable ? retryDelay(config.retry, attemptNo, outcome.retryAfterMs) : undefined;
      if (delayMs === undefined) return outcome.response ? { error: outcome.error, response: outcome.response } : { error: outcome.error };
      config.onRetry?.({ attempt: attemptNo, delayMs, reason: outcome.response ? String(outcome.response.status) : outcome.error.kind });
      try {
        await sleep(delayMs, call.signal);
      } catch {
        return { error: transportError('aborted', 'signal aborted while waiting to retry', attemptNo) };
      }
    }
  }

  return {
    refreshUserFinancialData,
    /** The bare openapi-fetch client, with credentials but no retries, validation or error mapping. */
    raw,
  };
}

export type PlaidClient = ReturnType<typeof createPlaidClient>;

const preview = (text: string | undefined) => JSON.stringify((text ?? '').slice(0, 120));
