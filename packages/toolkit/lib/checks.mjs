// The contract checker's registry: one named check per rule a response must follow, in the shape
// of Schemathesis's checks and Redocly's rules. Each has a stable id (what a report counts and a
// user looks up), a one-line rule, where it applies, and a function that returns problems and
// never throws. `judgeExchange` runs every check on one exchange and says why any did not apply.
import { errorCatalogue, parseRetryAfter, secretRedactor } from 'plaid-user-financial-data-refresh';
import { bodyCredentialFields, credentials } from './plaid-facts.mjs';
import { createRequestJudge, isJsonMediaType } from './request-judge.mjs';
import { createSpecAjv, declaredResponse, describeProblems, schemaAt } from './spec-ajv.mjs';
import { isRequestFor } from './spec-document.mjs';

/**
 * One request and its response, however it was obtained (the contract suite, the fuzzer, a HAR).
 * @typedef {{
 *   index?: number,
 *   method: string,
 *   path: string,
 *   request: { headers: Record<string, string>, body?: string },
 *   response: { status: number, headers: Record<string, string>, body?: string, bytes?: Uint8Array },
 * }} Exchange
 * @typedef {Omit<Exchange, 'request'> & { request: { headers: Record<string, string>, body?: string | Uint8Array } }} SentExchange
 *   an exchange as recorded: the request body as text, or as the bytes that were sent
 * @typedef {{ check: string, problems: string[], skipped?: string }} CheckResult
 * @typedef {{ operationId: string, row: import('./spec-ajv.mjs').OperationRow, json?: unknown, requestProblems: import('./request-judge.mjs').RequestProblem[] }} Facts
 * @typedef {{ id: string, rule: string, scope: 'any exchange' | 'live servers' | 'across exchanges', run: (x: Exchange, facts: Facts, run: RunState, ajv: import('ajv').Ajv) => string[] | string }} Check
 * @typedef {{ requestIds: Map<string, number> }} RunState
 */

const header = (headers, name) => Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
const isPlaidError = (value) => Boolean(value && typeof value === 'object' && typeof value.error_type === 'string');
const success = (status) => status >= 200 && status < 300;
const utf8 = new TextDecoder('utf-8', { fatal: true });

const NO_BODY = 'the body was not recorded';
const NO_REQUEST = 'the request body was not recorded';

/** The credentials a request carried, in its headers or body: what no response may echo. */
function sentCredentials(request) {
  const values = credentials.flatMap((c) => {
    const value = header(request.headers, c.header.toLowerCase());
    return value ? [value] : [];
  });
  try {
    const body = JSON.parse(String(request.body ?? '').replace(/^\uFEFF/, ''));
    for (const field of bodyCredentialFields) if (typeof body?.[field] === 'string') values.push(body[field]);
  } catch {}
  // Too short a value would match by chance; a real credential is never kilobytes long (a fuzzer's
  // oversized field would make one pattern of every spelling too large to build).
  return values.filter((value) => value.length >= 6 && value.length <= 512);
}

/**
 * The body as a PlaidError of the whole call, if it is one.
 * @returns {{ error_type: unknown, error_code: unknown, documentation_url?: unknown } | undefined}
 */
const plaidErrorOf = (json) =>
  json && typeof json === 'object' && typeof json.error_type === 'string' && typeof json.error_code === 'string' ? json : undefined;

/**
 * Member names repeated within one object of a JSON text (already known to parse): a scan of its
 * strings and brackets, since JSON.parse keeps the last silently.
 * @param {string} text
 */
function repeatedNames(text) {
  /** @type {(Set<string> | null)[]} */
  const stack = [];
  const repeated = [];
  let expectName = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (expectName && top) {
        const name = JSON.parse(text.slice(i, end + 1));
        if (top.has(name)) repeated.push(name);
        top.add(name);
      }
      expectName = false;
      i = end;
    } else if (ch === '{') {
      stack.push(new Set());
      expectName = true;
    } else if (ch === '[') {
      stack.push(null);
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      expectName = stack.at(-1) instanceof Set;
    }
  }
  return repeated;
}

