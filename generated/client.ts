/**
 * Generated from the bundled spec by packages/toolkit/lib/generate-client.mjs (plaid-user-financial-data-refresh-toolkit).
 * Do not edit: regenerate (`npm run generate`, or `plaid-refresh generate` in another repo).
 */
import createClient, { type ClientOptions } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { paths, components, operations } from './schema.js';

/** The spec's servers, by environment. */
export const servers = {
  production: "https://production.plaid.com",
  sandbox: "https://sandbox.plaid.com"
} as const;

export type Environment = keyof typeof servers;

/** The version of this spec (semver), and of Plaid's API description it follows. */
export const specVersion = "2.0.0";
export const plaidApiVersion = "2020-09-14_1.697.4";

// Open enums are typed `string` in schema.d.ts, so a new value from Plaid never fails to
// type-check; their known values live here, for autocomplete and exhaustive handling.

/** Known values of the open enum PlaidErrorType. Plaid may send others: handle them too. */
export const knownPlaidErrorTypeValues = ["INVALID_REQUEST","INVALID_RESULT","INVALID_INPUT","INSTITUTION_ERROR","RATE_LIMIT_EXCEEDED","API_ERROR","ITEM_ERROR","ASSET_REPORT_ERROR","BASE_REPORT_ERROR","RECAPTCHA_ERROR","OAUTH_ERROR","PAYMENT_ERROR","BANK_TRANSFER_ERROR","INCOME_VERIFICATION_ERROR","MICRODEPOSITS_ERROR","SANDBOX_ERROR","PARTNER_ERROR","SIGNAL_ERROR","TRANSACTIONS_ERROR","TRANSACTION_ERROR","TRANSFER_ERROR","CHECK_REPORT_ERROR","CONSUMER_REPORT_ERROR","USER_ERROR"] as const;
export type KnownPlaidErrorType = (typeof knownPlaidErrorTypeValues)[number];

/** Known values of the open enum PlaidErrorErrorCodeReason. Plaid may send others: handle them too. */
export const knownPlaidErrorErrorCodeReasonValues = ["OAUTH_INVALID_TOKEN","OAUTH_CONSENT_EXPIRED","OAUTH_USER_REVOKED"] as const;
export type KnownPlaidErrorErrorCodeReason = (typeof knownPlaidErrorErrorCodeReasonValues)[number];

/** Known values of the open enum RefreshResultProduct. Plaid may send others: handle them too. */
export const knownRefreshResultProductValues = ["transactions","investments","liabilities"] as const;
export type KnownRefreshResultProduct = (typeof knownRefreshResultProductValues)[number];

/**
 * Each operation's method, path and response schema pointers, by status: what a client routes and
 * validates by (generated/operations.json has the rest).
 */
export const operationRoutes = {
  "userFinancialDataRefresh": {
    "method": "post",
    "path": "/user/financial_data/refresh",
    "responses": {
      "200": {
        "schema": "/components/schemas/UserFinancialDataRefreshResponse"
      },
      "400": {
        "schema": "/components/schemas/PlaidError"
      },
      "429": {
        "schema": "/components/schemas/PlaidError"
      },
      "500": {
        "schema": "/components/schemas/PlaidError"
      },
      "503": {
        "schema": "/components/schemas/PlaidError"
      },
      "default": {
        "schema": "/components/schemas/PlaidError"
      }
    }
  }
} as const;

/** A bare openapi-fetch client for this spec: no auth, no retries, no error mapping. */
export function createRawClient(options?: ClientOptions) {
  return createClient<paths>(options);
}
