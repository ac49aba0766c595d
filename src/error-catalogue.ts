// Plaid's errors as data: what each known error_type / error_code means for a caller, and what
// to do about it. The per-Item helper decides "the user must act" from it, and the reference docs
// render it. The client's core does not import it, so an app that never asks for the advice does
// not ship it (`npm run bench -- --only size`).
import { retryableStatuses } from './retry.js';

export interface ErrorCatalogueEntry {
  readonly errorType: string;
  readonly errorCode: string;
  /** The HTTP status Plaid answers with when this is the error of the whole call. */
  readonly httpStatus: number;
  /** Whether the client retries it automatically, with backoff. */
  readonly retryable: boolean;
  /** Whether only the end user can fix it (through Link's update mode). */
  readonly userActionRequired: boolean;
  /** What the developer or the end user should do. */
  readonly action: string;
  readonly docsUrl: string;
}

const docs = (page: string, code: string) => `https://plaid.com/docs/errors/${page}/#${code.toLowerCase()}`;

function entry(
  errorType: string,
  errorCode: string,
  httpStatus: number,
  page: string,
  action: string,
  flags: { retryable?: boolean; userActionRequired?: boolean } = {},
): ErrorCatalogueEntry {
  return {
    errorType,
    errorCode,
    httpStatus,
    retryable: flags.retryable ?? false,
    userActionRequired: flags.userActionRequired ?? false,
    action,
    docsUrl: docs(page, errorCode),
  };
}

export const errorCatalogue: readonly ErrorCatalogueEntry[] = [
  entry('INVALID_REQUEST', 'MISSING_FIELDS', 400, 'invalid-request', 'Send every required field; `user_id` is required.'),
  entry('INVALID_REQUEST', 'INVALID_FIELD', 400, 'invalid-request', 'Fix the field named in `error_message`: wrong type or format.'),
  entry('INVALID_REQUEST', 'UNKNOWN_FIELDS', 400, 'invalid-request', 'Remove the fields the endpoint does not know.'),
  entry('INVALID_REQUEST', 'INVALID_BODY', 400, 'invalid-request', 'Send a JSON object with `Content-Type: application/json`.'),
  entry(
    'INVALID_REQUEST',
    'INCOMPATIBLE_API_VERSION',
    400,
    'invalid-request',
    'Send a `Plaid-Version` this endpoint supports (2020-09-14).',
  ),
  entry(
    'INVALID_INPUT',
    'INVALID_API_KEYS',
    400,
    'invalid-input',
    'Check `client_id` and the secret for this environment in the Dashboard.',
  ),
  entry(
    'INVALID_INPUT',
    'UNAUTHORIZED_ENVIRONMENT',
    400,
    'invalid-input',
    'Ask Plaid for access to this environment, or call the one you are enabled for.',
  ),
  entry('USER_ERROR', 'USER_NOT_FOUND', 400, 'user', 'Check the `user_id`: it may belong to another environment or have been removed.'),
  entry('ITEM_ERROR', 'ITEM_LOGIN_REQUIRED', 400, 'item', 'Send the user through Link in update mode to log in again.', {
    userActionRequired: true,
  }),
  entry('ITEM_ERROR', 'ITEM_LOCKED', 400, 'item', 'The user must unlock the account at the institution, then relink in update mode.', {
    userActionRequired: true,
  }),
  entry('ITEM_ERROR', 'ACCESS_NOT_GRANTED', 400, 'item', 'Send the user through Link in update mode to grant the data the product needs.', {
    userActionRequired: true,
  }),
  entry('INSTITUTION_ERROR', 'INSTITUTION_DOWN', 400, 'institution', 'The institution is down; refresh again later (minutes to hours).'),
  entry('INSTITUTION_ERROR', 'INSTITUTION_NOT_RESPONDING', 400, 'institution', 'The institution is not responding; refresh again later.'),
  entry('RATE_LIMIT_EXCEEDED', 'RATE_LIMIT', 429, 'rate-limit-exceeded', 'Slow down; the client retries with exponential backoff.', {
    retryable: true,
  }),
  entry(
    'API_ERROR',
    'INTERNAL_SERVER_ERROR',
    500,
    'api',
    'A Plaid fault; the client retries with backoff. Report persistent ones with the `request_id`.',
    { retryable: true },
  ),
  entry('API_ERROR', 'PLANNED_MAINTENANCE', 503, 'api', 'Plaid is in planned maintenance; the client retries, then try again later.', {
    retryable: true,
  }),
];

/** OAuth reasons on ITEM_LOGIN_REQUIRED: each means the user must reauthorize through update mode. */
export const userActionReasons: Readonly<Record<string, string>> = {
  OAUTH_INVALID_TOKEN: 'The OAuth connection was invalidated: relink through update mode.',
  OAUTH_CONSENT_EXPIRED: 'The OAuth consent expired: ask the user to renew it through update mode.',
  OAUTH_USER_REVOKED: 'The user revoked the OAuth connection: relink through update mode if they agree.',
};

const byKey = new Map(errorCatalogue.map((e) => [`${e.errorType}/${e.errorCode}`, e]));

/**
 * The catalogue entry for an error (a `PlaidApiError`, or its type, code and status), or one
 * derived from its HTTP status class when Plaid sends a code we do not know yet: 429 and 5xx are
 * retryable, other 4xx are not.
 */
export function describeError(error: {
  readonly errorType: string;
  readonly errorCode: string;
  readonly status: number;
}): ErrorCatalogueEntry;
export function describeError(errorType: string, errorCode: string, httpStatus: number): ErrorCatalogueEntry;
export function describeError(
  error: string | { readonly errorType: string; readonly errorCode: string; readonly status: number },
  code?: string,
  status?: number,
): ErrorCatalogueEntry {
  const [errorType, errorCode, httpStatus] =
    typeof error === 'string' ? [error, code ?? '', status ?? 0] : [error.errorType, error.errorCode, error.status];
  const known = byKey.get(`${errorType}/${errorCode}`);
  if (known) return known;
  const serverSide = httpStatus >= 500;
  return {
    errorType,
    errorCode,
    httpStatus,
    retryable: retryableStatuses.has(httpStatus),
    userActionRequired: false,
    action: serverSide
      ? 'A Plaid-side error this client does not know; retried with backoff.'
      : 'An error this client does not know; see `error_message` and the docs link.',
    docsUrl: 'https://plaid.com/docs/errors/',
  };
}
