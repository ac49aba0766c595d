// The one generic call behind every operation, fed by the spec's routes (generated/client.ts): credentials,
// the timeout, retries, validation against the operation's own response schemas, and a typed
// error for everything that is not a valid success. Named methods are one-line wrappers over it.

import { operationRoutes } from '../generated/client.js';
import type { operations } from '../generated/schema.js';
import { onAbort, sleep } from './abort.js';
import { bodyCredentials, plaidHeaders, withoutCredentialHeaders } from './auth.js';
import { PlaidApiError, type PlaidClientError, PlaidTransportError, type TransportErrorKind } from './errors.js';
import { interpretResponse, type OperationRoute } from './interpret.js';
import { checkKeys, type ResolvedOptions } from './options.js';
import { redactValue, sanitizeCause, secretRedactor } from './redact.js';
import { type RetryEvent, retryDelay } from './retry.js';
import { BodyInterrupted, fetchBounded, UnreadableBody } from './transport.js';

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

type Route = { readonly method: string; readonly path: string } & Omit<OperationRoute, 'id'>;
const table: Readonly<Record<string, Route>> = operationRoutes;

type Failed = { ok: false; error: PlaidClientError; retryable: boolean; retryAfterMs?: number | undefined };
type Attempt = { ok: true; data: unknown; response: Response } | Failed;

/** What one operation sends, worked out once per client. */
interface Prepared extends OperationRoute {
  readonly method: string;
  readonly url: string;
}

const decoder = new TextDecoder();

export function createCore(config: ResolvedOptions) {
  // The secret alone, and as the `client_id:secret` pair a Basic credential encodes.
  const redact = secretRedactor([`${config.clientId}:${config.secret}`, config.secret]);
  const origin = new URL(config.baseUrl).origin;
  const context = { baseUrl: config.baseUrl, redact };
  const serialize = config.credentialsIn === 'body' ? bodyCredentials(config) : (body: unknown) => JSON.stringify(body);
  // The request is built here, not by openapi-fetch: its Request and merged Headers cost more per
  // call than the rest of the client (`npm run bench`); `raw` is the openapi-fetch client.
  const credentialHeaders = plaidHeaders(config, config.credentialsIn === 'body');
  const staticHeaders: Record<string, string> = { 'Content-Type': 'application/json', ...credentialHeaders };
  const base = config.baseUrl.replace(/\/+$/, '');
  const prepared: Readonly<Record<string, Prepared>> = Object.fromEntries(
    Object.entries(table).map(([id, route]) => [
      id,
      { id, method: route.method.toUpperCase(), url: `${base}${route.path}`, responses: route.responses },
    ]),
  );

  /** A call's headers, worked out once per call; each request gets its own copy. */
  const headersFor = (call: CallOptions): Record<string, string> => {
    if (!call.headers) return staticHeaders;
    // Names keep the spelling they were given. Of two spellings of one name the last wins, and
    // undefined or null leaves the header out, as openapi-fetch's merge did; the caller may set
    // its own Content-Type, and the credentials always win.
    const merged: Record<string, string> = {};
    for (const [name, value] of Object.entries(withoutCredentialHeaders(call.headers))) {
      for (const key of Object.keys(merged)) if (key.toLowerCase() === name.toLowerCase()) delete merged[key];
      if (value != null) merged[name] = value;
    }
    // Throws on a name or value fetch would refuse: the caller's mistake, reported before sending.
    new Headers(merged);
    // The caller's own names cannot be credentials' (withoutCredentialHeaders): nothing overrides them.
    return { ...(Object.keys(merged).some((key) => key.toLowerCase() === 'content-type') ? credentialHeaders : staticHeaders), ...merged };
  };

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
    if (thrown instanceof UnreadableBody) {
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
    const code = (thrown as { cause?: { code?: string } })?.cause?.code;
    const message = String((thrown as Error)?.message ?? thrown);
    // fetch refused what it was asked to send (a per-call `Transfer-Encoding` or `Expect`):
    // nothing left, and sending it again would be refused again.
    if (code === 'UND_ERR_INVALID_ARG' || code === 'UND_ERR_NOT_SUPPORTED') {
      return fail('invalid_request', `fetch refused to send it: ${code}`, attemptNo, { cause: thrown });
    }
    // No response byte arrived (refused, reset before headers, DNS): safe to send again.
    return fail('network', `connecting to ${origin}: ${code ? `${code} (${message})` : message}`, attemptNo, {
      cause: thrown,
      retryable: true,
    });
  }

  async function attempt(
    operation: Prepared,
    body: unknown,
    attemptNo: number,
    call: CallOptions,
    headers: Record<string, string>,
  ): Promise<Attempt> {
    let payload: string;
    try {
      payload = serialize(body);
    } catch (error) {
      return fail('invalid_request', `the body is not JSON-serializable: ${String((error as Error)?.message ?? error)}`, attemptNo);
    }
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
    let sent: Awaited<ReturnType<typeof fetchBounded>>;
    try {
      sent = await fetchBounded(
        config.fetch,
        operation.url,
        // A fresh plain object (fetch's HeadersInit) per request: a fetch replacement that edits it
        // edits this request only, never the credentials of the next.
        { method: operation.method, headers: { ...headers }, body: payload, signal: controller.signal, redirect: 'manual' },
        config.maxResponseBytes,
      );
    } catch (thrown) {
      return failure(thrown, attemptNo, call.signal, timedOut);
    } finally {
      clearTimeout(timer);
      unsubscribe();
    }

    const { response, bytes } = sent;
    const verdict = interpretResponse(operation, response, bytes ? decoder.decode(bytes) : '', context);
    if (verdict.ok) return { ok: true, data: verdict.data, response };
    const { status, retryable, retryAfterMs } = verdict;
    const error =
      verdict.kind === 'plaid'
        ? new PlaidApiError(status, redactValue(verdict.body, redact), attemptNo, retryAfterMs)
        : fail(verdict.kind, verdict.detail, attemptNo, { status }).error;
    return { ok: false, error, retryable, retryAfterMs };
  }

  function notify(event: RetryEvent) {
    // A logging hook must not end the call, whether it throws or returns a rejected promise.
    try {
      // Promise.resolve adopts any thenable, from any realm, and passes anything else through.
      Promise.resolve(config.onRetry?.(event)).catch(() => {});
    } catch {}
  }

  /** Calls an operation by its operationId, with retries. Resolves with data or a typed error; never rejects. */
  async function call<Op extends OperationId>(
    operationId: Op,
    body: OperationRequest<Op>,
    options: CallOptions = {},
  ): Promise<CallResult<Op>> {
    try {
      const operation = Object.hasOwn(prepared, operationId) ? prepared[operationId] : undefined;
      if (!operation) return { error: fail('invalid_request', `unknown operation ${JSON.stringify(operationId)}`, 0).error };
      try {
        checkKeys('', options, callOptionNames);
      } catch (misspelt) {
        const message = String((misspelt as Error).message).replace(/^createPlaidClient: option/, 'per-call option');
        return { error: fail('invalid_request', message, 0, { cause: misspelt }).error };
      }
      // A header fetch would refuse is the caller's mistake, not the network's: nothing is sent or retried.
      let headers: Record<string, string>;
      try {
        headers = headersFor(options);
      } catch (problem) {
        return { error: fail('invalid_request', `a per-call header is not valid: ${String((problem as Error)?.message)}`, 0).error };
      }
      for (let attemptNo = 1; ; attemptNo++) {
        const outcome = await attempt(operation, body, attemptNo, options, headers);
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