/** What a serializer writes for a missing value when it should write JSON null. */
const STRINGIFIED_NULLS = new Set(['null', 'undefined', 'None', '<nil>', 'NULL', 'nil']);

/** @type {Check[]} */
export const checks = [
  {
    id: 'status_declared',
    rule: 'The status is one the operation declares (exactly, by its class, or as default); a success only as declared.',
    scope: 'any exchange',
    run: (x, { row }) => {
      const declared = declaredResponse(row, x.response.status);
      if (!declared || (success(x.response.status) && declared.key !== String(x.response.status))) {
        return [`HTTP ${x.response.status} is not a response ${Object.keys(row.responses).join(', ')} declares`];
      }
      return [];
    },
  },
  {
    id: 'content_type_json',
    rule: 'A response with a body says Content-Type application/json (any case, parameters allowed: RFC 9110 §8.3.1).',
    scope: 'any exchange',
    run: (x) => {
      const type = header(x.response.headers, 'content-type');
      return isJsonMediaType(type)
        ? []
        : [`Content-Type is ${type === undefined ? 'missing' : JSON.stringify(type)}, not application/json`];
    },
  },
  {
    id: 'body_utf8',
    rule: 'The body is UTF-8, starts with no byte order mark, and its Content-Type names no other charset (RFC 8259 §8.1).',
    scope: 'any exchange',
    run: (x) => {
      const problems = [];
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(header(x.response.headers, 'content-type') ?? '')?.[1];
      if (charset && !/^utf-?8$/i.test(charset)) problems.push(`Content-Type says charset=${charset}; JSON is UTF-8`);
      if (x.response.body === undefined) return problems.length > 0 ? problems : NO_BODY;
      if (!x.response.bytes) return problems.length > 0 ? problems : 'the body was recorded as text, not bytes';
      const [a, b, c] = x.response.bytes;
      if (a === 0xef && b === 0xbb && c === 0xbf) problems.push('the body starts with a byte order mark, which JSON senders must not add');
      try {
        utf8.decode(x.response.bytes);
      } catch {
        problems.push('the body is not valid UTF-8');
      }
      return problems;
    },
  },
  {
    id: 'json_unique_names',
    rule: 'No object in the body names a member twice (RFC 8259 §4): parsers disagree on which one counts.',
    scope: 'any exchange',
    run: (x, { json }) => {
      if (json === undefined || x.response.body === undefined) return 'the body is not JSON';
      return repeatedNames(x.response.body).map((name) => `a member ${JSON.stringify(name)} is named twice in one object`);
    },
  },
  {
    id: 'body_json',
    rule: 'The body is one JSON value.',
    scope: 'any exchange',
    // No preview of the body: it may hold what a report must not show.
    run: (x, facts) => {
      if (x.response.body === undefined) return NO_BODY;
      return facts.json === undefined ? [`the body is not JSON (${x.response.body.length} characters)`] : [];
    },
  },
  {
    id: 'response_schema',
    rule: 'The body matches the schema the operation declares for the status.',
    scope: 'any exchange',
    run: (x, facts, _run, ajv) => {
      if (x.response.body === undefined) return NO_BODY;
      if (facts.json === undefined) return 'the body is not JSON (body_json)';
      const declared = declaredResponse(facts.row, x.response.status);
      const validate = declared?.schema ? schemaAt(ajv, declared.schema) : undefined;
      if (!validate) return 'no schema is declared for this status (status_declared)';
      return validate(facts.json) ? [] : describeProblems(validate.errors);
    },
  },
  {
    id: 'no_credential_echo',
    rule: 'No credential the request sent comes back in the response body or headers, in any spelling (percent-encoded, JSON-escaped, base64).',
    scope: 'any exchange',
    run: (x) => {
      const headerText = Object.entries(x.response.headers)
        .map(([name, value]) => `${name}: ${value}`)
        .join('\n');
      const sent = sentCredentials(x.request);
      // The client's own redactor finds every spelling it knows; a change means a credential is there.
      const redact = secretRedactor([...sent, ...sent.flatMap((a) => sent.map((b) => `${a}:${b}`))]);
      const problems = [];
      if (x.response.body !== undefined && redact(x.response.body) !== x.response.body)
        problems.push('the body contains a credential the request sent');
      if (redact(headerText) !== headerText) problems.push('a header contains a credential the request sent');
      return problems;
    },
  },
  {
    id: 'plaid_error_status_matches',
    rule: "A PlaidError's status is the HTTP status it came with.",
    scope: 'live servers',
    run: (x, { json }) => {
      if (!isPlaidError(json)) return 'the body is not a PlaidError';
      const { status } = /** @type {{ status?: unknown }} */ (json);
      return typeof status === 'number' && status !== x.response.status
        ? [`the PlaidError says status ${status}, the response ${x.response.status}`]
        : [];
    },
  },
  {
    id: 'request_id_unique',
    rule: 'Every response carries a request_id no other response of the run had (with --concurrency above 1: of its worker).',
    scope: 'across exchanges',
    run: (x, { json }, run) => {
      const id = /** @type {{ request_id?: unknown }} */ (json)?.request_id;
      if (typeof id !== 'string') return 'the body has no request_id';
      const before = run.requestIds.get(id);
      run.requestIds.set(id, x.index ?? run.requestIds.size);
      return before === undefined ? [] : [`request_id ${JSON.stringify(id)} was already returned (exchange ${before})`];
    },
  },
  {
    id: 'echoes_request',
    rule: 'A success echoes the request: a top-level field the request sent (user_id) has its value.',
    scope: 'live servers',
    run: (x, { json, requestProblems }) => {
      if (!success(x.response.status)) return 'not a success';
      if (x.request.body === undefined) return NO_REQUEST;
      if (requestProblems.length > 0) return 'the request was not valid (invalid_request_rejected)';
      let sent;
      try {
        sent = JSON.parse(x.request.body.replace(/^\uFEFF/, ''));
      } catch {
        return 'the request body is not JSON';
      }
      if (!json || typeof json !== 'object') return 'the body is not an object';
      return Object.entries(sent ?? {})
        .filter(([field]) => !bodyCredentialFields.includes(field) && Object.hasOwn(json, field))
        .filter(([field, value]) => JSON.stringify(json[field]) !== JSON.stringify(value))
        .map(([field, value]) => `${field} is ${JSON.stringify(json[field])}, the request sent ${JSON.stringify(value)}`);
    },
  },
  {
    id: 'items_unique',
    rule: 'A per-Item result lists each Item and product once, with a non-empty item_id.',
    scope: 'live servers',
    run: (x, { json }) => {
      const results = /** @type {{ results?: unknown }} */ (json)?.results;
      if (!success(x.response.status) || !Array.isArray(results)) return 'no per-Item results';
      const seen = new Set();
      const problems = [];
      for (const [i, entry] of results.entries()) {
        if (typeof entry?.item_id !== 'string' || entry.item_id.trim() === '') problems.push(`results[${i}] has an empty item_id`);
        const key = `${entry?.item_id} ${entry?.product}`;
        if (seen.has(key))
          problems.push(`results[${i}] repeats item ${JSON.stringify(entry?.item_id)} for ${JSON.stringify(entry?.product)}`);
        seen.add(key);
      }
      return problems;
    },
  },
  {
    id: 'invalid_request_rejected',
    rule: "A request the spec refuses (its schema, its content type, a JSON object) gets the spec's 400 INVALID_REQUEST (or a 429 or 5xx), never a success.",
    scope: 'any exchange',
    run: (x, { json, requestProblems }) => {
      if (x.request.body === undefined) return NO_REQUEST;
      const invalid = requestProblems.filter((p) => p.kind !== 'missing_credential');
      if (invalid.length === 0) return 'the request was valid';
      const why = invalid.map((p) => p.message).join('; ');
      // A 429 or a 5xx says nothing about the request: a server may rate-limit or fail before it looks.
      if (x.response.status === 429 || x.response.status >= 500) return [];
      if (x.response.status !== 400) return [`HTTP ${x.response.status} for a request the spec refuses (${why})`];
      return /** @type {{ error_type?: unknown }} */ (json)?.error_type === 'INVALID_REQUEST'
        ? []
        : [`a 400 that is not INVALID_REQUEST for: ${why}`];
    },
  },
  {
    id: 'credentials_required',
    rule: "A request without the credentials the operation's security needs never succeeds.",
    scope: 'any exchange',
    run: (x, { requestProblems }) => {
      if (x.request.body === undefined) return NO_REQUEST;
      const missing = requestProblems.filter((p) => p.kind === 'missing_credential').map((p) => p.field);
      if (missing.length === 0) return 'the request carried its credentials';
      return success(x.response.status) ? [`HTTP ${x.response.status} for a request without ${missing.join(', ')}`] : [];
    },
  },
  {
    id: 'rate_limit_conformant',
    rule: 'A 429 is a RATE_LIMIT_EXCEEDED PlaidError.',
    scope: 'live servers',
    run: (x, { json }) => {
      if (x.response.status !== 429) return 'not a 429';
      if (x.response.body === undefined) return NO_BODY;
      const type = /** @type {{ error_type?: unknown }} */ (json)?.error_type;
      return type === 'RATE_LIMIT_EXCEEDED' ? [] : [`the 429 is not a RATE_LIMIT_EXCEEDED PlaidError (error_type ${JSON.stringify(type)})`];
    },
  },
  {
    id: 'plaid_error_catalogued',
    rule: "A PlaidError's error_code belongs to its error_type and comes with the HTTP status Plaid answers it with (the client's error catalogue), for the call and for each Item.",
    scope: 'live servers',
    run: (x, { json }) => {
      const top = plaidErrorOf(json);
      // Each Item's error too: its status field, when sent, is the one Plaid answers that error with.
      const results = /** @type {{ results?: unknown }} */ (json)?.results;
      const items = (Array.isArray(results) ? results : []).flatMap((r, i) =>
        plaidErrorOf(r?.error) ? [{ where: `results[${i}].error`, error: r.error, status: r.error.status }] : [],
      );
      const errors = [...(top ? [{ where: 'the body', error: top, status: x.response.status }] : []), ...items];
      if (errors.length === 0) return 'no PlaidError';
      const problems = [];
      for (const { where, error, status } of errors) {
        const known = errorCatalogue.filter((e) => e.errorCode === error.error_code);
        if (known.length === 0) continue;
        const entry = known.find((e) => e.errorType === error.error_type);
        if (!entry)
          problems.push(
            `${where}: ${error.error_code} is ${known.map((e) => e.errorType).join(' or ')}'s code, not ${JSON.stringify(error.error_type)}'s`,
          );
        else if (typeof status === 'number' && entry.httpStatus !== status)
          problems.push(`${where}: ${error.error_type}/${error.error_code} comes with HTTP ${entry.httpStatus}, not ${status}`);
      }
      return problems;
    },
  },
  {
    id: 'documentation_url_shape',
    rule: "A PlaidError's documentation_url, when present, is Plaid's page for its error: https://plaid.com/docs/errors/<page>/#<error_code in lower case>.",
    scope: 'live servers',
    run: (_x, { json }) => {
      const error = plaidErrorOf(json);
      if (!error) return 'not a PlaidError';
      const url = error.documentation_url;
      if (url === undefined || url === null) return 'no documentation_url';
      const found = /^https:\/\/plaid\.com\/docs\/errors\/[a-z-]+\/#([a-z0-9_]+)$/.exec(String(url));
      if (!found) return [`documentation_url ${JSON.stringify(url)} is not a page of https://plaid.com/docs/errors/`];
      if (found[1] !== String(error.error_code).toLowerCase())
        return [`documentation_url ${JSON.stringify(url)} points at #${found[1]}, not at ${error.error_code}`];
      const entry = errorCatalogue.find((e) => e.errorCode === error.error_code && e.errorType === error.error_type);
      return !entry || entry.docsUrl === url ? [] : [`documentation_url ${JSON.stringify(url)} is not ${entry.docsUrl}`];
    },
  },
  {
    id: 'no_stringified_null',
    rule: 'No string in the body is "null", "undefined", "None" or "<nil>": an absent value is JSON null (the spec marks which fields may be).',
    scope: 'any exchange',
    run: (_x, { json }) => {
      if (json === undefined) return 'the body is not JSON';
      /** @type {string[]} */
      const problems = [];
      const visit = (node, at) => {
        if (typeof node === 'string' && STRINGIFIED_NULLS.has(node))
          problems.push(`${at || '(body)'} is the string ${JSON.stringify(node)}`);
        else if (node && typeof node === 'object') for (const [key, child] of Object.entries(node)) visit(child, `${at}/${key}`);
      };
      visit(json, '');
      return problems;
    },
  },
  {
    id: 'retry_after_valid',
    rule: 'A Retry-After header is whole seconds or an HTTP-date (RFC 9110 §10.2.3).',
    scope: 'any exchange',
    run: (x) => {
      const value = header(x.response.headers, 'retry-after');
      if (value === undefined) return 'no Retry-After header';
      return parseRetryAfter(value) === undefined ? [`Retry-After ${JSON.stringify(value)} is neither seconds nor an HTTP-date`] : [];
    },
  },
];

