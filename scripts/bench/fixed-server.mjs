// A loopback HTTP server that answers each operation of generated/operations.json with the same
// valid body, its first named success example. Run as its own process by the client benchmark, so
// the server does not share the client's event loop.
import http from 'node:http';
import { exampleValue, loadOperations } from '../../packages/toolkit/lib/operations.mjs';

const { document, operations } = await loadOperations();
const answers = new Map(
  operations.map((row) => {
    const [status, success] = Object.entries(row.responses).find(([s]) => s.startsWith('2')) ?? ['200', { examples: [] }];
    const body = JSON.stringify(success.examples[0] ? exampleValue(document, success.examples[0]) : {});
    return [`${row.method.toUpperCase()} ${row.path}`, /** @type {[number, string]} */ ([Number(status), body])];
  }),
);

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const [status, body] = answers.get(`${req.method} ${req.url}`) ?? /** @type {[number, string]} */ ([404, '{}']);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () =>
  process.send?.({ url: `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}` }),
);
process.on('disconnect', () => process.exit(0));
