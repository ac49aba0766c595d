// Validates any response against the bundled spec: the schema the operation declares for the
// status (exact, `4XX`, then `default`). The operation is found from the response's URL and method
// in generated/operations.json. Independent of Prism, so a mock or a server that breaks the spec fails.
// Also against the request it answers: no credential that was sent comes back, and from a real
// server every request_id is new and every field that echoes the request matches it.
import { expect } from 'vitest';
import spec from '../../generated/openapi.json' with { type: 'json' };
import table from '../../generated/operations.json' with { type: 'json' };
import { reproduction } from '../../scripts/reproduce.mjs';
import { createSpecAjv, declaredResponse, describeProblems, type OperationRow, schemaAt } from '../../scripts/spec-ajv.mjs';

const ajv = createSpecAjv(spec);
export const operations = table as unknown as Record<string, OperationRow>;

export interface Exchange {
  method: string;
  path: string;
  status: number;
  contentType: string | null;
  body: string;
  headers: Record<string, string>;
  /** Prism's `sl-violations` header: what its validating proxy found wrong with the upstream answer. */
  violations?: string | null;
  /** What was sent, when known: its headers and body text. */
  sent?: { headers: Record<string, string>; body: string };
  /** Where it was sent (the mock, or the proxy in front of a server). */
  origin?: string;
}

/** A curl that sends the exchange's request again, to the server itself, and what came back. */
export const reproduce = (exchange: Exchange) =>
  reproduction(exchange, process.env.CONTRACT_UPSTREAM || exchange.origin || 'http://127.0.0.1:4010');

export const exchangeOf = async (response: Response, method = 'POST', sent?: Exchange['sent']): Promise<Exchange> => ({
  sent,
  method,
  path: new URL(response.url || 'http://x/').pathname,
  origin: response.url ? new URL(response.url).origin : undefined,
  status: response.status,
  contentType: response.headers.get('content-type'),
  body: await response.clone().text(),
  headers: Object.fromEntries(response.headers),
  violations: response.headers.get('sl-violations'),
});

/** The operation an exchange belongs to, by method and path. */
export function operationOf({ method, path }: Pick<Exchange, 'method' | 'path'>) {
  const found = Object.entries(operations).find(([, op]) => op.path === path && op.method === method.toLowerCase());
  if (!found) expect.fail(`no operation in the spec for ${method} ${path}`);
  return { operationId: found[0], operation: found[1] };
}

/** Fails with the problems and the body when the response is not what the spec allows. */
export function expectMatchesSpec(exchange: Exchange) {
  const { status, contentType, body, violations } = exchange;
  // Through the proxy, Prism replaces a response that breaks the spec with its own 500 problem;
  // its header names what the server got wrong, which says more than the 500 itself.
  // (The mock also lists the request's violations there; those are the point of invalid-request tests.)
  const found = (JSON.parse(violations ?? '[]') as { location: string[]; message: string }[])
    .filter((v) => v.location[0] === 'response')
    .map((v) => `${v.location.join('.')}: ${v.message}`);
  if (found.length > 0) {
    expect.fail(
      `the server's response breaks the spec (found by Prism's validating proxy):\n  ${found.join('\n  ')}\n${reproduce(exchange)}`,
    );
  }
  // Prism's own problem document: it could not pass on what the server sent (not JSON, no answer).
  if (proxied && (contentType ?? '').startsWith('application/problem+json')) {
    expect.fail(
      `${exchange.method} ${exchange.path}: Prism's proxy could not pass on the server's answer: ${body.slice(0, 400)}\n${reproduce(exchange)}`,
    );
  }
  const { operationId, operation } = operationOf(exchange);
  const declared = declaredResponse(operation, status);
  if (!declared?.schema) expect.fail(`${operationId}: HTTP ${status} is not a response the spec declares\n${reproduce(exchange)}`);
  expect(contentType ?? '', `${operationId} HTTP ${status}: Content-Type\n${reproduce(exchange)}`).toMatch(/^application\/json/);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    expect.fail(`${operationId} HTTP ${status}: body is not JSON:\n${body.slice(0, 500)}\n${reproduce(exchange)}`);
  }
  const validate = schemaAt(ajv, declared.schema)!;
  if (!validate(parsed)) {
    expect.fail(
      `${operationId} HTTP ${status} body breaks the spec's "${declared.key}" response:\n  ${describeProblems(validate.errors).join('\n  ')}\n` +
        `body:\n${JSON.stringify(parsed, null, 2)}\n${reproduce(exchange)}`,
    );
  }
  expectHonoursRequest(exchange, parsed);
  return parsed;
}