/**
 * A checker over one spec: judges exchanges one by one, remembering what spans a run.
 * @param {object} document the bundled spec
 * @param {Record<string, import('./spec-ajv.mjs').OperationRow>} table generated/operations.json
 */
export function createChecker(document, table) {
  const ajv = createSpecAjv(document);
  const judgeRequest = createRequestJudge(document);
  /** @type {RunState} */
  const run = { requestIds: new Map() };
  const operationOf = (method, path) => Object.entries(table).find(([, row]) => isRequestFor(row, method, path));
  return {
    /** The operation an exchange belongs to, or undefined: a HAR holds other traffic too. */
    operationOf,
    /**
     * Every check on one exchange: its problems, or why it did not apply. Not `live`: the Prism
     * mock, whose examples and generated answers cannot hold Plaid's semantics across exchanges.
     * @param {SentExchange} exchange
     * @param {{ live?: boolean }} [options]
     * @returns {CheckResult[]}
     */
    judge(exchange, { live = true } = {}) {
      // The request judge reads a body's bytes (is it UTF-8?); the checks read it as text.
      const sent = exchange.request.body;
      /** @type {Exchange} */
      const x = { ...exchange, request: { ...exchange.request, body: sent instanceof Uint8Array ? new TextDecoder().decode(sent) : sent } };
      const found = operationOf(x.method, x.path);
      if (!found) return [{ check: 'operation_known', problems: [`${x.method} ${x.path} is not an operation of the spec`] }];
      const [operationId, row] = found;
      let json;
      try {
        json = x.response.body === undefined ? undefined : JSON.parse(x.response.body);
      } catch {}
      const requestProblems =
        x.request.body === undefined
          ? []
          : judgeRequest(row, { headers: x.request.headers, body: /** @type {string | Uint8Array} */ (sent) });
      const facts = { operationId, row, json, requestProblems };
      return checks.map((check) => {
        if (!live && check.scope !== 'any exchange')
          return { check: check.id, problems: [], skipped: "a mock's answers are examples, not a server's" };
        try {
          const outcome = check.run(x, facts, run, ajv);
          return typeof outcome === 'string' ? { check: check.id, problems: [], skipped: outcome } : { check: check.id, problems: outcome };
        } catch (error) {
          return { check: check.id, problems: [`the check itself failed: ${error?.message ?? error}`] };
        }
      });
    },
  };
}
