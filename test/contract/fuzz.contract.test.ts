import { describe, expect, test } from 'vitest';
import { runFuzz } from '../../scripts/fuzz.mjs';
import { operations } from '../support/spec-validator.js';
import { credentials, mode, prismUrl, userId } from './context.js';

// Fixed, so a failure here replays with `npm run fuzz -- --seed 20261123 --count 200` (80 against a server).
const SEED = 20261123;

// Against a real server, fewer cases at the run's pace (CONTRACT_RATE), so a rate limit is honoured.
const COUNT = mode === 'proxy' ? 80 : 200;
const rate = mode === 'proxy' ? Number(process.env.CONTRACT_RATE || 25) : 0;

describe('schema-based fuzzing', () => {
  test(`${COUNT} seeded cases (seed ${SEED}) each get the answer the spec requires`, { timeout: 120_000 }, async () => {
    const identity = mode === 'proxy' ? { ...credentials, userId } : {};
    // Malformed bytes go straight to the server, as sent; the rest through the validating proxy.
    const direct = process.env.CONTRACT_UPSTREAM || undefined;
    const report = await runFuzz({ url: prismUrl, seed: SEED, count: COUNT, identity, realServer: mode === 'proxy', rate, direct });
    const failures = report.failures.map((f) => `case ${f.index} (${f.operationId}, ${f.kind}): expected ${f.expected}, ${f.problem}`);
    expect(failures, `seed ${SEED}`).toEqual([]);
    // Every operation with a request body is fuzzed; one without says so in the report.
    const withBody = Object.entries(operations)
      .filter(([, op]) => op.request)
      .map(([id]) => id);
    expect(Object.keys(report.byOperation).sort()).toEqual(withBody.sort());
    expect(report.skipped).toHaveLength(Object.keys(operations).length - withBody.length);
    // The generator must really exercise every mutation, and both outcomes.
    expect(Object.keys(report.byKind).sort()).toEqual([
      'change a type',
      'deep nesting',
      'drop a required field',
      'duplicate keys',
      'huge string',
      'truncated JSON',
      'unicode',
      'unknown field',
      'valid',
      'wrong content type',
    ]);
  });
});
