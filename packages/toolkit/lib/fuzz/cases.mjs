// The fuzzer's cases: a seeded generator of one request per case (valid, from the operation's
// request schema, or one probe of the table the contract suite walks), and what each case expects.
import { generateSync } from 'json-schema-faker';
import { identityFields } from '../contract-identity.mjs';
import { atPointer, bodyCredentialFields, inlineRefs, loadOperations } from '../operations.mjs';
import { requestProbes } from '../probes.mjs';
import { createRequestJudge } from '../request-judge.mjs';

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
 * probe of the table that the contract suite walks (packages/toolkit/lib/probes.mjs), picked at random.
 */
/**
 * @param {Awaited<ReturnType<typeof loadSpec>>} spec
 * @param {number} seed
 * @param {number} index
 * @param {{ identity?: { clientId?: string, secret?: string, userId?: string }, validShare?: number, live?: boolean }} [options]
 * @returns {{ index: number, operationId: string, credentials: { clientId: string, secret: string }, kind: string,
 *   probe?: import('../probes.mjs').Probe, expect: import('../probes.mjs').Expectation, request: import('../probes.mjs').ProbeRequest }}
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

/** Whether an answer's status is what the case's expectation allows. */
export function statusFits(expect, status) {
  const success = status >= 200 && status < 300;
  if (expect === 'accept') return success;
  if (expect === 'refuse') return status === 400;
  if (expect === 'deny') return !success;
  // A refusal the server owes no one in particular (a 413 for a body past its limit): any 4xx, never a 5xx.
  return success || (status >= 400 && status < 500);
}
