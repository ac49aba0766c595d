// Opt-in (`contract --burst`): a burst of valid requests, unpaced, until the server says 429. The
// 429 is judged by every check like any answer (a PlaidError body, a valid Retry-After), then its
// Retry-After is waited out and the next request must not be refused for the rate any more.
import { parseRetryAfter } from 'plaid-user-financial-data-refresh';
import { describe, expect, test } from 'vitest';
import { credentials, mode, prismUrl, validBody } from './context.js';
import { exchangeOf, expectMatchesSpec, operations } from './support/spec-validator.js';

const MAX_REQUESTS = 400;
const IN_FLIGHT = 16;
const MAX_WAIT_MS = 60_000;

const [operationId, row] = Object.entries(operations)[0]!;

async function send() {
  const sent = {
    headers: { 'content-type': 'application/json', 'plaid-client-id': credentials.clientId, 'plaid-secret': credentials.secret },
    body: JSON.stringify(validBody(operationId)),
  };
  const response = await fetch(`${prismUrl}${row.path}`, { method: row.method.toUpperCase(), ...sent });
  return exchangeOf(response, row.method.toUpperCase(), sent);
}

describe.runIf(mode === 'proxy' && process.env.CONTRACT_BURST)('a burst of valid requests', () => {
  test(`provokes a 429 within ${MAX_REQUESTS} requests that the spec allows, whose Retry-After is then honoured`, {
    timeout: 120_000,
  }, async (context) => {
    let sent = 0;
    let limited: Awaited<ReturnType<typeof send>> | undefined;
    while (!limited && sent < MAX_REQUESTS) {
      const batch = await Promise.all(Array.from({ length: IN_FLIGHT }, send));
      sent += batch.length;
      for (const exchange of batch) expectMatchesSpec(exchange);
      limited = batch.find((x) => x.status === 429);
    }
    if (!limited) return context.skip(`no 429 after ${sent} requests at ${IN_FLIGHT} in flight: the server's limit was not reached`);
    const waitMs = parseRetryAfter(limited.headers['retry-after'] ?? null) ?? 1_000;
    expect(waitMs, 'a Retry-After this long would stall every client').toBeLessThanOrEqual(MAX_WAIT_MS);
    await new Promise((resolve) => setTimeout(resolve, waitMs + 50));
    const after = await send();
    expectMatchesSpec(after);
    expect(after.status, `after waiting out Retry-After (${waitMs} ms), the next request still got a 429`).not.toBe(429);
  });
});
