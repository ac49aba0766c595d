// Sends one case and reads its answer whole; a 429 that says when to come back is waited out
// (within a bound), and a kept-alive socket closed under the case is tried once more.
import { parseRetryAfter } from 'plaid-user-financial-data-refresh';
import { requestHeaders } from '../plaid-facts.mjs';

/** When a server that rate-limits the fuzzer says to come back: seconds or an HTTP-date (RFC 9110). */
const retryAfterMs = (header) => parseRetryAfter(header ?? null);
const MAX_RATE_LIMIT_WAIT_MS = 30_000;

/** The headers a case is sent with: the credentials and JSON's content type, under the probe's own. */
export const caseHeaders = (testCase) => requestHeaders(testCase.credentials, testCase.request.headers);

export async function send(url, row, testCase, timeoutMs) {
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
