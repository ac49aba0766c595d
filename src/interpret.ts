// What an answer means for an operation, decided from its status, headers and body text alone:
// data the spec allows, a Plaid error, or a transport error's kind and detail. Pure, so every
// status × body case is a table row in test/client/interpret.test.ts, with no server.
import type { PlaidError } from '../generated/schema.js';
import { preview, type Redactor } from './redact.js';
import { parseRetryAfter, retryableStatuses } from './retry.js';
import { checkSchema } from './validate.js';

/** An operation as the spec's route table (generated/client.ts) describes it, with its id. */
export interface OperationRoute {
  readonly id: string;
  readonly responses: Readonly<Record<string, { readonly schema: string | null }>>;
}

/** The parts of a fetch Response the verdict depends on. */
export interface ResponseHead {
  readonly status: number;
  readonly ok: boolean;
  readonly type?: string;
  readonly headers: { get(name: string): string | null };
}

export interface InterpretContext {
  /** Where the request went: a redirect's Location is resolved against it. */
  readonly baseUrl: string;
  readonly redact: Redactor;
}

interface Retry {
  readonly status: number;
  readonly retryable: boolean;
  /** What the answer's Retry-After asked for, when it is a failure that said. */
  readonly retryAfterMs?: number | undefined;
}

export type Interpretation =
  | { readonly ok: true; readonly data: unknown }
  | ({ readonly ok: false; readonly kind: 'redirect' | 'invalid_response'; readonly detail: string } & Retry)
  | ({ readonly ok: false; readonly kind: 'plaid'; readonly body: PlaidError } & Retry);

export const isRedirect = (response: ResponseHead) =>
  response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);

/** The response declared for a status: exact, then its class (`4XX`), then `default`. */
export const declaredResponse = (operation: OperationRoute, status: number) =>
  operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`] ?? operation.responses.default;

export function interpretResponse(
  operation: OperationRoute,
  response: ResponseHead,
  text: string,
  { baseUrl, redact }: InterpretContext,
): Interpretation {
  const { status } = response;
  // A failed answer may say when to come back, whether or not its body can be read.
  const retryAfterMs = response.ok ? undefined : parseRetryAfter(response.headers.get('Retry-After'));
  const retryable = retryableStatuses.has(status);
  const invalid = (detail: string, again = retryable): Interpretation => ({
    ok: false,
    kind: 'invalid_response',
    detail,
    status,
    retryable: again,
    retryAfterMs,
  });

  if (isRedirect(response)) {
    const location = response.headers.get('location');
    let target = response.type === 'opaqueredirect' ? 'to a hidden target' : 'with no Location';
    if (location !== null) target = 'to an unreadable Location';
    try {
      if (location !== null) target = `to ${new URL(location, baseUrl).origin}`;
    } catch {}
    const detail = `HTTP ${status || 'redirect'} ${target}; not followed, so no credential leaves ${new URL(baseUrl).origin}`;
    return { ok: false, kind: 'redirect', detail, status, retryable: false };
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const encoding = response.headers.get('content-encoding');
    const coded = encoding === null ? '' : ` (Content-Encoding ${JSON.stringify(encoding)})`;
    return invalid(`HTTP ${status} body${coded} is not JSON: ${preview(text, redact)}`);
  }
  const spec = declaredResponse(operation, status);
  if (!spec?.schema || (response.ok && !operation.responses[String(status)])) {
    return invalid(`HTTP ${status} is not a response ${operation.id} declares`, false);
  }
  const verdict = checkSchema(spec.schema, parsed);
  if (response.ok) return verdict.ok ? { ok: true, data: parsed } : invalid(`HTTP ${status} body breaks the spec: ${verdict.problem}`);
  if (!verdict.ok || typeof parsed !== 'object' || parsed === null) {
    return invalid(`HTTP ${status} body breaks the ${spec.schema.split('/').pop()} schema: ${verdict.problem}`);
  }
  return { ok: false, kind: 'plaid', body: parsed as PlaidError, status, retryable, retryAfterMs };
}
