// Validates any response body against the bundled spec: the schema the operation declares for the
// status (exact, `4XX`, then `default`). The operation is found from the response's URL and method
// in generated/operations.json. Independent of Prism, so a mock or a server that breaks the spec fails.
import { expect } from 'vitest';
import spec from '../../generated/openapi.json' with { type: 'json' };
import table from '../../generated/operations.json' with { type: 'json' };
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
}

export const exchangeOf = async (response: Response, method = 'POST'): Promise<Exchange> => ({
  method,
  path: new URL(response.url || 'http://x/').pathname,
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
    expect.fail(`the server's response breaks the spec (found by Prism's validating proxy):\n  ${found.join('\n  ')}`);
  }
  const { operationId, operation } = operationOf(exchange);
  const declared = declaredResponse(operation, status);
  if (!declared?.schema) expect.fail(`${operationId}: HTTP ${status} is not a response the spec declares`);
  expect(contentType ?? '', `${operationId} HTTP ${status}: Content-Type`).toMatch(/^application\/json/);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    expect.fail(`${operationId} HTTP ${status}: body is not JSON:\n${body.slice(0, 500)}`);
  }
  const validate = schemaAt(ajv, declared.schema)!;
  if (!validate(parsed)) {
    expect.fail(
      `${operationId} HTTP ${status} body breaks the spec's "${declared.key}" response:\n  ${describeProblems(validate.errors).join('\n  ')}\n` +
        `body:\n${JSON.stringify(parsed, null, 2)}`,
    );
  }
  return parsed;
}
