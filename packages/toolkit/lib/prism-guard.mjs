// A pass-through in front of Prism 5.14 that works around its quirks, and lets the mock answer
// as Plaid would where the spec cannot say it (mock-answers.mjs: its own 400s and the echo):
// - Prism's HTTP layer (micri) answers a body that is not valid JSON with its own
//   `{"error":{"code":"invalid_json"}}` before the validator runs. The guard swaps such a body for
//   a JSON string, which the validator rejects (the body must be an object) with the spec's 400.
// - It copies violation messages, which quote unknown property names, into an `sl-violations`
//   header; a name with a character above U+00FF makes Node's setHeader throw, and the throw
//   escapes Prism's error handling and takes the process down (found by `npm run fuzz`). Such
//   names are written as `\uXXXX` text: the property is unknown either way, so the verdict is the same.
import http from 'node:http';
import { listen } from './listen.mjs';

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
 * @param {{ port?: number, host?: string, mock?: ReturnType<typeof import('./mock-answers.mjs').mockAnswers> }} [options] mock: the mock's own answers
 */
export function startPrismGuard(target, { port = 0, host = '127.0.0.1', mock } = {}) {
  const upstream = new URL(target);
  // Idle sockets are dropped before Prism's own keep-alive timeout (5 s) would close them under us.
  const agent = new http.Agent({ keepAlive: true, timeout: 2_000 });
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const received = Buffer.concat(chunks);
      const refusal = mock?.refuse(req.method ?? '', req.url ?? '', req.headers, received);
      if (refusal) {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(refusal));
        return;
      }
      const body = guardBody(received, req.headers['content-type']);
      const headers = { ...req.headers, 'content-length': String(body.length) };
      const send = (attempt) => {
        const forward = http.request(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
          (answer) => {
            const status = answer.statusCode ?? 502;
            if (!mock || status < 200 || status > 299 || !isJson(answer.headers['content-type'])) {
              res.writeHead(status, answer.headers);
              answer.pipe(res);
              return;
            }
            const parts = [];
            answer.on('data', (chunk) => parts.push(chunk));
            answer.on('end', () => {
              const echoed = mock.echo(received, Buffer.concat(parts));
              const { 'transfer-encoding': _, ...headers } = answer.headers;
              res.writeHead(status, { ...headers, 'content-length': String(echoed.length) });
              res.end(echoed);
            });
          },
        );
        forward.on('error', (error) => {
          // Prism closed a kept-alive socket just as it was reused: it never read this request, so
          // sending it again on a fresh socket is safe (Node's documented pattern).
          if (attempt === 1 && forward.reusedSocket && /** @type {{ code?: string }} */ (error).code === 'ECONNRESET') return send(2);
          res.writeHead(502, { 'Content-Type': 'text/plain' });
          res.end(`prism-guard: Prism did not answer: ${error.message}`);
        });
        forward.end(body);
      };
      send(1);
    });
  });
  return listen(server, { port, host, onClose: () => agent.destroy() });
}
