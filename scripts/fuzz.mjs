// Schema-based fuzzing of every operation in generated/operations.json: valid requests generated
// from its request schema (json-schema-faker, seeded) and invalid ones made by mutating them. The
// oracle is the spec itself: a request whose body parses, is sent as JSON and validates against
// the request schema must get the operation's success status; any other must get a 400
// PlaidError. Every response body must validate against the schema declared for its status.
import { parseArgs } from 'node:util';
import { generateSync } from 'json-schema-faker';
import { parseRetryAfter } from 'plaid-user-financial-data-refresh';
import { createChecker } from './checks.mjs';
import { contractIdentity, identityFields } from './contract-identity.mjs';
import { atPointer, inlineRefs, loadOperations, objectShape } from './operations.mjs';
import { pacer } from './pace.mjs';
import { curlFor } from './reproduce.mjs';
import { createSpecAjv, describeProblems, schemaAt } from './spec-ajv.mjs';
import { runIfMain, UsageError } from './step.mjs';

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
const unicode = ['é', 'ß', '日本', '🙂', '👩‍👩‍👧', '\u200b', '\u202e', 'العربية', '\ud800', '\u0000', '𝔘𝔫𝔦'];

const otherTypes = {
  string: [42, true, null, [], {}, ['usr'], 1.5],
  integer: ['1', 1.5, true, null],
  number: ['1', true, null],
  boolean: ['true', 0, null],
  array: ['x', {}, 1],
  object: ['x', [], 1],
};
const wrongValue = (property, random) => pick(random, otherTypes[property?.type] ?? [{ unexpected: true }]);
const unknownNames = ['access_token', 'options', 'count', 'not_in_the_spec'];

/**
 * Each mutation turns a valid body into a request that may (or may not) still be valid. They are
 * made from the request schema (`shape`: its properties and required list), never from field names.
 */
const mutations = {
  'drop a required field': (body, random, shape) => {
    const field = pick(random, shape.required.length > 0 ? shape.required : shape.names);
    const { [field]: _dropped, ...rest } = body;
    return { body: JSON.stringify(rest) };
  },
  'change a type': (body, random, shape) => {
    const field = pick(random, shape.names);
    return { body: JSON.stringify({ ...body, [field]: wrongValue(shape.properties[field], random) }) };
  },
  'deep nesting': (body, random, shape) => {
    const depth = 32 + Math.floor(random() * 480);
    const field = pick(random, shape.names);
    const marker = 'deep-nesting-goes-here';
    return { body: JSON.stringify({ ...body, [field]: marker }).replace(`"${marker}"`, `${'['.repeat(depth)}"x"${']'.repeat(depth)}`) };
  },
  'huge string': (body, random, shape) => {
    const huge = 'x'.repeat(10_000 + Math.floor(random() * 200_000));
    const field =
      shape.strings.length > 0 && random() < 0.5
        ? pick(random, shape.strings)
        : pick(
            random,
            unknownNames.filter((n) => !shape.names.includes(n)),
          );
    return { body: JSON.stringify({ ...body, [field]: huge }) };
  },
  unicode: (body, random, shape) => {
    const text = Array.from({ length: 1 + Math.floor(random() * 12) }, () => pick(random, unicode)).join('');
    return {
      body: JSON.stringify(
        shape.strings.length > 0 && random() < 0.7 ? { ...body, [pick(random, shape.strings)]: text } : { ...body, [text]: 'x' },
      ),
    };
  },
  'wrong content type': (body, random) => ({
    body: JSON.stringify(body),
    contentType: pick(random, [
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      null,
    ]),
  }),
  'truncated JSON': (body, random) => {
    const text = JSON.stringify(body);
    return { body: text.slice(0, Math.floor(random() * (text.length - 1))) };
  },
  'duplicate keys': (body, random, shape) => {
    const field = pick(random, shape.names);
    const text = JSON.stringify({ ...body, [field]: undefined });
    const first = JSON.stringify(body[field] ?? 'x');
    const second = pick(random, ['7', '"dup"', 'null']);
    return {
      body: `{${JSON.stringify(field)}:${first},${JSON.stringify(field)}:${second}${text === '{}' ? '' : `,${text.slice(1, -1)}`}}`,
    };
  },
  'unknown field': (body, random, shape) => ({
    body: JSON.stringify({
      ...body,
      [pick(
        random,
        unknownNames.filter((n) => !shape.names.includes(n)),
      )]: 'x',
    }),
  }),
};

