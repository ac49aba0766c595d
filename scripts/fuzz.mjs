// Schema-based fuzzing of the endpoint: valid requests generated from the request schema
// (json-schema-faker, seeded) and invalid ones made by mutating them. The oracle is the spec
// itself: a request whose body parses, is sent as JSON and validates against the request schema
// must get a 200; any other must get a 400 PlaidError. Every response body must validate.
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { generateSync } from 'json-schema-faker';
import { contractIdentity } from './contract-identity.mjs';
import { createSpecAjv, describeProblems } from './spec-ajv.mjs';
import { fromRoot, runIfMain, StepError } from './step.mjs';

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

/** Each mutation turns a valid body into a request that may (or may not) still be valid. */
const mutations = {
  'drop a required field': (body) => ({ body: JSON.stringify({ ...body, user_id: undefined }) }),
  'change a type': (body, random) => ({ body: JSON.stringify({ ...body, user_id: pick(random, [42, true, null, [], {}, ['usr'], 1.5]) }) }),
  'deep nesting': (body, random) => {
    const depth = 32 + Math.floor(random() * 480);
    return { body: `{"user_id":${'['.repeat(depth)}"usr"${']'.repeat(depth)}}` };
  },
  'huge string': (body, random) => {
    const huge = 'x'.repeat(10_000 + Math.floor(random() * 200_000));
    return { body: JSON.stringify(random() < 0.5 ? { ...body, user_id: huge } : { ...body, note: huge }) };
  },
  unicode: (body, random) => {
    const text = Array.from({ length: 1 + Math.floor(random() * 12) }, () => pick(random, unicode)).join('');
    return { body: JSON.stringify(random() < 0.7 ? { ...body, user_id: text } : { ...body, [text]: 'x' }) };
  },
  'wrong content type': (body, random) => ({
    body: JSON.stringify(body),
    contentType: pick(random, ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null]),
  }),
  'truncated JSON': (body, random) => {
    const text = JSON.stringify(body);
    return { body: text.slice(0, Math.floor(random() * (text.length - 1))) };
  },
  'duplicate keys': (body, random) => ({ body: `{"user_id":${JSON.stringify(body.user_id)},"user_id":${pick(random, ['7', '"usr_dup"', 'null'])}}` }),
  'unknown field': (body, random) => ({ body: JSON.stringify({ ...body, [pick(random, ['access_token', 'options', 'count'])]: 'x' }) }),
};

export async function loadSpec() {
  const spec = JSON.parse(await readFile(fromRoot('generated', 'openapi.json'), 'utf8'));
  const ajv = createSpecAjv(spec);
  const schema = (pointer) => ajv.getSchema(`openapi.json#${pointer}`);
  return {
    spec,
    requestSchema: spec.components.schemas.UserFinancialDataRefreshRequest,
    validRequest: schema('/components/schemas/UserFinancialDataRefreshRequest'),
    validResponse: { 200: schema('/components/schemas/UserFinancialDataRefreshResponse'), 400: schema('/components/schemas/PlaidError') },
    describeProblems,
  };
}

/** The i-th case of a run: the same seed and index always give the same request. */
export function makeCase({ requestSchema }, seed, index, { userId, validShare = 0.3 } = {}) {
  const random = prng(seed * 100_003 + index);
  const body = generateSync(requestSchema, { seed: seed * 100_003 + index });
  // A real server knows its users; the schema does not. Against one, valid requests name a real user.
  if (userId) body.user_id = userId;
  if (random() < validShare) return { index, kind: 'valid', body: JSON.stringify(body), contentType: JSON_TYPE };
  const kind = pick(random, Object.keys(mutations));
  const mutated = mutations[kind](body, random);
  return { index, kind, body: mutated.body, contentType: mutated.contentType === undefined ? JSON_TYPE : mutated.contentType };
}

