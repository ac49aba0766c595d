// Plaid's conventions that the spec states in prose, not in schema: where credentials go, what an
// error body holds, what a request_id looks like. One home, read by the mock's guard, the request
// judge, the reference server and the samples.
/**
 * Each credential: its security scheme in the spec, its header, and the body field Plaid also
 * accepts it in (the spec's empty security alternative, see docs/decisions.md).
 */
export const credentials = [
  { scheme: 'clientId', header: 'PLAID-CLIENT-ID', field: 'client_id', variable: 'PLAID_CLIENT_ID' },
  { scheme: 'secret', header: 'PLAID-SECRET', field: 'secret', variable: 'PLAID_SECRET' },
];

/**
 * An identity's credentials as headers, named by the table above.
 * @template T
 * @param {{ clientId: T, secret: T }} identity
 * @returns {Record<string, T>}
 */
export const credentialHeaders = (identity) => Object.fromEntries(credentials.map((c) => [c.header, identity[c.scheme]]));

/**
 * The headers a test request carries: JSON's content type and the identity's credentials, under
 * the caller's own. Names compare case-insensitively (`plaid-secret` replaces `PLAID-SECRET`), and
 * a `null` leaves out one the request would otherwise carry.
 * @param {{ clientId: string, secret: string }} identity
 * @param {Record<string, string | null>} [own]
 * @returns {Record<string, string>}
 */
export function requestHeaders(identity, own = {}) {
  /** @type {Record<string, string>} */
  const headers = { 'Content-Type': 'application/json', ...credentialHeaders(identity) };
  for (const [name, value] of Object.entries(own)) {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
    if (value !== null) headers[name] = value;
  }
  return headers;
}

/** The body fields that carry credentials; samples leave them to the headers. */
export const bodyCredentialFields = credentials.map((c) => c.field);

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A fresh request_id in the shape of Plaid's: 15 URL-safe characters (Web Crypto, so it runs in a browser too). */
export const requestId = () => Array.from(globalThis.crypto.getRandomValues(new Uint8Array(15)), (byte) => URL_SAFE[byte % 64]).join('');

/**
 * A success as Plaid answers it: each top-level field the request also sent (`user_id`) carries
 * the request's value. Credentials are never echoed.
 * @param {unknown} sent the parsed request body
 * @param {unknown} answered the parsed response body
 */
export function echoRequest(sent, answered) {
  if (!sent || typeof sent !== 'object' || !answered || typeof answered !== 'object' || Array.isArray(answered)) return answered;
  const out = { ...answered };
  for (const [field, value] of Object.entries(sent)) {
    if (bodyCredentialFields.includes(field) || !Object.hasOwn(out, field)) continue;
    if (typeof value === typeof out[field]) out[field] = value;
  }
  return out;
}

/** The documentation page Plaid links for an error type. */
const docsPages = {
  INVALID_REQUEST: 'invalid-request',
  INVALID_INPUT: 'invalid-input',
  ITEM_ERROR: 'item',
  INSTITUTION_ERROR: 'institution',
  USER_ERROR: 'user',
  RATE_LIMIT_EXCEEDED: 'rate-limit-exceeded',
  API_ERROR: 'api',
};

/**
 * A complete PlaidError body, as Plaid sends it: every field present, `status` equal to the HTTP
 * status, a documentation_url for the code, and a new request_id.
 * @param {string} errorType
 * @param {string} errorCode
 * @param {string} message
 * @param {number} status
 * @param {Record<string, unknown>} [extra] e.g. error_code_reason, display_message
 */
export function plaidError(errorType, errorCode, message, status, extra = {}) {
  return {
    error_type: errorType,
    error_code: errorCode,
    error_code_reason: null,
    error_message: message,
    display_message: null,
    request_id: requestId(),
    causes: [],
    status,
    documentation_url: `https://plaid.com/docs/errors/${docsPages[errorType] ?? 'api'}/#${errorCode.toLowerCase()}`,
    suggested_action: null,
    ...extra,
  };
}

/**
 * Credentials one step from the right one, where a comparison that is not exact lets them through:
 * the last character dropped (a prefix compare), one more added, the case flipped.
 * @param {string} value
 * @returns {[string, string][]}
 */
export const nearMisses = (value) =>
  /** @type {[string, string][]} */ ([
    ['without its last character', value.slice(0, -1)],
    ['with one character more', `${value}x`],
    ['in the other case', [...value].map((ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase())).join('')],
  ]).filter(([, near]) => near !== value && near !== '');
