// Schema-based fuzzing of every operation in generated/operations.json: valid requests generated
// from its request schema (json-schema-faker, seeded), most of them then turned into one probe of
// the table the contract suite walks (packages/toolkit/lib/probes.mjs), picked at random. Each probe says what
// the answer must be, confirmed by the request judge; every answer is also judged by every named
// check of the registry.
import { createChecker } from './checks.mjs';
import { contractIdentity, identityRedactor } from './contract-identity.mjs';
import { loadSpec, makeCase, statusFits } from './fuzz/cases.mjs';
import { caseHeaders, send } from './fuzz/send.mjs';
import { pacer } from './pace.mjs';
import { clipped, curlFor } from './reproduce.mjs';

export { loadSpec, makeCase, prng, statusFits } from './fuzz/cases.mjs';

const targetOf = (spec, testCase) => spec.targets.find((t) => t.row.operationId === testCase.operationId);

/**
 * Runs `count` cases, spread over every operation, against `url`, `concurrency` at a time (or the
 * one case `only`, to replay it).
 * @param {{ url: string, seed: number, count: number, concurrency?: number, timeoutMs?: number, spec?: Awaited<ReturnType<typeof loadSpec>>,
 *   identity?: { clientId?: string, secret?: string, userId?: string }, realServer?: boolean, rate?: number, direct?: string,
 *   only?: number, server?: string }} options
 *   rate: at most this many requests per second (0: as fast as answers come)
 *   direct: the server itself, for the cases whose point is their bytes: a proxy would re-encode them
 *   server: where a failure's curl sends its request (the server, not the proxy in front of it)
 */
export async function runFuzz({
  url,
  seed,
  count,
  concurrency = 8,
  timeoutMs = 10_000,
  spec,
  identity = {},
  realServer = false,
  rate = 0,
  direct,
  only,
  server = direct ?? url,
}) {
  const waitTurn = pacer(rate);
  spec ??= await loadSpec();
  const failures = [];
  const checker = createChecker(spec.document, spec.table);
  // An answer is redacted before it is cut: cut first, an echoed credential could lose the end the
  // redactor knows it by.
  const redact = identityRedactor({ ...contractIdentity(), ...identity });
  const byKind = {};
  const byOperation = {};
  const indices = only === undefined ? Array.from({ length: count }, (_, i) => i) : [only];
  let next = 0;
  const worker = async () => {
    while (next < indices.length) {
      const testCase = makeCase(spec, seed, /** @type {number} */ (indices[next++]), { identity, live: realServer });
      const { row } = targetOf(spec, testCase);
      (byKind[testCase.kind] ??= { cases: 0, failed: 0 }).cases++;
      (byOperation[row.operationId] ??= { cases: 0, failed: 0 }).cases++;
      const { method = row.method.toUpperCase(), query, body } = testCase.request;
      const path = `${row.path}${query ? `?${query}` : ''}`;
      const sent = {
        headers: caseHeaders(testCase),
        body: typeof body === 'string' ? body : new TextDecoder().decode(body),
        ...(typeof body === 'string' ? {} : { bytes: body }),
      };
      const fail = (problem) => {
        byKind[testCase.kind].failed++;
        byOperation[row.operationId].failed++;
        failures.push({
          seed,
          index: testCase.index,
          operationId: row.operationId,
          kind: testCase.kind,
          probe: testCase.probe?.name ?? 'a valid request',
          expected: testCase.expect,
          problem,
          body: sent.body.slice(0, 200),
          curl: curlFor({ method, path, sent }, server, testCase.credentials),
        });
      };
      let answer;
      try {
        await waitTurn();
        answer = await send(direct && testCase.probe?.direct ? direct : url, row, testCase, timeoutMs);
      } catch (error) {
        fail(error.name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : `request failed: ${error.cause?.code ?? error.message}`);
        continue;
      }
      const got = `got ${answer.status} (${answer.contentType ?? 'no Content-Type'}): ${clipped(answer.text, 300, redact)}`;
      // Another method on the operation's path: the spec declares no answer, only that it is no success.
      if (method.toLowerCase() !== row.method) {
        if (!statusFits(testCase.expect, answer.status)) fail(got);
        continue;
      }
      let parsed;
      try {
        parsed = JSON.parse(answer.text);
      } catch {
        fail(`${answer.status} body is not JSON: ${clipped(answer.text, 100, redact)}`);
        continue;
      }
      // A real server may refuse a request the schema allows for what only it knows (the user,
      // the credentials, a size the spec does not limit), but never as a malformed request.
      const refusedForData =
        realServer && testCase.expect !== 'refuse' && answer.status === 400 && parsed?.error_type !== 'INVALID_REQUEST';
      if (!statusFits(testCase.expect, answer.status) && !refusedForData) {
        fail(got);
        continue;
      }
      // Every named check of the registry, as on any other exchange (Plaid's semantics on a real server).
      const results = checker.judge(
        {
          method,
          path,
          request: { headers: sent.headers, body },
          response: { status: answer.status, headers: answer.headers, body: answer.text, bytes: answer.bytes },
        },
        { live: realServer },
      );
      const broken = results.filter((r) => r.problems.length > 0).map((r) => `${r.check}: ${r.problems.join('; ')}`);
      if (broken.length > 0) fail(broken.join(' | '));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { seed, count: indices.length, byKind, byOperation, skipped: spec.skipped, failures };
}