/** What the spec says the answer must be. */
export function expectedStatus({ validRequest }, testCase) {
  if (testCase.contentType !== JSON_TYPE) return 400;
  try {
    return validRequest(JSON.parse(testCase.body)) ? 200 : 400;
  } catch {
    return 400;
  }
}

async function send(url, testCase, timeoutMs, { clientId, secret }) {
  const headers = { 'PLAID-CLIENT-ID': clientId, 'PLAID-SECRET': secret };
  if (testCase.contentType) headers['Content-Type'] = testCase.contentType;
  const response = await fetch(`${url}/user/financial_data/refresh`, { method: 'POST', headers, body: testCase.body, signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, text: await response.text() };
}

/** Runs `count` cases against `url`, `concurrency` at a time. Resolves with every failure. */
export async function runFuzz({ url, seed, count, concurrency = 8, timeoutMs = 10_000, spec, identity = {}, realServer = false }) {
  spec ??= await loadSpec();
  const credentials = { clientId: identity.clientId ?? 'fuzz_client', secret: identity.secret ?? 'fuzz_secret_0000000000' };
  const failures = [];
  const byKind = {};
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const testCase = makeCase(spec, seed, next++, { userId: identity.userId });
      const expected = expectedStatus(spec, testCase);
      (byKind[testCase.kind] ??= { cases: 0, failed: 0 }).cases++;
      const fail = (problem) => {
        byKind[testCase.kind].failed++;
        failures.push({ seed, index: testCase.index, kind: testCase.kind, expected, problem, body: testCase.body.slice(0, 200) });
      };
      let answer;
      try {
        answer = await send(url, testCase, timeoutMs, credentials);
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
      const refusedForData = realServer && expected === 200 && answer.status === 400 && parsed.error_type !== 'INVALID_REQUEST';
      if (answer.status !== expected && !refusedForData) {
        fail(`got ${answer.status}: ${answer.text.slice(0, 160)}`);
        continue;
      }
      const validate = spec.validResponse[answer.status];
      if (!validate(parsed)) fail(`${answer.status} body breaks the spec: ${spec.describeProblems(validate.errors).join('; ')}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { seed, count, byKind, failures };
}

export function printReport({ seed, count, byKind, failures }, elapsedMs) {
  console.log(`fuzz: seed ${seed}, ${count} cases in ${Math.round(elapsedMs)} ms (replay: npm run fuzz -- --seed ${seed} --count ${count})`);
  console.table(Object.fromEntries(Object.entries(byKind).sort().map(([kind, s]) => [kind, s])));
  for (const f of failures.slice(0, 20)) console.log(`✘ case ${f.index} (${f.kind}): expected ${f.expected}, ${f.problem}\n    body: ${f.body}`);
  if (failures.length > 20) console.log(`… and ${failures.length - 20} more`);
  console.log(failures.length === 0 ? '✔ every response was what the spec requires' : `${failures.length} of ${count} cases failed`);
}

runIfMain(import.meta.url, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: { seed: { type: 'string' }, count: { type: 'string', default: '1000' }, upstream: { type: 'string' }, concurrency: { type: 'string', default: '8' } },
  });
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  const count = Number(values.count);
  if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) {
    console.error('usage: npm run fuzz -- [--seed N] [--count N] [--concurrency N] [--upstream URL]');
    process.exit(2);
  }
  const { startPrism } = await import('./prism.mjs');
  const prism = await startPrism({ upstream: values.upstream });
  console.log(values.upstream ? `fuzzing ${values.upstream} through Prism's validating proxy` : 'fuzzing the Prism mock');
  const started = performance.now();
  try {
    const identity = values.upstream
      ? contractIdentity()
      : {};
    const report = await runFuzz({ url: prism.url, seed, count, concurrency: Number(values.concurrency), identity, realServer: Boolean(values.upstream) });
    printReport(report, performance.now() - started);
    process.exitCode = report.failures.length === 0 ? 0 : 1;
  } finally {
    await prism.close();
  }
});
