// The requests a checker sends besides the valid ones, derived at run time from the bundled spec
// and from written rules (RFC 8259, RFC 9110), never from a list of known bugs: each constraint
// keyword of each request property, each security alternative, each wire-format rule. One table:
// the contract suite walks it in order, the fuzzer samples it at random. A spec edit changes the
// probes with no code change.
import { generateSync } from 'json-schema-faker';
import { nearMisses, credentials as plaidCredentials } from './plaid-facts.mjs';
import { createRequestJudge } from './request-judge.mjs';
import { inlineRefs, objectShape } from './spec-document.mjs';

/**
 * @typedef {'schema' | 'security' | 'wire' | 'values'} Family
 * @typedef {'refuse' | 'deny' | 'accept' | 'answer'} Expectation
 *   refuse: a 400 PlaidError; deny: anything but a success; accept: a success;
 *   answer: a success or a PlaidError the spec declares, never a crash
 * @typedef {{ method?: string, query?: string, headers: Record<string, string | null>, body: string | Uint8Array }} ProbeRequest
 *   headers are laid over the valid request's (Content-Type and the credential headers); null removes one
 * @typedef {{ operationId: string, family: Family, subject: string, rule: string, name: string, expect: Expectation,
 *   request: ProbeRequest, live?: boolean, direct?: boolean }} Probe
 *   live: only a real server can judge it (which credentials are right); direct: it goes to the
 *   server itself, never through a proxy, which would parse and re-encode it or answer it itself
 * @typedef {{ operationId: string, family: Family, subject: string, rule: string, reason: string }} Unprobed
 */

const JSON_TYPE = 'application/json';
const WRONG_CREDENTIAL = 'probe_wrong_credential_0000';

/** Values of another JSON type than the one a property declares; `null` has its own rule (nullable). */
const otherTypes = {
  string: [42, true, [], {}, 1.5],
  integer: ['1', 1.5, true, []],
  number: ['1', true, []],
  boolean: ['true', 0, []],
  array: ['x', {}, 1],
  object: ['x', [], 1],
};
/** Strings that break a `pattern` more often than not; the first one the pattern refuses is used. */
const patternBreakers = ['', ' ', '!', '\u0000', 'ü', 'x', '0', '-', 'ZZZZZZZZ', 'not matching', '../'];
const unknownNames = ['not_in_the_spec', 'access_token', 'options'];

/** The i-th of `items`, cycling; `random` picks where a fuzzer wants variety. */
const pick = (random, items) => items[Math.floor(random() * items.length)];

/**
 * Every probe of one operation, made from `base` (a valid body without credentials).
 * @param {object} document the bundled spec
 * @param {string} operationId
 * @param {import('./spec-ajv.mjs').OperationRow} row
 * @param {{ base: Record<string, unknown>, credentials: { clientId: string, secret: string }, random?: () => number,
 *   judge?: ReturnType<typeof createRequestJudge> }} context
 * @returns {{ probes: Probe[], unprobed: Unprobed[] }}
 */
