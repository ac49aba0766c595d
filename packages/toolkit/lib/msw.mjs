// MSW handlers for every operation of the spec, for a consumer's tests in their own process
// (msw/node) or page (msw/browser): no mock server to start. Each request is judged as the real
// API would judge it, by the request judge the mock and the contract checker use, and a request
// the spec refuses gets Plaid's 400. A valid one gets the named example asked for (by default the
// first success), echoing the request's fields as the mock does, or a body of the test's own.
import { HttpResponse, http } from 'msw';
import document from '../generated/openapi.json' with { type: 'json' };
import table from '../generated/operations.json' with { type: 'json' };
import { echoRequest } from './plaid-facts.mjs';
import { createRequestJudge, invalidRequestError } from './request-judge.mjs';
import { exampleLabel, exampleValue } from './spec-document.mjs';

/** @typedef {import('./spec-ajv.mjs').OperationRow} OperationRow */
/** @typedef {{ status: number, example?: string, body?: unknown, headers?: Record<string, string> }} Reply */

/** The spec's servers (sandbox, production): where the client sends by `environment`. */
export const plaidBaseUrls = (document.servers ?? []).map((server) => server.url.replace(/\/+$/, ''));

const operations = /** @type {Record<string, OperationRow>} */ (/** @type {unknown} */ (table));
let judge;
const judgeRequest = (row, request) => (judge ??= createRequestJudge(document))(row, request);

function operationRow(operationId) {
  const row = operations[operationId];
  if (!row)
    throw new Error(`plaid msw: no operation ${JSON.stringify(operationId)} in the spec; one of ${Object.keys(operations).join(', ')}`);
  return row;
}

/** The reply's body and headers, checked now, so a misspelt example fails where the test names it. */
function resolveReply(operationId, row, reply) {
  const declared = row.responses[String(reply.status)];
  if (!declared)
    throw new Error(`plaid msw: ${operationId} declares no ${reply.status} response; it declares ${Object.keys(row.responses).join(', ')}`);
  if ('body' in reply) return { status: reply.status, body: reply.body, echo: false, headers: reply.headers ?? {} };
  const example = reply.example === undefined ? declared.examples[0] : declared.examples.find((e) => e.name === reply.example);
  if (!example) {
    const known = declared.examples.map(exampleLabel).join(', ') || 'none';
    throw new Error(
      `plaid msw: ${operationId} has no ${reply.status} example named ${JSON.stringify(reply.example)}; its examples: ${known}`,
    );
  }
  return { status: reply.status, body: exampleValue(document, example), echo: reply.status < 300, headers: reply.headers ?? {} };
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/**
 * The handler for an operation at each base URL, answering each valid request with `next()`'s reply.
 * @param {string} operationId
 * @param {() => ReturnType<typeof resolveReply>} next
 * @param {{ baseUrl?: string | string[] }} options
 */
function handler(operationId, next, { baseUrl } = {}) {
  const row = operationRow(operationId);
  const urls = baseUrl === undefined ? plaidBaseUrls : [baseUrl].flat().map((url) => url.replace(/\/+$/, ''));
  const where = new RegExp(`^(?:${urls.map(escapeRegExp).join('|')})${escapeRegExp(row.path)}(?:\\?.*)?$`);
  const method = /** @type {'get' | 'post' | 'put' | 'patch' | 'delete'} */ (row.method);
  return http[method](where, async ({ request }) => {
    // Judged as bytes, so a body that is not UTF-8 is refused as the real API would.
    const bytes = new Uint8Array(await request.arrayBuffer());
    const problems = judgeRequest(row, { headers: Object.fromEntries(request.headers), body: bytes });
    if (problems.length > 0) return HttpResponse.json(invalidRequestError(problems), { status: 400 });
    const reply = next();
    const body = reply.echo ? echoRequest(JSON.parse(new TextDecoder().decode(bytes)), reply.body) : reply.body;
    return HttpResponse.json(/** @type {any} */ (body), { status: reply.status, headers: reply.headers });
  });
}

/** A handler per operation, answering with its first success example: what `setupServer(...)` starts with. */
export function plaidHandlers(options = {}) {
  return Object.entries(operations).map(([operationId, row]) => {
    const status = Object.keys(row.responses).find((s) => /^2\d\d$/.test(s)) ?? '200';
    const reply = resolveReply(operationId, row, { status: Number(status) });
    return handler(operationId, () => reply, options);
  });
}

/** Answers an operation with one reply: a named example of a status, or a body of the test's own. */
export function answer(operationId, reply, options = {}) {
  const resolved = resolveReply(operationId, operationRow(operationId), reply);
  return handler(operationId, () => resolved, options);
}

/** Answers an operation's successive requests with these replies in turn; the last one repeats. */
export function sequence(operationId, replies, options = {}) {
  if (replies.length === 0) throw new Error('plaid msw: sequence needs at least one reply');
  const row = operationRow(operationId);
  const resolved = replies.map((reply) => resolveReply(operationId, row, reply));
  let at = 0;
  return handler(
    operationId,
    () => /** @type {ReturnType<typeof resolveReply>} */ (resolved[Math.min(at++, resolved.length - 1)]),
    options,
  );
}

/**
 * For `server.listen({ onUnhandledRequest })`: a request to a Plaid server that no handler takes
 * (a path the spec does not have, a method it does not allow) fails the test loudly; any other
 * request is left alone.
 * @param {{ baseUrl?: string | string[] }} [options] more base URLs that count as Plaid
 */
export function failOnUnhandledPlaidRequest({ baseUrl } = {}) {
  const origins = [...plaidBaseUrls, ...[baseUrl ?? []].flat()].map((url) => new URL(url).origin);
  return (/** @type {Request} */ request, /** @type {{ error(): void }} */ print) => {
    if (origins.includes(new URL(request.url).origin)) print.error();
  };
}
