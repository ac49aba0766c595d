// Sits between Prism's validating proxy and the server under test. Prism copies the server's
// response headers onto its own answer, connection-specific ones included (RFC 9110 §7.6.1): a
// `Trailer` field then makes Node throw inside Prism, and the run dies on an unhandled rejection.
// The relay reads each answer whole (chunked, with trailers, or delimited by the connection's
// close: every HTTP/1.1 framing) and hands Prism the same status, headers and bytes, framed by
// Content-Length. A server that does not answer gets its connection dropped, as before.
import http from 'node:http';
import https from 'node:https';
import { listen } from './listen.mjs';

/** Connection-specific fields (RFC 9110 §7.6.1, RFC 9112): they describe one hop, not the answer. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'content-length'];

/**
 * @param {string} target the server's URL; its path is kept as Prism sends it
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export function startUpstreamRelay(target) {
  const upstream = new URL(target);
  const client = upstream.protocol === 'https:' ? https : http;
  const agent = new client.Agent({ keepAlive: true, timeout: 2_000 });
  const server = http.createServer((req, res) => {
    const forward = client.request(
      {
        protocol: upstream.protocol,
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
        agent,
      },
      (answer) => {
        const parts = [];
        answer.on('data', (chunk) => parts.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(parts);
          const named = String(answer.headers.connection ?? '')
            .split(',')
            .map((name) => name.trim().toLowerCase());
          const headers = Object.fromEntries(
            Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.includes(name) && !named.includes(name)),
          );
          res.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': String(body.length) });
          res.end(body);
        });
        answer.on('error', () => res.destroy());
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  return listen(server, { path: upstream.pathname === '/' ? '' : upstream.pathname, onClose: () => agent.destroy() });
}
