// `plaid-refresh wait`: any answer is one, a redirect too (it is not followed: a ready check does
// not go elsewhere), and even the shortest timeout tries once.
import http from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { listen } from '../../packages/toolkit/lib/listen.mjs';
import { waitForUrl } from '../../packages/toolkit/lib/wait.mjs';

let server: Awaited<ReturnType<typeof listen>>;
beforeAll(async () => {
  server = await listen(
    http.createServer((req, res) => {
      if (req.url === '/moved') res.writeHead(302, { Location: 'http://127.0.0.1:9/' }).end();
      else res.writeHead(500).end();
    }),
  );
});
afterAll(() => server.close());

test('a redirect to a closed port is an answer: the server is up', async () => {
  await expect(waitForUrl(`${server.url}/moved`, { timeoutMs: 2_000 })).resolves.toBeUndefined();
});

test('a 500 is an answer', async () => {
  await expect(waitForUrl(`${server.url}/`, { timeoutMs: 2_000 })).resolves.toBeUndefined();
});

test('a timeout of 1 ms still tries once', async () => {
  await expect(waitForUrl(`${server.url}/`, { timeoutMs: 1 })).resolves.toBeUndefined();
});