export function requestProbes(document, operationId, row, { base, credentials, random = Math.random, judge }) {
  judge ??= createRequestJudge(document);
  /** @type {Probe[]} */
  const probes = [];
  /** @type {Unprobed[]} */
  const unprobed = [];
  const valid = { 'Content-Type': JSON_TYPE, 'PLAID-CLIENT-ID': credentials.clientId, 'PLAID-SECRET': credentials.secret };
  const problemsOf = (/** @type {ProbeRequest} */ request) => {
    const headers = Object.fromEntries(
      Object.entries({ ...valid, ...request.headers })
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k.toLowerCase(), v]),
    );
    return judge(row, { headers, body: request.body });
  };
  /**
   * Adds a probe whose expectation the request judge confirms: a refused one must break the spec,
   * an accepted one must not. One that does not is listed as unprobed, with why.
   * @param {Omit<Probe, 'operationId' | 'request'> & { request: Partial<ProbeRequest> }} probe
   */
  const add = ({ request, ...probe }) => {
    const full = { headers: {}, body: JSON.stringify(base), ...request };
    const broken = problemsOf(full).length > 0;
    const confirmed = probe.expect === 'refuse' ? broken : probe.expect === 'deny' ? true : !broken;
    if (confirmed) probes.push({ operationId, ...probe, request: full });
    else {
      const { family, subject, rule } = probe;
      unprobed.push({
        operationId,
        family,
        subject,
        rule,
        reason: `no value found for "${probe.name}" that the request schema ${probe.expect === 'refuse' ? 'refuses' : 'accepts'}`,
      });
    }
  };
  const withField = (field, value) => JSON.stringify({ ...base, [field]: value });

  if (!row.request) {
    unprobed.push({ operationId, family: 'schema', subject: '(body)', rule: 'requestBody', reason: 'no JSON request body' });
    return { probes, unprobed };
  }
  const shape = objectShape(document, { $ref: `#${row.request.schema}` }, row.request.schema);
  const credentialFields = new Set(plaidCredentials.map((c) => c.field));

  // The request schema: each keyword of each property, its violations and its boundaries.
  for (const [field, raw] of Object.entries(shape.properties)) {
    if (credentialFields.has(field)) continue;
    const property = inlineRefs(document, raw);
    const type = Array.isArray(property.type) ? property.type[0] : property.type;
    const { [field]: _dropped, ...without } = base;
    add({
      family: 'schema',
      subject: field,
      rule: 'required',
      name: `${field} left out`,
      expect: shape.required.includes(field) ? 'refuse' : 'accept',
      request: { body: JSON.stringify(without) },
    });
    // What a lenient parser coerces into the declared type: the valid value wrapped in an array, or
    // written as another JSON type that reads the same.
    const valid = base[field];
    if (valid !== undefined && valid !== null) {
      for (const value of [[valid], typeof valid === 'string' ? undefined : String(valid)].filter((v) => v !== undefined)) {
        add({
          family: 'schema',
          subject: field,
          rule: 'coercion',
          name: `${field} as ${JSON.stringify(value)} (the valid value as another type)`,
          expect: 'refuse',
          request: { body: withField(field, value) },
        });
      }
    }
    for (const value of otherTypes[type] ?? []) {
      add({
        family: 'schema',
        subject: field,
        rule: 'type',
        name: `${field} as ${JSON.stringify(value)} (not a ${type})`,
        expect: 'refuse',
        request: { body: withField(field, value) },
      });
    }
    add({
      family: 'schema',
      subject: field,
      rule: 'nullable',
      name: `${field} null`,
      expect: property.nullable ? 'accept' : 'refuse',
      request: { body: withField(field, null) },
    });
    const sample = () => {
      try {
        return generateSync(property, { seed: 7 });
      } catch {
        return undefined;
      }
    };
    // A length limit: a value exactly at it is accepted, one character past it refused.
    for (const [keyword, past] of /** @type {[string, number][]} */ ([
      ['minLength', -1],
      ['maxLength', 1],
    ])) {
      const limit = property[keyword];
      if (typeof limit !== 'number' || limit + past < 0) continue;
      const at = String(base[field] ?? sample() ?? '')
        .padEnd(limit, 'x')
        .slice(0, limit);
      const beyond = past < 0 ? at.slice(0, -1) : `${at}x`;
      for (const [value, expect, name] of /** @type {[string, Expectation, string][]} */ ([
        [at, 'accept', `${field} of exactly ${limit} characters`],
        [beyond, 'refuse', `${field} of ${beyond.length} characters (${keyword} ${limit})`],
      ])) {
        add({ family: 'schema', subject: field, rule: keyword, name, expect, request: { body: withField(field, value) } });
      }
    }
    if (typeof property.pattern === 'string') {
      const pattern = new RegExp(property.pattern, 'u');
      const breaker = patternBreakers.find((candidate) => !pattern.test(candidate));
      add({
        family: 'schema',
        subject: field,
        rule: 'pattern',
        name: `${field} ${JSON.stringify(breaker ?? '')} (not /${property.pattern}/)`,
        expect: 'refuse',
        request: { body: withField(field, breaker ?? '') },
      });
      const fits = sample();
      if (fits !== undefined)
        add({
          family: 'schema',
          subject: field,
          rule: 'pattern',
          name: `${field} ${JSON.stringify(fits)} (fits /${property.pattern}/)`,
          expect: 'accept',
          request: { body: withField(field, fits) },
        });
    }
    if (Array.isArray(property.enum)) {
      for (const value of property.enum)
        add({
          family: 'schema',
          subject: field,
          rule: 'enum',
          name: `${field} ${JSON.stringify(value)}`,
          expect: 'accept',
          request: { body: withField(field, value) },
        });
      const outside = type === 'string' ? 'NOT_ONE_OF_THE_VALUES' : 987654321;
      add({
        family: 'schema',
        subject: field,
        rule: 'enum',
        name: `${field} ${JSON.stringify(outside)} (not one of its values)`,
        expect: 'refuse',
        request: { body: withField(field, outside) },
      });
    }
    if (typeof property.format === 'string') {
      add({
        family: 'schema',
        subject: field,
        rule: 'format',
        name: `${field} that is not a ${property.format}`,
        expect: 'refuse',
        request: { body: withField(field, `not-a-${property.format}`) },
      });
    }
    for (const [keyword, step] of /** @type {[string, number][]} */ ([
      ['minimum', -1],
      ['maximum', 1],
      ['exclusiveMinimum', 0],
      ['exclusiveMaximum', 0],
    ])) {
      if (typeof property[keyword] !== 'number') continue;
      add({
        family: 'schema',
        subject: field,
        rule: keyword,
        name: `${field} ${property[keyword] + step} (${keyword} ${property[keyword]})`,
        expect: 'refuse',
        request: { body: withField(field, property[keyword] + step) },
      });
    }
    if (type === 'object' || type === 'array') {
      unprobed.push({
        operationId,
        family: 'schema',
        subject: field,
        rule: 'nested',
        reason: 'the keywords inside a nested object or array are not probed yet',
      });
    }
  }
  const unknown = unknownNames.find((name) => !(name in shape.properties)) ?? 'not_in_the_spec_either';
  add({
    family: 'schema',
    subject: '(body)',
    rule: 'additionalProperties',
    name: `an unknown field ${unknown}`,
    expect: shape.closed ? 'refuse' : 'accept',
    request: { body: withField(unknown, 'x') },
  });

  // Security: each alternative the spec allows, each credential absent, empty or wrong, and the
  // places the spec does not allow; header names in any case (RFC 9110 §5.1).
  const schemes = document.components?.securitySchemes ?? {};
  const none = Object.fromEntries(plaidCredentials.map((c) => [c.header, null]));
  const otherHeaders = Object.fromEntries(
    Object.values(schemes)
      .filter((s) => s?.type === 'apiKey' && s.in === 'header')
      .map((s) => [s.name, null]),
  );
  for (const alternative of row.security) {
    if (alternative.length === 0) {
      // Plaid's body credentials: the spec's empty alternative (docs/decisions.md).
      const fields = plaidCredentials.filter((c) => c.field in shape.properties);
      if (fields.length === 0) continue;
      const all = Object.fromEntries(fields.map((c) => [c.field, c.scheme === 'secret' ? credentials.secret : credentials.clientId]));
      const subject = `body: ${fields.map((c) => c.field).join(' + ')}`;
      add({
        family: 'security',
        subject,
        rule: 'accepted',
        name: 'credentials in the body only',
        expect: 'accept',
        request: { headers: none, body: JSON.stringify({ ...base, ...all }) },
      });
      for (const c of fields) {
        const { [c.field]: _left, ...rest } = all;
        for (const [rule, name, expect, body] of /** @type {[string, string, Expectation, object][]} */ ([
          ['absent', `no ${c.field} (the other in the body)`, 'refuse', rest],
          ['empty', `an empty ${c.field} in the body`, 'refuse', { ...all, [c.field]: '' }],
          ['wrong', `a wrong ${c.field} in the body`, 'deny', { ...all, [c.field]: WRONG_CREDENTIAL }],
        ])) {
          add({
            family: 'security',
            subject: `body: ${c.field}`,
            rule,
            name,
            expect,
            ...(rule === 'wrong' ? { live: true } : {}),
            request: { headers: none, body: JSON.stringify({ ...base, ...body }) },
          });
        }
        for (const [how, value] of nearMisses(all[c.field])) {
          add({
            family: 'security',
            subject: `body: ${c.field}`,
            rule: 'near-miss',
            name: `the ${c.field} in the body ${how}`,
            expect: 'deny',
            live: true,
            request: { headers: none, body: JSON.stringify({ ...base, ...all, [c.field]: value }) },
          });
        }
      }
      continue;
    }
    const headers = alternative.map((name) => schemes[name]).filter((s) => s?.type === 'apiKey' && s.in === 'header');
    if (headers.length < alternative.length) {
      unprobed.push({
        operationId,
        family: 'security',
        subject: alternative.join(' + '),
        rule: 'scheme',
        reason: 'only apiKey schemes in a header are probed',
      });
    }
    if (headers.length === 0) continue;
    const subject = `headers: ${headers.map((s) => s.name).join(' + ')}`;
    // This alternative's headers alone: every other credential header of the spec left out.
    const value = (scheme) => valid[scheme.name] ?? 'probe_credential_value';
    const only = (overrides = {}) => ({
      ...none,
      ...otherHeaders,
      ...Object.fromEntries(headers.map((s) => [s.name, value(s)])),
      ...overrides,
    });
    add({
      family: 'security',
      subject,
      rule: 'accepted',
      name: `credentials in ${headers.map((s) => s.name.toLowerCase()).join(' and ')} (header names in lower case)`,
      // A value for a scheme Plaid's facts do not know is made up: only the mock will take it.
      expect: headers.every((s) => valid[s.name] !== undefined) ? 'accept' : 'answer',
      request: {
        headers: {
          ...only(Object.fromEntries(headers.map((s) => [s.name, null]))),
          ...Object.fromEntries(headers.map((s) => [s.name.toLowerCase(), value(s)])),
        },
      },
    });
    add({
      family: 'security',
      subject,
      rule: 'absent',
      name: `none of ${headers.map((s) => s.name).join(', ')}`,
      expect: 'refuse',
      request: { headers: only(Object.fromEntries(headers.map((s) => [s.name, null]))) },
    });
    for (const scheme of headers) {
      for (const [rule, name, expect, sent] of /** @type {[string, string, Expectation, string | null][]} */ ([
        ['absent', `no ${scheme.name} header`, 'refuse', null],
        ['empty', `an empty ${scheme.name} header`, 'refuse', ''],
        ['wrong', `a wrong ${scheme.name} header`, 'deny', WRONG_CREDENTIAL],
      ])) {
        add({
          family: 'security',
          subject: `header: ${scheme.name}`,
          rule,
          name,
          expect,
          ...(rule === 'wrong' ? { live: true } : {}),
          request: { headers: only({ [scheme.name]: sent }) },
        });
      }
      for (const [how, near] of nearMisses(value(scheme))) {
        add({
          family: 'security',
          subject: `header: ${scheme.name}`,
          rule: 'near-miss',
          name: `the ${scheme.name} header ${how}`,
          expect: 'deny',
          live: true,
          request: { headers: only({ [scheme.name]: near }) },
        });
      }
    }
  }
  if (row.security.some((alternative) => alternative.length > 0)) {
    const asQuery = new URLSearchParams(
      Object.fromEntries(plaidCredentials.map((c) => [c.field, c.scheme === 'secret' ? credentials.secret : credentials.clientId])),
    );
    add({
      family: 'security',
      subject: 'elsewhere',
      rule: 'query-string',
      name: 'credentials in the query string only',
      expect: 'deny',
      direct: true,
      request: { headers: none, query: asQuery.toString() },
    });
    const basic = Buffer.from(`${credentials.clientId}:${credentials.secret}`).toString('base64');
    add({
      family: 'security',
      subject: 'elsewhere',
      rule: 'http-basic',
      name: 'credentials as HTTP Basic only',
      expect: 'deny',
      direct: true,
      request: { headers: { ...none, Authorization: `Basic ${basic}` } },
    });
  } else {
    unprobed.push({ operationId, family: 'security', subject: '(none)', rule: 'scheme', reason: 'the operation requires no credentials' });
  }

  // The wire format of an application/json request over HTTP/1.1 (RFC 8259, RFC 9110).
  const text = JSON.stringify(base);
  const wire = (rule, name, expect, request) => add({ family: 'wire', subject: 'request', rule, name, expect, direct: true, request });
  wire('media-type-case', 'Content-Type: Application/JSON (media types are case-insensitive, RFC 9110 §8.3.1)', 'accept', {
    headers: { 'Content-Type': 'Application/JSON' },
  });
  for (const type of ['application/json; charset=utf-8', 'application/json;charset="UTF-8"', 'application/json ; charset=utf-8']) {
    wire('media-type-parameters', `Content-Type: ${type}`, 'accept', { headers: { 'Content-Type': type } });
  }
  for (const type of ['text/plain', 'application/xml', 'application/json-patch+json', 'multipart/form-data; boundary=x', null]) {
    wire('media-type', type ? `Content-Type: ${type}` : 'no Content-Type', 'refuse', { headers: { 'Content-Type': type } });
  }
  wire('media-type', 'a form-encoded body', 'refuse', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(/** @type {Record<string, string>} */ (base)).toString(),
  });
  wire('json-syntax', 'an empty body', 'refuse', { body: '' });
  wire('json-syntax', 'a truncated body', 'refuse', { body: text.slice(0, Math.max(1, Math.floor(random() * (text.length - 1)))) });
  wire('json-syntax', 'a trailing comma', 'refuse', { body: `${text.slice(0, -1)},}` });
  wire('json-syntax', 'single quotes', 'refuse', { body: text.replaceAll('"', "'") });
  for (const [name, body] of [
    ['an array', `[${text}]`],
    ['a string', JSON.stringify(text)],
    ['null', 'null'],
    ['a number', '1'],
  ]) {
    wire('json-value', `the body ${name}, not an object`, 'refuse', { body });
  }
  wire('insignificant-whitespace', 'whitespace around the JSON (RFC 8259 §2)', 'accept', { body: `\r\n\t ${text} \n` });
  wire('string-escapes', 'every character escaped as \\u (RFC 8259 §7)', 'accept', { body: escapeAll(text) });
  const stringField = Object.keys(base).find((f) => typeof base[f] === 'string');
  if (stringField) {
    // First of its rule, so a quick run sends it: the most telling way to break "JSON is UTF-8".
    const invalid = new TextEncoder().encode(withField(stringField, 'UTF8_BREAK_HERE'));
    const at = Buffer.from(invalid).indexOf('UTF8_BREAK_HERE');
    wire('encoding', `invalid UTF-8 bytes in ${stringField} (JSON must be UTF-8, RFC 8259 §8.1)`, 'refuse', {
      body: new Uint8Array([...invalid.slice(0, at), 0xc3, 0x28, ...invalid.slice(at + 15)]),
    });
    wire('duplicate-names', `${stringField} given twice (names should be unique, RFC 8259 §4)`, 'answer', {
      body: `{${JSON.stringify(stringField)}:${JSON.stringify(base[stringField])},${text.slice(1)}`,
    });
  }
  wire('encoding', 'UTF-16 bytes (JSON must be UTF-8, RFC 8259 §8.1)', 'refuse', { body: Buffer.from(text, 'utf16le') });
  wire('encoding', 'a UTF-8 byte order mark (a receiver may ignore it, RFC 8259 §8.1)', 'answer', {
    body: new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]),
  });
  for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
    if (method.toLowerCase() === row.method) continue;
    // One subject per method, so a quick run sends each: a server may route some and not others.
    add({
      family: 'wire',
      subject: method,
      rule: 'method',
      name: `${method} instead of ${row.method.toUpperCase()}`,
      expect: 'deny',
      direct: true,
      request: { method, body: method === 'GET' || method === 'DELETE' ? '' : text },
    });
  }

  // Values a server must answer as the spec allows, whatever they mean to it: each string field
  // with non-ASCII, control characters, a long value, deep nesting.
  for (const [field, raw] of Object.entries(shape.properties)) {
    if (credentialFields.has(field)) continue;
    const property = inlineRefs(document, raw);
    if (property.type !== 'string') continue;
    // From 10 kB to about a megabyte: where a server's body limit or a field's storage ends.
    const long = 'x'.repeat(Math.min(property.maxLength ?? Number.POSITIVE_INFINITY, 10_000 + Math.floor(random() * 1_000_000)));
    for (const [rule, value] of [
      ['non-ascii', `usr_ü_日本_😀${pick(random, ['\u200b', '\u202e', 'العربية', '𝔘𝔫𝔦', '👩‍👩‍👧'])}`],
      ['control-characters', 'usr_\u0000\u001f\t'],
      ['long', long],
      ['lone-surrogate', 'usr_\ud800'],
    ]) {
      const body = withField(field, value);
      add({
        family: 'values',
        subject: field,
        rule,
        name: `${field} with ${rule.replaceAll('-', ' ')}`,
        expect: problemsOf({ headers: {}, body }).length > 0 ? 'refuse' : 'answer',
        request: { body },
      });
    }
    const depth = 32 + Math.floor(random() * 480);
    add({
      family: 'values',
      subject: field,
      rule: 'deep-nesting',
      name: `${field} nested ${depth} arrays deep`,
      expect: 'refuse',
      direct: true,
      request: { body: withField(field, 'NEST_HERE').replace('"NEST_HERE"', `${'['.repeat(depth)}"x"${']'.repeat(depth)}`) },
    });
  }
  return { probes, unprobed };
}

/** JSON text with every character of every string, names too, written as a \u escape. */
const escapeAll = (text) => text.replace(/"((?:[^"\\]|\\.)*)"/g, (_match, inner) => `"${escapeCodeUnits(JSON.parse(`"${inner}"`))}"`);
const escapeCodeUnits = (value) =>
  Array.from({ length: value.length }, (_, i) => `\\u${value.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');

/**
 * The probes a run of the given depth sends: `full`, all; `quick`, the first of each family,
 * subject, rule and expectation.
 * @param {Probe[]} probes
 * @param {'quick' | 'full'} depth
 */
export function atDepth(probes, depth) {
  if (depth === 'full') return probes;
  const seen = new Set();
  return probes.filter((p) => {
    const key = `${p.family}\0${p.subject}\0${p.rule}\0${p.expect}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A probe's identity in reports: what was probed, not how. */
export const probeKey = (p) => `${p.operationId} ${p.family} ${p.subject} ${p.rule}`;