/** The fuzzer's view of each operation: its request schema's shape and validators by pointer. */
export async function loadSpec(dir) {
  const { document, operations } = await loadOperations(dir);
  const ajv = createSpecAjv(document);
  const targets = operations
    .flatMap((row) => (row.request ? [{ row, request: row.request }] : []))
    .map(({ row, request }) => {
      const schema = inlineRefs(document, atPointer(document, request.schema));
      const { properties } = objectShape(document, schema, request.schema);
      const names = Object.keys(properties);
      return {
        row,
        schema,
        shape: {
          properties,
          names: names.length > 0 ? names : ['field'],
          required: request.required,
          strings: names.filter((n) => properties[n]?.type === 'string'),
        },
        validRequest: schemaAt(ajv, request.schema),
        successStatus: Number(Object.keys(row.responses).find((s) => /^2\d\d$/.test(s)) ?? 200),
      };
    });
  // An operation without a JSON request body has nothing to mutate: said, not skipped silently.
  const skipped = operations.filter((row) => !row.request).map((row) => `${row.operationId}: no JSON request body to fuzz`);
  const table = Object.fromEntries(operations.map(({ operationId, sample: _, ...row }) => [operationId, row]));
  return { document, ajv, targets, skipped, describeProblems, table };
}

/** The i-th case of a run: the same seed and index always give the same operation and request. */
export function makeCase(spec, seed, index, { identity = {}, validShare = 0.3 } = {}) {
  const random = prng(seed * 100_003 + index);
  const target = spec.targets[index % spec.targets.length];
  const body = /** @type {Record<string, unknown>} */ (generateSync(target.schema, { seed: seed * 100_003 + index }));
  // A real server knows its users and its keys; the schema does not. Fields the identity fills
  // (the user, body credentials) carry the identity's values, so valid cases can succeed.
  for (const [field, value] of Object.entries(identityFields(identity))) if (field in body && value !== undefined) body[field] = value;
  const base = { index, operationId: target.row.operationId };
  if (random() < validShare) return { ...base, kind: 'valid', body: JSON.stringify(body), contentType: JSON_TYPE };
  const kind = pick(random, Object.keys(mutations));
  const mutated = mutations[kind](body, random, target.shape);
  return { ...base, kind, body: mutated.body, contentType: mutated.contentType === undefined ? JSON_TYPE : mutated.contentType };
}

const targetOf = (spec, testCase) => spec.targets.find((t) => t.row.operationId === testCase.operationId);

/** What the spec says the answer must be. */
export function expectedStatus(spec, testCase) {
  const target = targetOf(spec, testCase);
  if (testCase.contentType !== JSON_TYPE) return 400;
  try {
    return target.validRequest(JSON.parse(testCase.body)) ? target.successStatus : 400;
  } catch {
    return 400;
  }
}

/** Mutations whose bytes are the point: Prism would parse and re-encode them before the server saw them. */
const BYTE_KINDS = new Set(['truncated JSON', 'duplicate keys', 'deep nesting', 'wrong content type']);

/** When a server that rate-limits the fuzzer says to come back: seconds or an HTTP-date (RFC 9110). */
const retryAfterMs = (header) => parseRetryAfter(header ?? null);
const MAX_RATE_LIMIT_WAIT_MS = 30_000;

/** The headers a case is sent with: the credentials, and its content type. */
function caseHeaders(testCase, { clientId, secret }) {
  const headers = { 'PLAID-CLIENT-ID': clientId, 'PLAID-SECRET': secret };
  if (testCase.contentType) headers['Content-Type'] = testCase.contentType;
  return headers;
}

