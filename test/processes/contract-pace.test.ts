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

// Kept, the busiest second holds 21 or 22: a window can hold one request more per worker than the
// rate. One worker that sends some requests unpaced shows 25; two workers each at the whole rate, 30.
test.each([
  ['one worker: at most 22', '1', 22],
  ['two workers: at most 25', '2', 25],
])(
  '--rate 20 with %s requests reach the server in any second',
  async (_name, concurrency, most) => {
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
    expect(busiestSecond(arrivals)).toBeLessThanOrEqual(most);
  },
  150_000,
);
