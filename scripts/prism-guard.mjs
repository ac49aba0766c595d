// A pass-through in front of Prism 5.14 that works around two of its quirks, so the mock answers
// bad requests with the spec's 400 instead of something else:
// - Its HTTP layer (micri) answers a body that is not valid JSON with its own
//   `{"error":{"code":"invalid_json"}}` before the validator runs. The guard swaps such a body for
//   a JSON string, which the validator rejects (the body must be an object) with the spec's 400.
// - It copies violation messages, which quote unknown property names, into an `sl-violations`
//   header; a name with a character above U+00FF makes Node's setHeader throw, and the throw
//   escapes Prism's error handling and takes the process down (found by `npm run fuzz`). Such
//   names are written as `\uXXXX` text: the property is unknown either way, so the verdict is the same.
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
 * @param {{ port?: number, host?: string }} [options]
 */
export function startPrismGuard(target, { port = 0, host = '127.0.0.1' } = {}) {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = guardBody(Buffer.concat(chunks), req.headers['content-type']);
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
