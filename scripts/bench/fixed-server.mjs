// A loopback HTTP server that answers every request with the same valid 200 body. Run as its own
// process by the client benchmark, so the server does not share the client's event loop.
import http from 'node:http';
import { readFile } from 'node:fs/promises';

const spec = JSON.parse(await readFile(new URL('../../generated/openapi.json', import.meta.url), 'utf8'));
const body = JSON.stringify(spec.components.examples.AllItemsRefreshed.value);

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ url: `http://127.0.0.1:${server.address().port}` }));
process.on('disconnect', () => process.exit(0));
