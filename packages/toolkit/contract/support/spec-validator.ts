// Validates any response against the bundled spec: the schema the operation declares for the
// status (exact, `4XX`, then `default`). The operation is found from the response's URL and method
// in generated/operations.json. Independent of Prism, so a mock or a server that breaks the spec fails.
// Also against the request it answers: no credential that was sent comes back, and from a real
// server every request_id is new and every field that echoes the request matches it.

import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import spec from '../../generated/openapi.json' with { type: 'json' };
import table from '../../generated/operations.json' with { type: 'json' };
import { type CheckResult, createChecker } from '../../lib/checks.mjs';
import { contractIdentity, identityRedactor } from '../../lib/contract-identity.mjs';
import { clipped, reproduction } from '../../lib/reproduce.mjs';
import type { OperationRow } from '../../lib/spec-ajv.mjs';

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
  /** What was sent, when known: its headers, body text and body bytes (the request judge reads the bytes). */
  sent?: { headers: Record<string, string>; body: string; bytes?: Uint8Array };
  /** Where it was sent (the mock, or the proxy in front of a server). */
  origin?: string;
  /** The body as it came, for the UTF-8 check. */
  bytes?: Uint8Array;
}

/** A curl that sends the exchange's request again, to the server itself, and what came back. */
export const reproduce = (exchange: Exchange) =>
  reproduction(exchange, process.env.CONTRACT_UPSTREAM || exchange.origin || 'http://127.0.0.1:4010', identity, redact);
/** The run's credentials: a curl shows them as $PLAID_CLIENT_ID and $PLAID_SECRET, and a probe's near miss as an expression of them. */
const identity = contractIdentity();
/** An answer is redacted before it is cut, so no prefix of an echoed credential survives the cut. */
const redact = identityRedactor(identity);

export const exchangeOf = async (response: Response, method = 'POST', sent?: Exchange['sent']): Promise<Exchange> => ({
  sent,
  method,
  path: new URL(response.url || 'http://x/').pathname,
  origin: response.url ? new URL(response.url).origin : undefined,
  status: response.status,
  contentType: response.headers.get('content-type'),
  ...(await response
    .clone()
    .arrayBuffer()
    .then((buffer) => ({ bytes: new Uint8Array(buffer), body: new TextDecoder().decode(buffer) }))),
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
      `${exchange.method} ${exchange.path}: Prism's proxy could not pass on the server's answer: ${clipped(body, 400, redact)}\n${reproduce(exchange)}`,
    );
  }
  const { operationId } = operationOf(exchange);
  // Every named check of the registry (packages/toolkit/lib/checks.mjs), all of them, each failure by its name;
  // Plaid's semantics (unique request_ids, echoes, per-Item results) for a real server only.
  const results = checker.judge(
    {
      method: exchange.method,
      path: exchange.path,
      request: exchange.sent
        ? { headers: exchange.sent.headers, body: exchange.sent.bytes ?? exchange.sent.body }
        : { headers: {}, body: '' },
      response: { status, headers: exchange.headers, body, ...(exchange.bytes ? { bytes: exchange.bytes } : {}) },
    },
    { live: proxied },
  );
  record(operationId, exchange, results);
  const failed = results.filter((r) => r.problems.length > 0);
  if (failed.length > 0) {
    expect.fail(
      `${operationId} HTTP ${status} breaks the contract:\n  ${failed.map((r) => `${r.check}: ${r.problems.join('; ')}`).join('\n  ')}\n` +
        `body: ${clipped(body, 600, redact)}\n${reproduce(exchange)}`,
    );
  }
  return JSON.parse(body) as unknown;
}

const proxied = Boolean(process.env.CONTRACT_UPSTREAM);
const checker = createChecker(spec, operations);

/** For `contract --reporter`: each worker appends its exchanges' results, one JSON line each. */
const resultsFile = process.env.CONTRACT_RESULTS_DIR ? path.join(process.env.CONTRACT_RESULTS_DIR, `${process.pid}.jsonl`) : undefined;
function record(operationId: string, exchange: Exchange, results: CheckResult[]) {
  if (!resultsFile) return;
  const example = /example=([^\s,;]+)/.exec(exchange.sent?.headers.prefer ?? '')?.[1];
  const line = {
    operationId,
    method: exchange.method,
    path: exchange.path,
    status: exchange.status,
    ...(example ? { example } : {}),
    results,
  };
  appendFileSync(resultsFile, `${JSON.stringify(line)}\n`);
}

/** For the coverage report: a probe of the table was sent, and what its answer's status was. */
export function recordProbe(probe: { operationId: string; family: string; subject: string; rule: string; expect: string }, status: number) {
  if (!resultsFile) return;
  const { operationId, family, subject, rule, expect: expectation } = probe;
  appendFileSync(resultsFile, `${JSON.stringify({ probe: { operationId, family, subject, rule, expect: expectation }, status })}\n`);
}
