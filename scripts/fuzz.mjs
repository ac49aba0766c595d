// Schema-based fuzzing of every operation in generated/operations.json: valid requests generated
// from its request schema (json-schema-faker, seeded), most of them then turned into one probe of
// the table the contract suite walks (scripts/probes.mjs), picked at random. Each probe says what
// the answer must be, confirmed by the request judge; every answer is also judged by every named
// check of the registry.
import { createChecker } from './checks.mjs';
import { contractIdentity, identityRedactor } from './contract-identity.mjs';
import { loadSpec, makeCase, statusFits } from './fuzz/cases.mjs';
import { caseHeaders, send } from './fuzz/send.mjs';
import { pacer } from './pace.mjs';
import { curlFor } from './reproduce.mjs';
import { UsageError } from './step.mjs';

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
      const got = `got ${answer.status} (${answer.contentType ?? 'no Content-Type'}): ${answer.text.slice(0, 300)}`;
      // Another method on the operation's path: the spec declares no answer, only that it is no success.
      if (method.toLowerCase() !== row.method) {
        if (!statusFits(testCase.expect, answer.status)) fail(got);
        continue;
      }
      let parsed;
      try {
        parsed = JSON.parse(answer.text);
      } catch {
        fail(`${answer.status} body is not JSON: ${answer.text.slice(0, 100)}`);
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

/** What each expectation asks of the answer, in a failure's words. */
const EXPECTED = {
  accept: 'a success',
  refuse: 'a 400 PlaidError',
  deny: 'anything but a success',
  answer: 'a success or a 4xx PlaidError',
};

/**
 * @param {Awaited<ReturnType<typeof runFuzz>>} report
 * @param {number} elapsedMs
 * @param {string} command how to run this fuzzer again, before its --seed/--cases/--case flags
 */
export function printReport(
  { seed, count, byKind, byOperation, skipped, failures },
  elapsedMs,
  command = 'npm run fuzz --',
  redact = (/** @type {string} */ text) => text,
) {
  console.log(`fuzz: seed ${seed}, ${count} cases in ${Math.round(elapsedMs)} ms (replay: ${command} --seed ${seed} --cases ${count})`);
  console.table(Object.fromEntries(Object.entries(byOperation).sort()));
  console.table(Object.fromEntries(Object.entries(byKind).sort()));
  for (const reason of skipped) console.log(redact(`- not fuzzed: ${reason}`));
  for (const f of failures.slice(0, 20)) {
    console.log(redact(`✘ case ${f.index} (${f.operationId}, ${f.probe}): expected ${EXPECTED[f.expected]}, ${f.problem}`));
    console.log(`  replay this case: ${command} --seed ${f.seed} --case ${f.index}`);
    console.log(redact(`  or send it yourself (set PLAID_CLIENT_ID and PLAID_SECRET):\n  ${f.curl.replaceAll('\n', '\n  ')}`));
  }
  if (failures.length > 20) console.log(`… and ${failures.length - 20} more`);
  console.log(failures.length === 0 ? '✔ every response was what the spec requires' : `${failures.length} of ${count} cases failed`);
}

/**
 * The fuzzer's options from the command line's values (`plaid-refresh fuzz`, in scripts/cli.mjs);
 * a bad one is a UsageError.
 * @param {{ seed?: string, cases?: string, count?: string, case?: string, upstream?: string, concurrency?: string }} values
 */
export function fuzzOptions(values) {
  const whole = (name, value, min, max = Number.MAX_SAFE_INTEGER) => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new UsageError(
        `--${name} must be a whole number ≥ ${min}${max < Number.MAX_SAFE_INTEGER ? ` and ≤ ${max}` : ''}, got ${value}`,
      );
    }
    return Number(value);
  };
  if (values.upstream !== undefined && !(/^https?:\/\//.test(values.upstream) && URL.canParse(values.upstream)))
    throw new UsageError(`--upstream must be an http(s) URL, got ${values.upstream}`);
  return {
    upstream: values.upstream,
    // The generator's state is 32 bits: a larger seed would replay another's run.
    seed: whole('seed', values.seed, 0, 2 ** 32 - 1) ?? Math.floor(Math.random() * 2 ** 31),
    count: /** @type {number} */ (whole('cases', values.count ?? values.cases ?? '1000', 1)),
    only: whole('case', values.case, 0),
    concurrency: /** @type {number} */ (whole('concurrency', values.concurrency ?? '8', 1)),
  };
}

/**
 * The fuzzer from the command line: against the mock, or through the proxy to `upstream`.
 * Resolves 0 when every case was answered as the spec requires, 1 when one was not (the CLI refuses a server it cannot reach first).
 * @param {ReturnType<typeof fuzzOptions>} options
 * @param {string} command how the user ran it, for the replay lines
 */
export async function fuzzCommand({ upstream, seed, count, only, concurrency }, command) {
  const { startPrism } = await import('./prism.mjs');
  const prism = await startPrism({ upstream });
  console.log(upstream ? `fuzzing ${upstream} through Prism's validating proxy` : 'fuzzing the Prism mock');
  const started = performance.now();
  try {
    const identity = upstream ? contractIdentity() : {};
    const report = await runFuzz({
      url: prism.url,
      seed,
      count,
      only,
      concurrency,
      identity,
      realServer: Boolean(upstream),
      direct: prism.directUrl,
      server: upstream,
    });
    const replay = `${command}${upstream ? ` --upstream ${upstream}` : ''}`;
    printReport(report, performance.now() - started, replay, upstream ? await identityRedactor() : undefined);
    return report.failures.length === 0 ? 0 : 1;
  } finally {
    await prism.close();
  }
}
