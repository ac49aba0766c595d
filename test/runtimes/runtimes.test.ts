// The client's smoke suite on every runtime it promises: Node 20 (this one), 22 and 24, Bun, Deno
// and headless Chromium. The runtimes come from the npm registry on first use (npx's cache, not
// `npm ci`); each runs the client bundled by rolldown against the Prism mock: a success, a Plaid
// error, a timeout and an abort.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundleClient } from '../support/client-bundle.js';

const SMOKE = path.join(import.meta.dirname, 'smoke-client.mjs');
const expected = { success: 3, plaidError: 'plaid INVALID_API_KEYS', timeout: 'timeout', aborted: 'aborted' };

let bundle: Awaited<ReturnType<typeof bundleClient>>;
let prism: { url: string; close(): Promise<void> };
let hang: http.Server;
let hangUrl: string;

beforeAll(async () => {
  bundle = await bundleClient();
  const { startPrism } = await import('../../packages/toolkit/lib/prism.mjs');
  prism = await startPrism();
  // A server that takes every request and never answers.
  hang = http.createServer(() => {});
  await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
  hangUrl = `http://127.0.0.1:${(hang.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  hang?.closeAllConnections();
  hang?.close();
  await prism?.close();
  if (bundle) await rm(bundle.dir, { recursive: true, force: true });
});

const run = (command: string, args: string[]) =>
  new Promise<string>((resolve, reject) =>
    execFile(
      command,
      args,
      { timeout: 180_000, maxBuffer: 16 << 20, env: { ...process.env, npm_config_update_notifier: 'false' } },
      (error, stdout, stderr) => (error ? reject(new Error(`${command} ${args.join(' ')}: ${error.message}\n${stderr}`)) : resolve(stdout)),
    ),
  );

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

const runtimes: [string, (smokeArgs: string[]) => [string, string[]], RegExp][] = [
  ['Node 20 (this one)', (a) => [process.execPath, [SMOKE, ...a]], /^node v20\./],
  // As edge workers and strict-CSP pages run code: no `eval`, no `new Function`.
  [
    'Node 20 without code generation from strings',
    (a) => [process.execPath, ['--disallow-code-generation-from-strings', SMOKE, ...a]],
    /^node v20\./,
  ],
  ['Node 22', (a) => ['npx', ['--yes', '-p', 'node@22.23.3', '--', 'node', SMOKE, ...a]], /^node v22\./],
  ['Node 24', (a) => ['npx', ['--yes', '-p', 'node@24.9.0', '--', 'node', SMOKE, ...a]], /^node v24\./],
  ['Bun', (a) => ['npx', ['--yes', '-p', 'bun@1.4.5', '--', 'bun', SMOKE, ...a]], /^bun 1\.4\./],
  [
    'Deno',
    (a) => ['npx', ['--yes', '-p', 'deno@2.9.6', '--', 'deno', 'run', '--allow-net', '--allow-read', '--allow-env', SMOKE, ...a]],
    /^deno 2\.9\./,
  ],
];

describe('the bundled client on every runtime', { timeout: 240_000 }, () => {
  test.each(runtimes)('%s: success, Plaid error, timeout and abort', async (_name, command, version) => {
    const [bin, args] = command([bundle.file, prism.url, hangUrl]);
    const result = lastJson(await run(bin, args));
    expect(result.runtime).toMatch(version);
    expect(result).toMatchObject(expected);
  });

  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  test.runIf(existsSync(executablePath))('headless Chromium: a page that imports the bundle and calls the mock', async () => {
    // The page, the bundle and the mock share one origin, as an app's would behind its server.
    const page = `<!doctype html><script type="module">
      import { createPlaidClient } from '/client.mjs';
      import { smoke } from '/smoke.mjs';
      window.result = await smoke(createPlaidClient, { mockUrl: location.origin + '/mock', hangUrl: location.origin + '/hang' });
    </script>`;
    const files: Record<string, string> = { '/': page, '/client.mjs': bundle.source, '/smoke.mjs': await readFile(SMOKE, 'utf8') };
    const site = http.createServer((req, res) => {
      const url = req.url ?? '/';
      if (url.startsWith('/hang')) return; // never answers
      if (url.startsWith('/mock/')) {
        const forward = http.request(`${prism.url}${url.slice('/mock'.length)}`, { method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        req.pipe(forward);
        return;
      }
      const body = files[url];
      if (body === undefined) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': url === '/' ? 'text/html' : 'text/javascript' }).end(body);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const tab = await browser.newPage();
      await tab.goto(`${origin}/`);
      await tab.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, null, { timeout: 20_000 });
      const result = await tab.evaluate(() => (window as unknown as { result: unknown }).result);
      expect(result).toMatchObject(expected);
    } finally {
      await browser.close();
      site.closeAllConnections();
      site.close();
    }
  });
});

describe("the toolkit's MSW handlers in a browser page", { timeout: 120_000 }, () => {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  test.runIf(existsSync(executablePath))("the client in a Chromium page, with MSW's service worker, gets a named example", async () => {
    const { build } = await import('rolldown');
    const root = path.resolve(import.meta.dirname, '../..');
    const entry = path.join(bundle.dir, 'msw-page.mjs');
    await writeFile(
      entry,
      // By path: the entry sits in a temporary folder, outside this repository's node_modules.
      `import { setupWorker } from ${JSON.stringify(path.join(root, 'node_modules/msw/lib/browser/index.mjs'))};
import { answer, plaidHandlers } from ${JSON.stringify(path.join(root, 'packages/toolkit/lib/msw.mjs'))};
import { createPlaidClient } from ${JSON.stringify(path.join(root, 'src/index.ts'))};
const worker = setupWorker(...plaidHandlers());
await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
worker.use(answer('userFinancialDataRefresh', { status: 200, example: 'SomeItemsFailed' }));
const plaid = createPlaidClient({ environment: 'sandbox', clientId: 'page_client', secret: 'page_secret_0123456789', retry: { attempts: 1 } });
const { data, error } = await plaid.refreshUserFinancialData({ user_id: 'usr_in_page' });
const refused = await plaid.refreshUserFinancialData({ user_id: '' });
window.result = { data, error: error ? error.message : null, refused: refused.error ? refused.error.errorCode : null };
`,
    );
    const out = path.join(bundle.dir, 'msw-page.bundle.mjs');
    await build({ input: entry, platform: 'browser', logLevel: 'silent', output: { file: out, format: 'esm' } });
    const files: Record<string, [string, string]> = {
      '/': ['text/html', '<!doctype html><script type="module" src="/app.mjs"></script>'],
      '/app.mjs': ['text/javascript', await readFile(out, 'utf8')],
      '/mockServiceWorker.js': ['text/javascript', await readFile(path.join(root, 'node_modules/msw/lib/mockServiceWorker.js'), 'utf8')],
    };
    const site = http.createServer((req, res) => {
      const file = files[req.url ?? '/'];
      if (!file) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': file[0] }).end(file[1]);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      // This machine reaches no Plaid server: an answer can only come from the page's service worker.
      const tab = await browser.newPage();
      const logged: string[] = [];
      tab.on('console', (message) => logged.push(message.text()));
      tab.on('pageerror', (error) => logged.push(String(error)));
      await tab.goto(`${origin}/`);
      await tab
        .waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, null, { timeout: 30_000 })
        .catch((error: Error) => {
          throw new Error(`${error.message}\npage said:\n${logged.join('\n')}`);
        });
      const result = (await tab.evaluate(() => (window as unknown as { result: unknown }).result)) as {
        data: { user_id: string; results: { item_id: string; error?: unknown }[] };
        error: string | null;
        refused: string;
      };
      const { exampleValue } = await import('../../packages/toolkit/lib/spec-document.mjs');
      const document = JSON.parse(await readFile(path.join(root, 'generated/openapi.json'), 'utf8'));
      const someItemsFailed = exampleValue(document, {
        name: 'SomeItemsFailed',
        pointer: '/components/examples/SomeItemsFailed/value',
      }) as {
        results: unknown[];
      };
      expect(result.error).toBeNull();
      expect(result.data).toEqual({ ...someItemsFailed, user_id: 'usr_in_page' });
      expect(result.refused).toBe('INVALID_FIELD');
    } finally {
      await browser.close();
      site.closeAllConnections();
      site.close();
    }
  });
});
