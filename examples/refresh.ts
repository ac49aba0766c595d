// The README's usage example. `npm run typecheck` compiles it, so it cannot drift from the API.
import { createPlaidClient, describeError, PlaidApiError, summarizeRefresh } from 'plaid-user-financial-data-refresh';

const plaid = createPlaidClient({
  environment: 'sandbox',
  clientId: process.env.PLAID_CLIENT_ID ?? '',
  secret: process.env.PLAID_SECRET ?? '',
  timeoutMs: 10_000,
  retry: { attempts: 3, baseDelayMs: 250, maxDelayMs: 4_000 },
  onRetry: ({ attempt, delayMs, reason }) => console.warn(`refresh attempt ${attempt} failed (${reason}); retrying in ${delayMs} ms`),
});

export async function refreshUser(userId: string) {
  const { data, error } = await plaid.refreshUserFinancialData({ user_id: userId });

  if (error) {
    if (error instanceof PlaidApiError) {
      // A Plaid error for the whole call: identify it by type and code, not by HTTP status.
      console.error(`${error.errorType}/${error.errorCode} (request ${error.requestId}): ${describeError(error).action}`);
    } else {
      // timeout | network | invalid_response | aborted
      console.error(`refresh failed: ${error.kind}: ${error.message}`);
    }
    return;
  }

  const outcome = summarizeRefresh(data);
  console.log(`${outcome.succeeded.length} refreshed, ${outcome.failed.length} failed`);
  for (const itemId of outcome.itemsNeedingUser) {
    console.log(`Item ${itemId} needs the user: open Link in update mode`);
  }
}
