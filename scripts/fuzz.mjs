// Schema-based fuzzing of every operation in generated/operations.json: valid requests generated
// from its request schema (json-schema-faker, seeded), most of them then turned into one probe of
// the table the contract suite walks (scripts/probes.mjs), picked at random. Each probe says what
// the answer must be, confirmed by the request judge; every answer is also judged by every named
// check of the registry.
import { generateSync } from 'json-schema-faker';
import { parseRetryAfter } from 'plaid-user-financial-data-refresh';
import { createChecker } from './checks.mjs';
import { contractIdentity, identityFields } from './contract-identity.mjs';
import { atPointer, bodyCredentialFields, inlineRefs, loadOperations } from './operations.mjs';
import { pacer } from './pace.mjs';
import { requestProbes } from './probes.mjs';
import { curlFor } from './reproduce.mjs';
import { createRequestJudge } from './request-judge.mjs';
import { UsageError } from './step.mjs';

/** A small seeded PRNG (mulberry32), so a failing case replays from its seed. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JSON_TYPE = 'application/json';
const pick = (random, items) => items[Math.floor(random() * items.length)];

/** The fuzzer's view of each operation: the request schema to generate from, and the judge the probes are confirmed by. */
export async function loadSpec(dir) {
  const { document, operations } = await loadOperations(dir);
  const targets = operations.flatMap((row) =>
    row.request ? [{ row, schema: inlineRefs(document, atPointer(document, row.request.schema)) }] : [],
  );
  // An operation without a JSON request body has nothing to probe: said, not skipped silently.
  const skipped = operations.filter((row) => !row.request).map((row) => `${row.operationId}: no JSON request body to fuzz`);
  const table = Object.fromEntries(operations.map(({ operationId, sample: _, ...row }) => [operationId, row]));
  return { document, targets, skipped, table, judge: createRequestJudge(document) };
}

/**
 * The i-th case of a run: the same seed and index always give the same operation and request. A
 * valid body is generated from the request schema; all but a share of the cases then become one
 * probe of the table that the contract suite walks (scripts/probes.mjs), picked at random.
 */
/**
 * @param {Awaited<ReturnType<typeof loadSpec>>} spec
 * @param {number} seed
 * @param {number} index
 * @param {{ identity?: { clientId?: string, secret?: string, userId?: string }, validShare?: number, live?: boolean }} [options]
 * @returns {{ index: number, operationId: string, credentials: { clientId: string, secret: string }, kind: string,
 *   probe?: import('./probes.mjs').Probe, expect: import('./probes.mjs').Expectation, request: import('./probes.mjs').ProbeRequest }}
 */
export function makeCase(spec, seed, index, { identity = {}, validShare = 0.3, live = false } = {}) {
  const random = prng(seed * 100_003 + index);
  const target = spec.targets[index % spec.targets.length];
  const body = /** @type {Record<string, unknown>} */ (generateSync(target.schema, { seed: seed * 100_003 + index }));
  // Credentials travel in the headers; the probes put them in the body where that is the point.
  for (const field of bodyCredentialFields) delete body[field];
  // A real server knows its users and its keys; the schema does not. Fields the identity fills
  // (the user) carry the identity's values, so valid cases can succeed.
  for (const [field, value] of Object.entries(identityFields(identity))) if (field in body && value !== undefined) body[field] = value;
  const credentials = { clientId: identity.clientId ?? 'fuzz_client', secret: identity.secret ?? 'fuzz_secret_0000000000' };
  const base = { index, operationId: target.row.operationId, credentials };
  if (random() < validShare) {
    return { ...base, kind: 'valid', expect: /** @type {const} */ ('accept'), request: { headers: {}, body: JSON.stringify(body) } };
  }
  const { probes } = requestProbes(spec.document, target.row.operationId, target.row, {
    base: body,
    credentials,
    random,
    judge: spec.judge,
  });
  // A family first, then one of its probes: each family gets its share, however many probes it has.
  const usable = probes.filter((p) => live || !p.live);
  const family = pick(random, [...new Set(usable.map((p) => p.family))]);
  const probe = pick(
    random,
    usable.filter((p) => p.family === family),
  );
  return { ...base, kind: `${probe.family}: ${probe.rule}`, probe, expect: probe.expect, request: probe.request };
}

