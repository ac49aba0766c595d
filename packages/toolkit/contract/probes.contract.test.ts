// The probe table (packages/toolkit/lib/probes.mjs), walked in order for every operation: each constraint of
// the request schema, each security alternative, each wire-format rule and each boundary value,
// derived from the bundled spec at run time. The fuzzer samples the same table at random.
// CONTRACT_DEPTH: `quick` sends the first probe of each family, subject, rule and expectation;
// `full` sends them all (the default against the mock, where requests cost nothing).
import { describe, expect, test } from 'vitest';
import spec from '../generated/openapi.json' with { type: 'json' };
import { prng, statusFits } from '../lib/fuzz.mjs';
import { requestHeaders } from '../lib/plaid-facts.mjs';
import { atDepth, type Probe, requestProbes } from '../lib/probes.mjs';
import { credentials, directUrl, mode, prismUrl, rawRequest, validBody } from './context.js';
import { pacedFetch } from './support/paced-fetch.js';
import { operations, recordProbe } from './support/spec-validator.js';

const depth = (process.env.CONTRACT_DEPTH || (mode === 'mock' ? 'full' : 'quick')) as 'quick' | 'full';

const EXPECTED = { accept: 'a success', refuse: 'a 400 PlaidError', deny: 'no success', answer: 'a success or a 4xx PlaidError' };
const label = (p: Probe) => `${p.family} · ${p.subject} · ${p.rule}: ${p.name} gets ${EXPECTED[p.expect]}`;

describe.each(Object.keys(operations))('%s', (operationId) => {
  const row = operations[operationId]!;
  // A fixed seed: the same probes every run, so a failure here fails the same way again.
  const { probes } = requestProbes(spec, operationId, row, { base: validBody(operationId), credentials, random: prng(20261130) });
  const chosen = atDepth(probes, depth);
  const runnable = chosen.filter((p) => mode === 'proxy' || !p.live);

  for (const p of chosen.filter((p) => mode !== 'proxy' && p.live)) {
    test.skip(`${label(p)}: only a real server knows which credentials are right`, () => {});
  }

  test.each(runnable.map((p) => [label(p), p] as const))('%s', async (_label, probe) => {
    const { method = row.method, query, headers, body } = probe.request;
    const path = `${row.path}${query ? `?${query}` : ''}`;
    // Another method on the operation's path has no answer in the spec to validate, only "no success".
    if (method.toLowerCase() !== row.method) {
      // Paced like every other request: the server's limit does not depend on the method.
      const response = await pacedFetch(
        new Request(`${(probe.direct && directUrl) || prismUrl}${path}`, {
          method,
          // Sent as a valid request would be, so only the method can be what a server refuses.
          headers: requestHeaders(credentials),
          ...(method === 'GET' || method === 'DELETE' ? {} : { body: body as BodyInit }),
        }),
      );
      await response.arrayBuffer();
      recordProbe(probe, response.status);
      expect(statusFits(probe.expect, response.status), `${method} ${path} got ${response.status}`).toBe(true);
      return;
    }
    const origin = probe.direct && directUrl ? directUrl : undefined;
    const { status, parsed, why } = await rawRequest(method, path, body, headers, origin);
    recordProbe(probe, status);
    // A real server may refuse what the schema allows for what only it knows (this user), never as malformed.
    const refusedForData = mode === 'proxy' && probe.expect !== 'refuse' && status === 400 && parsed.error_type !== 'INVALID_REQUEST';
    expect(statusFits(probe.expect, status) || refusedForData, `expected ${EXPECTED[probe.expect]}, got ${status}\n${why}`).toBe(true);
    if (probe.expect === 'refuse') {
      // Credentials that are missing are a malformed request; wrong ones may be invalid input.
      const types = probe.family === 'security' ? ['INVALID_REQUEST', 'INVALID_INPUT'] : ['INVALID_REQUEST'];
      expect(types, why).toContain(parsed.error_type);
    }
  });
});
