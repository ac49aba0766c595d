// A pass-through in front of Prism 5.14 that works around two of its quirks, so the mock answers
// bad requests with the spec's 400 instead of something else, and, for the mock, answers what the
// spec cannot say (see docs/decisions.md):
// - A request with credentials neither in the headers nor in the body gets Plaid's
//   400 INVALID_REQUEST / MISSING_FIELDS. OpenAPI can require the headers or nothing; Prism then
//   lets a request with no credentials at all through to a 200.
// - Its HTTP layer (micri) answers a body that is not valid JSON with its own
//   `{"error":{"code":"invalid_json"}}` before the validator runs. The guard swaps such a body for
//   a JSON string, which the validator rejects (the body must be an object) with the spec's 400.
// - It copies violation messages, which quote unknown property names, into an `sl-violations`
//   header; a name with a character above U+00FF makes Node's setHeader throw, and the throw
//   escapes Prism's error handling and takes the process down (found by `npm run fuzz`). Such
//   names are written as `\uXXXX` text: the property is unknown either way, so the verdict is the same.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

const isJson = (contentType = '') => /^application\/(.+\+)?json/i.test(contentType);
const wide = /[^\u0000-\u00ff]/;
const escapeWide = (text) => text.replace(/[^\u0000-\u00ff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function hasWideKey(value) {
  if (Array.isArray(value)) return value.some(hasWideKey);
  if (!value || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, v]) => wide.test(key) || hasWideKey(v));
}

function escapeKeys(value) {
  if (Array.isArray(value)) return value.map(escapeKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [escapeWide(key), escapeKeys(v)]));
}

const operations = Object.values(JSON.parse(readFileSync(new URL('../generated/operations.json', import.meta.url), 'utf8')));

/**
 * The credentials a request lacks, when its operation needs them: client_id and secret, each in
 * its PLAID-* header or in the JSON body.
 * @param {string} method
 * @param {string} url
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {Buffer} body
 */
export function missingCredentials(method, url, headers, body) {
  const operation = operations.find((op) => op.method === method.toLowerCase() && op.path === url.split('?')[0]);
  if (!operation?.security.some((alternative) => alternative.length > 0)) return [];
  let parsed;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return [];
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
  const has = (header, field) => Boolean(headers[header]) || typeof parsed[field] === 'string';
  return [!has('plaid-client-id', 'client_id') && 'client_id', !has('plaid-secret', 'secret') && 'secret'].filter(Boolean);
}

function missingFieldsError(missing) {
  return JSON.stringify({
    error_type: 'INVALID_REQUEST',
    error_code: 'MISSING_FIELDS',
    error_code_reason: null,
    error_message: `the following required fields are missing: ${missing.join(', ')}`,
    display_message: null,
    request_id: randomBytes(8).toString('base64url').slice(0, 15),
    causes: [],
    status: 400,
    documentation_url: 'https://plaid.com/docs/errors/invalid-request/#missing_fields',
    suggested_action: null,
  });
}

/** The body Prism should see: unchanged unless it trips one of the quirks above. */
export function guardBody(body, contentType) {
  if (body.length === 0 || !isJson(contentType)) return body;
  let parsed;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return Buffer.from(JSON.stringify('request body was not valid JSON'));
  }
  return hasWideKey(parsed) ? Buffer.from(JSON.stringify(escapeKeys(parsed))) : body;
}

/**
 * Listens on `port` (0: any free one) and forwards everything to `target`. Rejects when the port
 * cannot be had (`EADDRINUSE`, `EACCES`).
 * @param {string} target
 * @param {{ port?: number, host?: string, checkCredentials?: boolean }} [options] checkCredentials: for the mock
 */
export function startPrismGuard(target, { port = 0, host = '127.0.0.1', checkCredentials = false } = {}) {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const received = Buffer.concat(chunks);
      const missing = checkCredentials ? missingCredentials(req.method ?? '', req.url ?? '', req.headers, received) : [];
      if (missing.length > 0) {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(missingFieldsError(missing));
        return;
      }
      const body = guardBody(received, req.headers['content-type']);
      const headers = { ...req.headers, 'content-length': String(body.length) };
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', (error) => {
        res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(`prism-guard: Prism did not answer: ${error.message}`);
      });
      forward.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = /** @type {import('node:net').AddressInfo} */ (server.address());
      resolve({
        url: `http://${host}:${actual}`,
        close: () =>
          /** @type {Promise<void>} */ (
            new Promise((done) => {
              agent.destroy();
              server.closeAllConnections();
              server.close(() => done());
            })
          ),
      });
    });
  });
}