async function send(url, row, testCase, timeoutMs, credentials) {
  const headers = caseHeaders(testCase, credentials);
  for (let waited = 0; ; ) {
    const response = await fetch(`${url}${row.path}`, {
      method: row.method.toUpperCase(),
      headers,
      body: testCase.body,
      signal: AbortSignal.timeout(timeoutMs),
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
  const credentials = { clientId: identity.clientId ?? 'fuzz_client', secret: identity.secret ?? 'fuzz_secret_0000000000' };
  const failures = [];
  const checker = createChecker(spec.document, spec.table);
  const byKind = {};
  const byOperation = {};
  const indices = only === undefined ? Array.from({ length: count }, (_, i) => i) : [only];
  let next = 0;
  const worker = async () => {
    while (next < indices.length) {
      const testCase = makeCase(spec, seed, /** @type {number} */ (indices[next++]), { identity: { ...identity, ...credentials } });
      const { row } = targetOf(spec, testCase);
      const expected = expectedStatus(spec, testCase);
      (byKind[testCase.kind] ??= { cases: 0, failed: 0 }).cases++;
      (byOperation[row.operationId] ??= { cases: 0, failed: 0 }).cases++;
      const fail = (problem) => {
        byKind[testCase.kind].failed++;
        byOperation[row.operationId].failed++;
        const sent = { headers: caseHeaders(testCase, credentials), body: testCase.body };
        failures.push({
          seed,
          index: testCase.index,
          operationId: row.operationId,
          kind: testCase.kind,
          expected,
          problem,
          body: testCase.body.slice(0, 200),
          curl: curlFor({ method: row.method, path: row.path, sent }, server),
        });
      };
      let answer;
      try {
        await waitTurn();
        answer = await send(direct && BYTE_KINDS.has(testCase.kind) ? direct : url, row, testCase, timeoutMs, credentials);
      } catch (error) {
        fail(error.name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : `request failed: ${error.cause?.code ?? error.message}`);
        continue;
      }
      let parsed;
      try {
        parsed = JSON.parse(answer.text);
      } catch {
        fail(`${answer.status} body is not JSON: ${answer.text.slice(0, 100)}`);
        continue;
      }
      // A real server may refuse a schema-valid request for what only it knows (the user, the
      // credentials), but never as a malformed request.
      // Nor need it take a field of hundreds of kilobytes that the spec puts no limit on: a 400
      // PlaidError for it is an answer, and the schema check below still applies.
      const refusedForData =
        realServer &&
        expected !== 400 &&
        answer.status === 400 &&
        (parsed.error_type !== 'INVALID_REQUEST' || testCase.kind === 'huge string');
      if (answer.status !== expected && !refusedForData) {
        fail(`got ${answer.status} (${answer.contentType ?? 'no Content-Type'}): ${answer.text.slice(0, 300)}`);
        continue;
      }
      // Every named check of the registry, as on any other exchange (Plaid's semantics on a real server).
      const results = checker.judge(
        {
          method: row.method,
          path: row.path,
          request: { headers: caseHeaders(testCase, credentials), body: testCase.body },
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
    console.log(`✘ case ${f.index} (${f.operationId}, ${f.kind}): expected ${f.expected}, ${f.problem}`);
    console.log(`  replay this case: ${command} --seed ${f.seed} --case ${f.index}`);
    console.log(`  or send it yourself (set PLAID_CLIENT_ID and PLAID_SECRET):\n  ${f.curl.replaceAll('\n', '\n  ')}`);
  }
  if (failures.length > 20) console.log(`… and ${failures.length - 20} more`);
  console.log(failures.length === 0 ? '✔ every response was what the spec requires' : `${failures.length} of ${count} cases failed`);
}

export const fuzzUsage = `usage: fuzz [--upstream URL] [--seed N] [--cases N] [--case I] [--concurrency N]
  --upstream URL     the server to fuzz, through Prism's validating proxy (default: the mock)
  --seed N           the run's seed (default: random; printed, so a run can be replayed)
  --cases N          how many cases (default 1000)
  --case I           only case I of the seed: replays one failure
  --concurrency N    cases in flight (default 8)`;

/**
 * Parses the fuzzer's flags; a bad one is a UsageError (one line, exit 2).
 * @param {string[]} argv
 */
export function parseFuzzArgs(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        seed: { type: 'string' },
        cases: { type: 'string', default: '1000' },
        count: { type: 'string' },
        case: { type: 'string' },
        upstream: { type: 'string' },
        concurrency: { type: 'string', default: '8' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error.message.split('\n')[0]);
  }
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
    help: Boolean(values.help),
    upstream: values.upstream,
    // The generator's state is 32 bits: a larger seed would replay another's run.
    seed: whole('seed', values.seed, 0, 2 ** 32 - 1) ?? Math.floor(Math.random() * 2 ** 31),
    count: /** @type {number} */ (whole('cases', values.count ?? values.cases, 1)),
    only: whole('case', values.case, 0),
    concurrency: /** @type {number} */ (whole('concurrency', values.concurrency, 1)),
  };
}

/**
 * The fuzzer from the command line: against the mock, or through the proxy to `upstream`.
 * Exit 0 when every case was answered as the spec requires, 1 when one was not, 2 when it cannot start.
 * @param {ReturnType<typeof parseFuzzArgs>} options
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
      direct: upstream,
    });
    printReport(report, performance.now() - started, `${command}${upstream ? ` --upstream ${upstream}` : ''}`);
    return report.failures.length === 0 ? 0 : 1;
  } finally {
    await prism.close();
  }
}

runIfMain(import.meta.url, async (argv) => {
  const options = parseFuzzArgs(argv);
  if (options.help) return console.log(fuzzUsage.replace('usage: fuzz', 'usage: npm run fuzz --'));
  process.exitCode = await fuzzCommand(options, 'npm run fuzz --');
});
