// Per-Item outcomes: a 200 can still carry failed Items. This splits them and says which need
// the end user (Link update mode) rather than a retry or a fix in code.
import type { PlaidError, RefreshResult, UserFinancialDataRefreshResponse } from '../generated/schema.js';
import { describeError, userActionReasons } from './error-catalogue.js';

export interface FailedItem {
  readonly itemId: string;
  readonly product: string;
  readonly error: PlaidError;
  /** True when only the end user can fix it, through Link's update mode. */
  readonly userActionRequired: boolean;
  /** What to do, from the error catalogue or the OAuth reason. */
  readonly action: string;
}

export interface RefreshOutcome {
  readonly succeeded: readonly RefreshResult[];
  readonly failed: readonly FailedItem[];
  /** Failures grouped by error_code, e.g. all ITEM_LOGIN_REQUIRED Items together. */
  readonly failedByCode: Readonly<Record<string, readonly FailedItem[]>>;
  /** The Items to send through update mode, once each. */
  readonly itemsNeedingUser: readonly string[];
}

function toFailure(result: RefreshResult, error: PlaidError): FailedItem {
  const entry = describeError(error.error_type, error.error_code, error.status ?? 400);
  const reason = error.error_code_reason ? userActionReasons[error.error_code_reason] : undefined;
  return {
    itemId: result.item_id,
    product: result.product,
    error,
    userActionRequired: entry.userActionRequired || reason !== undefined,
    action: reason ?? entry.action,
  };
}

export function summarizeRefresh(response: UserFinancialDataRefreshResponse): RefreshOutcome {
  const succeeded: RefreshResult[] = [];
  const failed: FailedItem[] = [];
  for (const result of response.results) {
    if (result.error) failed.push(toFailure(result, result.error));
    else succeeded.push(result);
  }
  const failedByCode: Record<string, FailedItem[]> = {};
  for (const failure of failed) (failedByCode[failure.error.error_code] ??= []).push(failure);
  const itemsNeedingUser = [...new Set(failed.filter((f) => f.userActionRequired).map((f) => f.itemId))];
  return { succeeded, failed, failedByCode, itemsNeedingUser };
}
