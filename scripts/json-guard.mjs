// A pass-through in front of Prism. Prism's HTTP layer (micri) answers a body that is not valid
// JSON with its own `{"error":{"code":"invalid_json"}}` before Prism's validator runs, so the
// answer is not the spec's 400 PlaidError. The guard swaps such a body for a JSON string, which
// Prism's validator then rejects (the request body must be an object) with the spec's 400.
import http from 'node:http';

const isJson = (contentType = '') => /^application\/(.+\+)?json/i.test(contentType);

function parses(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Listens on `port` (0: any free one) and forwards everything to `target`. */
export function startJsonGuard(target, { port = 0, host = '127.0.0.1' } = {}) {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (body.length > 0 && isJson(req.headers['content-type']) && !parses(body.toString('utf8'))) {
        body = Buffer.from(JSON.stringify('request body was not valid JSON'));
      }
      const headers = { ...req.headers, 'content-length': String(body.length) };
      const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', (error) => {
        res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(`json-guard: Prism did not answer: ${error.message}`);
      });
      forward.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({
        url: `http://${host}:${actual}`,
        close: () =>
          new Promise((done) => {
            agent.destroy();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