const proxied = Boolean(process.env.CONTRACT_UPSTREAM);
const seenRequestIds = new Map<string, string>();
const CREDENTIAL_HEADERS = ['plaid-client-id', 'plaid-secret'];
const CREDENTIAL_FIELDS = ['client_id', 'secret'];

/** The credentials a request carried, in its headers or its body. */
function credentialsSent(sent: NonNullable<Exchange['sent']>): string[] {
  const values = Object.entries(sent.headers)
    .filter(([name]) => CREDENTIAL_HEADERS.includes(name.toLowerCase()))
    .map(([, value]) => value);
  try {
    const body = JSON.parse(sent.body) as Record<string, unknown>;
    for (const field of CREDENTIAL_FIELDS) if (typeof body?.[field] === 'string') values.push(body[field] as string);
  } catch {
    // not JSON: nothing in it to look for
  }
  // Too short a value would match by chance.
  return values.filter((value) => value.length >= 6);
}

/** What a response must honour of the request it answers. */
export function expectHonoursRequest(exchange: Exchange, parsed: unknown) {
  const { sent, status } = exchange;
  const where = `${exchange.method} ${exchange.path} → HTTP ${status}`;
  if (sent) {
    const headerText = Object.entries(exchange.headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n');
    for (const credential of credentialsSent(sent)) {
      if (exchange.body.includes(credential))
        expect.fail(`${where}: the response body contains a credential the request sent\n${reproduce(exchange)}`);
      if (headerText.includes(credential))
        expect.fail(`${where}: a response header contains a credential the request sent\n${reproduce(exchange)}`);
    }
  }
  // The mock answers with fixed or generated examples; these hold for a real server.
  if (!parsed || typeof parsed !== 'object' || !proxied) return;
  // A PlaidError's `status` is the HTTP status it came with (Plaid's error reference).
  const errorStatus = (parsed as { error_type?: unknown; status?: unknown }).status;
  if (typeof (parsed as { error_type?: unknown }).error_type === 'string' && typeof errorStatus === 'number' && errorStatus !== status) {
    expect.fail(`${where}: the PlaidError says status ${errorStatus}\n${reproduce(exchange)}`);
  }
  const requestId = (parsed as { request_id?: unknown }).request_id;
  if (typeof requestId === 'string') {
    const before = seenRequestIds.get(requestId);
    if (before)
      expect.fail(
        `${where}: request_id ${JSON.stringify(requestId)} was already returned for ${before}; each request needs its own\n${reproduce(exchange)}`,
      );
    seenRequestIds.set(requestId, where);
  }
  if (sent && status >= 200 && status < 300) {
    let request: Record<string, unknown> = {};
    try {
      request = JSON.parse(sent.body) as Record<string, unknown>;
    } catch {
      return;
    }
    for (const [field, value] of Object.entries(request)) {
      if (CREDENTIAL_FIELDS.includes(field) || !(field in (parsed as object))) continue;
      const echoed: unknown = (parsed as Record<string, unknown>)[field];
      if (JSON.stringify(echoed) !== JSON.stringify(value)) {
        expect.fail(
          `${where}: ${field} is ${JSON.stringify(echoed)}, but the request asked for ${JSON.stringify(value)}\n${reproduce(exchange)}`,
        );
      }
    }
  }
}
