// `plaid-refresh contract --rate N` against a server: the server never sees more than N requests
// in any second, however many workers the suite runs (--concurrency). Measured where the server
// stands, behind Prism's proxy, by a relay that notes when each request arrives.
import http from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { listen } from '../../packages/toolkit/lib/listen.mjs';
import { startReferenceServer } from '../fixtures/reference-server.mjs';
import { runCli } from '../support/cli.js';

let reference: { url: string; close(): Promise<void> };
let relay: { url: string; close(): Promise<void> };
const arrivals: number[] = [];

beforeAll(async () => {
  reference = await startReferenceServer();
  relay = await listen(
    http.createServer(async (req, res) => {
      arrivals.push(performance.now());
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
      );
      const answer = await fetch(new URL(req.url ?? '/', reference.url), {
        method: req.method,
        headers: headers as Record<string, string>,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
        redirect: 'manual',
      });
      const body = Buffer.from(await answer.arrayBuffer());
      res.writeHead(
        answer.status,
        Object.fromEntries([...answer.headers].filter(([name]) => !['content-encoding', 'content-length'].includes(name))),
      );
      res.end(body);
    }),
  );
});
afterAll(async () => {
  await relay?.close();
  await reference?.close();
});

/** The most requests that arrived within any one second. */
const busiestSecond = (times: number[]) => Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + 1000).length));

test.each([
  ['one worker', '1'],
  ['two workers', '2'],
])(
  '--rate 20 with %s: at most 20 requests reach the server in any second',
  async (_name, concurrency) => {
    arrivals.length = 0;
    const { code, output } = await runCli(
      ['contract', '--upstream', relay.url, '--rate', '20', '--concurrency', concurrency, '--depth', 'quick'],
      {
        env: { ...process.env, NO_COLOR: '1' },
        timeout: 120_000,
      },
    );
    expect(code, output.slice(-2000)).toBe(0);
    expect(arrivals.length).toBeGreaterThan(40);
    // A window can hold one request more per worker than the rate, and a request held up on the
    // way can arrive close to the next; a pace not kept across workers shows 30 and more.
    expect(busiestSecond(arrivals)).toBeLessThanOrEqual(25);
  },
  150_000,
);