const targetOf = (spec, testCase) => spec.targets.find((t) => t.row.operationId === testCase.operationId);

/** Whether an answer's status is what the case's expectation allows. */
export function statusFits(expect, status) {
  const success = status >= 200 && status < 300;
  if (expect === 'accept') return success;
  if (expect === 'refuse') return status === 400;
  if (expect === 'deny') return !success;
  // A refusal the server owes no one in particular (a 413 for a body past its limit): any 4xx, never a 5xx.
  return success || (status >= 400 && status < 500);
}

/** When a server that rate-limits the fuzzer says to come back: seconds or an HTTP-date (RFC 9110). */
const retryAfterMs = (header) => parseRetryAfter(header ?? null);
const MAX_RATE_LIMIT_WAIT_MS = 30_000;

/** The headers a case is sent with: the credentials and JSON's content type, under the probe's own. */
function caseHeaders(testCase) {
  const headers = {
    'Content-Type': JSON_TYPE,
    'PLAID-CLIENT-ID': testCase.credentials.clientId,
    'PLAID-SECRET': testCase.credentials.secret,
  };
  for (const [name, value] of Object.entries(testCase.request.headers)) {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
    if (value !== null) headers[name] = value;
  }
  return headers;
}

async function send(url, row, testCase, timeoutMs) {
  const { method = row.method.toUpperCase(), query, body } = testCase.request;
  const attempt = () =>
    fetch(`${url}${row.path}${query ? `?${query}` : ''}`, {
      method,
      headers: caseHeaders(testCase),
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  for (let waited = 0; ; ) {
    // A kept-alive socket the server closed just as it was reused never carried the case: send it
    // again, once, on a fresh one. Any other failure is the answer.
    const response = await attempt().catch((error) => {
      if (['UND_ERR_SOCKET', 'ECONNRESET'].includes(error?.cause?.code)) return attempt();
      throw error;
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    // A correct 429 is waited out (within a bound): being rate-limited is not a verdict on the case.
    const wait = response.status === 429 ? retryAfterMs(response.headers.get('retry-after')) : undefined;
    if (wait === undefined || waited + wait > MAX_RATE_LIMIT_WAIT_MS) {
      return {
        status: response.status,
        contentType: response.headers.get('content-type'),
        text,
        bytes,
        headers: Object.fromEntries(response.headers),
      };
    }
    waited += wait;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

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
export function printReport({ seed, count, byKind, byOperation, skipped, failures }, elapsedMs, command = 'npm run fuzz --') {
  console.log(`fuzz: seed ${seed}, ${count} cases in ${Math.round(elapsedMs)} ms (replay: ${command} --seed ${seed} --cases ${count})`);
  console.table(Object.fromEntries(Object.entries(byOperation).sort()));
  console.table(Object.fromEntries(Object.entries(byKind).sort()));
  for (const reason of skipped) console.log(`- not fuzzed: ${reason}`);
  for (const f of failures.slice(0, 20)) {
    console.log(`✘ case ${f.index} (${f.operationId}, ${f.probe}): expected ${EXPECTED[f.expected]}, ${f.problem}`);
    console.log(`  replay this case: ${command} --seed ${f.seed} --case ${f.index}`);
    console.log(`  or send it yourself (set PLAID_CLIENT_ID and PLAID_SECRET):\n  ${f.curl.replaceAll('\n', '\n  ')}`);
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
  if (values.upstream !== undefined && !/^https?:\/\//.test(values.upstream))
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
 * Exit 0 when every case was answered as the spec requires, 1 when one was not, 2 when it cannot start.
 * @param {ReturnType<typeof fuzzOptions>} options
 * @param {string} command how the user ran it, for the replay lines
 */
export async function fuzzCommand({ upstream, seed, count, only, concurrency }, command) {
  if (upstream) {
    const { preflight } = await import('./contract.mjs');
    const problem = await preflight(upstream);
    if (problem) {
      console.error(problem);
      return 2;
    }
  }
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
    printReport(report, performance.now() - started, `${command}${upstream ? ` --upstream ${upstream}` : ''}`);
    return report.failures.length === 0 ? 0 : 1;
  } finally {
    await prism.close();
  }
}
