// Memory stays bounded against bodies that never end or inflate without end. The client runs
// bundled in a child process, so its peak RSS is its own, and under
// --disallow-code-generation-from-strings, so a validator compiled at run time would fail too.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clientBundle, removeClientBundle } from '../support/client-bundle.js';

const PEAK_RSS_LIMIT_MB = 200;
let server: http.Server;
let url: string;
let runner: string;

beforeAll(async () => {
  // Under 1 MB on the wire, 640 MiB once inflated: 40 gzip members of 16 MiB of zeros each.
  const member = gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
  const bomb = Buffer.concat(Array.from({ length: 40 }, () => member));
  const chunk = Buffer.alloc(64 * 1024, 'x');
  server = http.createServer((req, res) => {
    req.resume();
    if (req.url?.startsWith('/bomb')) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(bomb);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"request_id":"');
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bundle = await clientBundle();
  runner = path.join(bundle.dir, 'run.mjs');
  await writeFile(
    runner,
    `import { createPlaidClient } from './client.mjs';
const client = createPlaidClient({ baseUrl: process.argv[2], clientId: 'client_1', secret: 'secret_0123456789abcdef', timeoutMs: 20000 });
const { error } = await client.refreshUserFinancialData({ user_id: 'u' });
console.log(JSON.stringify({ kind: error?.kind, status: error?.status, attempts: error?.attempts, message: error?.message, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
`,
  );
}, 30_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await removeClientBundle();
});

function runChild(baseUrl: string): Promise<{ kind: string; status: number; attempts: number; message: string; maxRssMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disallow-code-generation-from-strings', runner, baseUrl], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? ''));
      } catch {
        reject(new Error(`child exited ${code}: ${out}`));
      }
    });
  });
}

describe('memory is bounded by maxResponseBytes', () => {
  test.each([
    ['an endless chunked 200', '/endless'],
    ['a gzip bomb (under 1 MB that inflates to 640 MiB)', '/bomb'],
  ])('%s ends as invalid_response naming the limit, not retried, peak RSS under the limit', async (_name, route) => {
    const result = await runChild(`${url}${route}`);
    expect(result).toMatchObject({ kind: 'invalid_response', status: 200, attempts: 1 });
    expect(result.message).toContain('maxResponseBytes');
    expect(result.maxRssMb).toBeLessThan(PEAK_RSS_LIMIT_MB);
  });
});
