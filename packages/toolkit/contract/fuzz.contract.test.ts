import { describe, expect, test } from 'vitest';
import { runFuzz } from '../lib/fuzz.mjs';
import { credentials, directUrl, mode, prismUrl, userId } from './context.js';
import { operations } from './support/spec-validator.js';

// Fixed, so a failure here replays with `npm run fuzz -- --seed 20261123 --cases 200` (fewer against a server).
const SEED = 20261123;

// Against a real server, at the run's pace (CONTRACT_RATE): a quick run (CI's default) samples the
// probe table lightly, since probes.contract.test.ts walks it in order anyway; a full run samples more.
const COUNT = mode === 'proxy' && process.env.CONTRACT_DEPTH !== 'full' ? 12 : 200;
const rate = mode === 'proxy' ? Number(process.env.CONTRACT_RATE || 25) : 0;

describe('schema-based fuzzing', () => {
  test(`${COUNT} seeded cases (seed ${SEED}) each get the answer the spec requires`, { timeout: 120_000 }, async () => {
    const identity = mode === 'proxy' ? { ...credentials, userId } : {};
    // Malformed bytes go straight to the server, as sent; the rest through the validating proxy.
    const direct = directUrl || undefined;
    const server = process.env.CONTRACT_UPSTREAM || undefined;
    const report = await runFuzz({ url: prismUrl, seed: SEED, count: COUNT, identity, realServer: mode === 'proxy', rate, direct, server });
    const failures = report.failures.map((f) => `case ${f.index} (${f.operationId}, ${f.kind}): expected ${f.expected}, ${f.problem}`);
    expect(failures, `seed ${SEED}`).toEqual([]);
    // Every operation with a request body is fuzzed; one without says so in the report.
    const withBody = Object.entries(operations)
      .filter(([, op]) => op.request)
      .map(([id]) => id);
    expect(Object.keys(report.byOperation).sort()).toEqual(withBody.sort());
    expect(report.skipped).toHaveLength(Object.keys(operations).length - withBody.length);
    // The generator must really exercise every family of the probe table, and valid requests
    // (a quick run's dozen cases are a sample, not a census).
    const families = new Set(Object.keys(report.byKind).map((kind) => kind.split(':')[0]));
    if (COUNT >= 100) expect([...families].sort()).toEqual(['schema', 'security', 'valid', 'values', 'wire']);
  });
});
