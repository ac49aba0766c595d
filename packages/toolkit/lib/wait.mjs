// Waits until a URL answers any HTTP request: the ready check for a server started in the
// background (the mock, or a server under test), so a CI step needs nothing downloaded at run time.

/**
 * Polls until `url` answers, for at most `timeoutMs` (at least one try, of up to a second); rejects
 * with the last connection error. Any answer counts, a redirect too: it is not followed.
 * @param {string} url
 * @param {{ timeoutMs?: number, intervalMs?: number }} [options]
 */
export async function waitForUrl(url, { timeoutMs = 10_000, intervalMs = 25 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        const { cause } = /** @type {{ cause?: { code?: string, message?: string } }} */ (error);
        const why = cause?.code ?? cause?.message ?? String(error);
        throw new Error(`${url} did not answer within ${timeoutMs} ms (${why})`);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
