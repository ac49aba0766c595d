// The one generic call behind every operation, fed by the spec's routes (generated/client.ts): credentials,
// the timeout, retries, validation against the operation's own response schemas, and a typed
// error for everything that is not a valid success. Named methods are one-line wrappers over it.

import { createRawClient, operationRoutes } from '../generated/client.js';
import type { operations, PlaidError } from '../generated/schema.js';
import { onAbort, sleep } from './abort.js';
import { bodyCredentials, credentialHeaders, withoutCredentialHeaders } from './auth.js';
import { PlaidApiError, type PlaidClientError, PlaidTransportError, type TransportErrorKind } from './errors.js';
import { checkKeys, type ResolvedOptions } from './options.js';
import { preview, redactValue, sanitizeCause, secretRedactor } from './redact.js';
import { parseRetryAfter, type RetryEvent, retryableStatuses, retryDelay } from './retry.js';
import { BodyInterrupted, guardedFetch, ReadResponse, RequestCarrier, ResponseTooLarge, UndecodableBody } from './transport.js';
import { checkSchema } from './validate.js';

export type OperationId = keyof operations;
type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
/** An operation's request body without the credentials: the client adds them. */
export type OperationRequest<Op extends OperationId> = operations[Op] extends { requestBody: infer R }
  ? Omit<JsonContent<NonNullable<R>>, 'client_id' | 'secret'>
  : Record<string, never>;
/** An operation's 200 body. */
export type OperationData<Op extends OperationId> = operations[Op] extends { responses: { 200: infer R } } ? JsonContent<R> : never;

const callOptionNames = ['signal', 'headers'] as const satisfies readonly (keyof CallOptions)[];

export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Extra headers for this call (e.g. Prism's `Prefer`). The credentials always win. */
  headers?: Record<string, string> | undefined;
}

/** Like openapi-fetch, a call returns its outcome instead of throwing: exactly one of data or error. */
export type CallResult<Op extends OperationId> =
  | { data: OperationData<Op>; error?: undefined; response: Response }
  | { data?: undefined; error: PlaidClientError; response?: undefined };

interface OperationRow {
  readonly method: string;
  readonly path: string;
  readonly responses: Readonly<Record<string, { readonly schema: string | null }>>;
}
const table: Readonly<Record<string, OperationRow>> = operationRoutes;

type Failed = { ok: false; error: PlaidClientError; retryable: boolean; retryAfterMs?: number };
type Attempt = { ok: true; data: unknown; response: Response } | Failed;

/** The request could not be serialized: nothing was sent. */
class UnsendableBody extends Error {}

type UntypedRequest = (
  method: string,
  path: string,
  init: { body: unknown; signal: AbortSignal; headers?: Record<string, string>; parseAs: 'text' },
) => Promise<{ data?: string; error?: unknown; response: Response }>;

const isRedirect = (response: Response) => response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);

