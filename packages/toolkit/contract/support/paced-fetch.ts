// Every request the contract suite sends goes through here. Against a real server (through the
// proxy) it is paced to CONTRACT_RATE requests per second, a 429 that says when to come back
// (Retry-After) is waited out within a bound, and a request that gets no answer fails with its
// method and path named, well before the test's own timeout.

import { parseRetryAfter } from 'plaid-user-financial-data-refresh';
import { pacer } from '../../lib/pace.mjs';

const proxied = Boolean(process.env.CONTRACT_UPSTREAM);
const rate = proxied ? Number(process.env.CONTRACT_RATE || 25) : 0;
export const requestTimeoutMs = Number(process.env.CONTRACT_TIMEOUT_MS || 8_000);
const MAX_RATE_LIMIT_WAIT_MS = 30_000;

const waitTurn = pacer(rate);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A 429 the server sent before its answer: the test validates it like every other response. */
export type Waited = { response: Response; waitedMs: number };

export async function pacedFetch(request: Request, onRateLimited?: (waited: Waited) => Promise<void>): Promise<Response> {
  const where = `${request.method} ${new URL(request.url).pathname}`;
  let waited = 0;
  for (;;) {
    await waitTurn();
    let response: Response;
    try {
      response = await fetch(request.clone(), { signal: AbortSignal.timeout(requestTimeoutMs) });
    } catch (error) {
      const cause = error as Error & { cause?: { code?: string } };
      if (cause.name === 'TimeoutError') throw new Error(`${where}: no answer within ${requestTimeoutMs} ms (CONTRACT_TIMEOUT_MS)`);
      throw new Error(`${where}: ${cause.cause?.code ?? cause.message}`);
    }
    if (!proxied || response.status !== 429) return response;
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    if (retryAfter === undefined || waited + retryAfter > MAX_RATE_LIMIT_WAIT_MS) return response;
    await onRateLimited?.({ response, waitedMs: waited });
    waited += retryAfter;
    await sleep(retryAfter);
  }
}
