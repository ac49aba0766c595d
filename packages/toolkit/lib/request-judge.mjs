// Judges a request as Plaid's API would, from the spec alone: its content type, that the body is
// a UTF-8 JSON object, the operation's request schema (Ajv over the bundle) and its security
// (each credential in its header or in the body). Returns every problem, never throws; the mock,
// the reference server and the contract checker share it, so a field added to the spec is
// enforced everywhere with no other edit.
import { credentials, plaidError } from './plaid-facts.mjs';
import { createSpecAjv, schemaAt } from './spec-ajv.mjs';

/**
 * @typedef {'content_type' | 'json' | 'object' | 'unknown_field' | 'missing_credential' | 'missing_field' | 'invalid_field'} ProblemKind
 * @typedef {{ kind: ProblemKind, code: 'INVALID_BODY' | 'UNKNOWN_FIELDS' | 'MISSING_FIELDS' | 'INVALID_FIELD', field?: string, message: string }} RequestProblem
 * @typedef {{ headers: Record<string, string | string[] | undefined>, body: string | Uint8Array }} JudgedRequest
 */

/** `application/json`, in any case, with or without parameters (RFC 9110 §8.3.1). */
export const isJsonMediaType = (value = '') => /^\s*application\/json\s*(;|$)/i.test(value);

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const header = (headers, name) => {
  const value = headers[name.toLowerCase()] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  return Array.isArray(value) ? value.join(', ') : value;
};
/** A JSON pointer into the body, as the dotted field name Plaid's messages use. */
const fieldName = (instancePath) => instancePath.slice(1).split('/').join('.');

/**
 * @param {object} document the bundled spec
 * @returns {(operation: import('./spec-ajv.mjs').OperationRow, request: JudgedRequest) => RequestProblem[]}
 */
export function createRequestJudge(document) {
  const ajv = createSpecAjv(document);
  const schemes = document.components?.securitySchemes ?? {};
  return (operation, { headers, body }) => {
    if (!operation.request) return [];
    if (!isJsonMediaType(header(headers, 'content-type'))) {
      return [
        { kind: 'content_type', code: 'INVALID_BODY', message: 'the request body must be JSON, sent with Content-Type: application/json' },
      ];
    }
    let parsed;
    try {
      // A leading byte order mark may be ignored (RFC 8259 §8.1), in text as in bytes.
      parsed = JSON.parse(typeof body === 'string' ? body.replace(/^\uFEFF/, '') : utf8.decode(body));
    } catch {
      return [{ kind: 'json', code: 'INVALID_BODY', message: 'the request body could not be parsed as UTF-8 JSON' }];
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return [{ kind: 'object', code: 'INVALID_BODY', message: 'the request body must be a JSON object' }];
    }
    /** @type {RequestProblem[]} */
    const problems = [];
    const validate = schemaAt(ajv, operation.request.schema);
    const errors = validate && !validate(parsed) ? (validate.errors ?? []) : [];
    for (const error of errors.filter((e) => e.keyword === 'additionalProperties')) {
      const field = fieldName(`${error.instancePath}/${error.params.additionalProperty}`);
      problems.push({ kind: 'unknown_field', code: 'UNKNOWN_FIELDS', field, message: field });
    }
    // Satisfied when one alternative of the operation's security is: each of its schemes present
    // where the spec puts it. Plaid's credentials may also stand in the body (their field), and the
    // spec's empty alternative means exactly that (docs/decisions.md), beside one that names schemes.
    const present = (scheme) => {
      const plaid = credentials.find((c) => c.scheme === scheme);
      if (plaid) return Boolean(header(headers, plaid.header)) || (typeof parsed[plaid.field] === 'string' && parsed[plaid.field] !== '');
      const declared = schemes[scheme];
      if (declared?.type === 'apiKey' && declared.in === 'header') return Boolean(header(headers, declared.name));
      return true; // a scheme the judge cannot see (OAuth, a cookie): left to the server
    };
    const alternatives = operation.security.map((alternative) =>
      alternative.length === 0 ? credentials.map((c) => c.scheme) : alternative,
    );
    const [first] = operation.security.filter((alternative) => alternative.length > 0);
    if (first && !alternatives.some((alternative) => alternative.every(present))) {
      for (const scheme of first.filter((name) => !present(name))) {
        const field = credentials.find((c) => c.scheme === scheme)?.field ?? schemes[scheme]?.name ?? scheme;
        problems.push({ kind: 'missing_credential', code: 'MISSING_FIELDS', field, message: field });
      }
    }
    for (const error of errors.filter((e) => e.keyword === 'required')) {
      const field = fieldName(`${error.instancePath}/${error.params.missingProperty}`);
      problems.push({ kind: 'missing_field', code: 'MISSING_FIELDS', field, message: field });
    }
    const seen = new Set();
    for (const error of errors.filter((e) => e.keyword !== 'required' && e.keyword !== 'additionalProperties')) {
      const field = fieldName(error.instancePath) || '(body)';
      // allOf/anyOf wrappers repeat a field's own error; one line per field is enough.
      if (seen.has(field) || ['allOf', 'anyOf', 'oneOf', 'if'].includes(error.keyword)) continue;
      seen.add(field);
      problems.push({ kind: 'invalid_field', code: 'INVALID_FIELD', field, message: `${field} ${error.message}` });
    }
    return problems;
  };
}

const summaries = {
  UNKNOWN_FIELDS: (fields) => `the following fields are not recognized by this endpoint: ${fields.join(', ')}`,
  MISSING_FIELDS: (fields) => `the following required fields are missing: ${fields.join(', ')}`,
};

/**
 * Plaid's 400 for the first problem's code, naming every field with that code.
 * @param {RequestProblem[]} problems a non-empty list, as the judge returns it
 */
export function invalidRequestError(problems) {
  const [first] = problems;
  if (!first) throw new Error('invalidRequestError needs a problem');
  const same = problems.filter((p) => p.code === first.code);
  const summary = summaries[first.code];
  const message = summary ? summary([...new Set(same.map((p) => p.message))]) : first.message;
  return plaidError('INVALID_REQUEST', first.code, message, 400);
}