/** The response declared for a status: exact, then its class (`4XX`), then `default`. */
const declared = (operation: OperationRow, status: number) =>
  operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`] ?? operation.responses.default;

export function createCore(config: ResolvedOptions) {
  // The secret alone, and as the `client_id:secret` pair a Basic credential encodes.
  const redact = secretRedactor([`${config.clientId}:${config.secret}`, config.secret]);
  const origin = new URL(config.baseUrl).origin;
  const serialize = config.credentialsIn === 'body' ? bodyCredentials(config) : (body: unknown) => JSON.stringify(body);
  // Static headers rather than middleware: openapi-fetch skips its middleware pass entirely.
  const client = createRawClient({
    baseUrl: config.baseUrl,
    headers: credentialHeaders(config, config.credentialsIn === 'body'),
    Request: RequestCarrier as unknown as typeof Request,
    fetch: guardedFetch(config.fetch, config.maxResponseBytes) as unknown as typeof fetch,
    bodySerializer: (body: unknown) => {
      try {
        return serialize(body);
      } catch (error) {
        throw new UnsendableBody(String((error as Error)?.message ?? error));
      }
    },
  });
  const request = client.request as unknown as UntypedRequest;

  const fail = (
    kind: TransportErrorKind,
    detail: string,
    attempt: number,
    { status, cause, retryable = false }: { status?: number; cause?: unknown; retryable?: boolean } = {},
  ): Failed => {
    const sanitized = cause === undefined ? undefined : sanitizeCause(cause, redact);
    const error = new PlaidTransportError(kind, redact(detail), attempt, status, sanitized ? { cause: sanitized } : undefined);
    return { ok: false, retryable, error };
  };

  /** The caller's reason travels as the (sanitized) cause, so its own deadline and a user's cancel stay apart. */
  const aborted = (detail: string, signal: AbortSignal | undefined, attemptNo: number) => {
    const reason = signal?.reason as { name?: unknown } | undefined;
    const named = typeof reason?.name === 'string' ? ` (${reason.name})` : '';
    return fail('aborted', `${detail}${named}`, attemptNo, { cause: reason });
  };

  function failure(thrown: unknown, attemptNo: number, signal: AbortSignal | undefined, timedOut: boolean): Failed {
    if (signal?.aborted) return aborted('signal aborted', signal, attemptNo);
    if (timedOut) return fail('timeout', `${config.timeoutMs} ms elapsed`, attemptNo);
    if (thrown instanceof UnsendableBody) return fail('invalid_request', `the body is not JSON-serializable: ${thrown.message}`, attemptNo);
    if (thrown instanceof ResponseTooLarge) return fail('invalid_response', thrown.message, attemptNo, { status: thrown.status });
    if (thrown instanceof UndecodableBody) {
      return fail('invalid_response', thrown.message, attemptNo, { status: thrown.status, cause: thrown.cause });
    }
    if (thrown instanceof BodyInterrupted) {
      // The server had answered, so it had the request: sending it again could refresh twice.
      const code = (thrown.cause as { code?: string; cause?: { code?: string } })?.cause?.code;
      return fail(
        'network',
        `${thrown.message} from ${origin}${code ? ` (${code})` : ''}; not retried: the request reached the server`,
        attemptNo,
        {
          status: thrown.status,
          cause: thrown.cause,
        },
      );
    }
    // No response byte arrived (refused, reset before headers, DNS): safe to send again.
    const code = (thrown as { cause?: { code?: string } })?.cause?.code;
    const message = String((thrown as Error)?.message ?? thrown);
    return fail('network', `connecting to ${origin}: ${code ? `${code} (${message})` : message}`, attemptNo, {
      cause: thrown,
      retryable: true,
    });
  }

  async function attempt(
    operationId: string,
    operation: OperationRow,
    body: unknown,
    attemptNo: number,
    call: CallOptions,
  ): Promise<Attempt> {
    // One controller for both the timeout and the caller's signal, and a timer rather than
    // AbortSignal.timeout()/any(), which cost more per call (`npm run bench`).
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, config.timeoutMs);
    const unsubscribe = onAbort(call.signal, () => controller.abort());
    if (call.signal?.aborted) controller.abort();
    let result: Awaited<ReturnType<UntypedRequest>>;
    try {
      result = await request(operation.method, operation.path, {
        body,
        signal: controller.signal,
        ...(call.headers ? { headers: withoutCredentialHeaders(call.headers) } : {}),
        // We parse and validate ourselves, so a bad body becomes a typed error.
        parseAs: 'text',
      });
    } catch (thrown) {
      return failure(thrown, attemptNo, call.signal, timedOut);
    } finally {
      clearTimeout(timer);
      unsubscribe();
    }

    const response = result.response instanceof ReadResponse ? result.response.original : result.response;
    const { status } = response;
    if (isRedirect(response)) {
      const location = response.headers.get('location');
      let target = 'an unreadable Location';
      try {
        if (location !== null) target = new URL(location, config.baseUrl).origin;
      } catch {}
      return fail('redirect', `HTTP ${status || 'redirect'} to ${target}; not followed, so no credential leaves ${origin}`, attemptNo, {
        status,
      });
    }

    const spec = declared(operation, status);
    const text = response.ok ? (result.data ?? '') : typeof result.error === 'string' ? result.error : undefined;
    let parsed: unknown = result.error;
    if (text !== undefined) {
      try {
        parsed = JSON.parse(text);
      } catch {
        const encoding = response.headers.get('content-encoding');
        const coded = encoding === null ? '' : ` (Content-Encoding ${JSON.stringify(encoding)})`;
        return fail('invalid_response', `HTTP ${status} body${coded} is not JSON: ${preview(text, redact)}`, attemptNo, {
          status,
          retryable: retryableStatuses.has(status),
        });
      }
    }
    if (!spec?.schema || (response.ok && !operation.responses[String(status)])) {
      return fail('invalid_response', `HTTP ${status} is not a response ${operationId} declares`, attemptNo, { status });
    }
    const verdict = checkSchema(spec.schema, parsed);
    if (response.ok) {
      if (verdict.ok) return { ok: true, data: parsed, response };
      return fail('invalid_response', `HTTP ${status} body breaks the spec: ${verdict.problem}`, attemptNo, { status });
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
    const retryable = retryableStatuses.has(status);
    if (!verdict.ok || typeof parsed !== 'object' || parsed === null) {
      const outcome = fail(
        'invalid_response',
        `HTTP ${status} body breaks the ${spec.schema.split('/').pop()} schema: ${verdict.problem}`,
        attemptNo,
        {
          status,
          retryable,
        },
      );
      return retryAfterMs === undefined ? outcome : { ...outcome, retryAfterMs };
    }
    const error = new PlaidApiError(status, redactValue(parsed as PlaidError, redact), attemptNo, retryAfterMs);
    return { ok: false, error, retryable, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }

  function notify(event: RetryEvent) {
    // A logging hook must not end the call, whether it throws or returns a rejected promise.
    try {
      const returned = config.onRetry?.(event) as unknown;
      // Any thenable, from any realm: `instanceof Promise` misses one made in another context.
      if (typeof (returned as { then?: unknown } | undefined)?.then === 'function') Promise.resolve(returned).catch(() => {});
    } catch {}
  }

  /** Calls an operation by its operationId, with retries. Resolves with data or a typed error; never rejects. */
  async function call<Op extends OperationId>(
    operationId: Op,
    body: OperationRequest<Op>,
    options: CallOptions = {},
  ): Promise<CallResult<Op>> {
    try {
      const operation = table[operationId];
      if (!operation) return { error: fail('invalid_request', `unknown operation ${JSON.stringify(operationId)}`, 0).error };
      try {
        checkKeys('', options, callOptionNames);
      } catch (misspelt) {
        const message = String((misspelt as Error).message).replace(/^createPlaidClient: option/, 'per-call option');
        return { error: fail('invalid_request', message, 0, { cause: misspelt }).error };
      }
      // A header fetch would refuse is the caller's mistake, not the network's: nothing is sent or retried.
      try {
        if (options.headers !== undefined) new Headers(options.headers);
      } catch (problem) {
        return { error: fail('invalid_request', `a per-call header is not valid: ${String((problem as Error)?.message)}`, 0).error };
      }
      for (let attemptNo = 1; ; attemptNo++) {
        const outcome = await attempt(operationId, operation, body, attemptNo, options);
        if (outcome.ok) return { data: outcome.data as OperationData<Op>, response: outcome.response };
        const delayMs = outcome.retryable ? retryDelay(config.retry, attemptNo, outcome.retryAfterMs) : undefined;
        if (delayMs === undefined) return { error: outcome.error };
        const reason = outcome.error.status === undefined ? outcome.error.kind : String(outcome.error.status);
        notify({ operationId, attempt: attemptNo, delayMs, reason });
        try {
          await sleep(delayMs, options.signal);
        } catch {
          return { error: aborted('signal aborted while waiting to retry', options.signal, attemptNo).error };
        }
      }
    } catch (unexpected) {
      // Nothing above should throw; if something does, the promise still resolves, redacted.
      return { error: fail('network', `unexpected failure: ${String((unexpected as Error)?.message)}`, 0, { cause: unexpected }).error };
    }
  }

  return { call, operationIds: Object.keys(table) as OperationId[] };
}
