// A repo that only calls Plaid installs the client alone: three packages and well under a
// megabyte, with nothing of the toolkit, and a bundle within the budget. Then it calls the mock from an ES module and from
// CommonJS (`require()` of the ES module, Node ≥ 20.19), on Node 20 and Node 24, and with code
// generation from strings forbidden: a success, a Plaid error, a timeout and an abort.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { budget, bundleSize, clientEntries } from '../../scripts/bench/bundle-size.mjs';
import { CLIENT, describeFootprint, footprint, npmInstall, packPackages } from '../support/packed-packages.js';

const run = promisify(execFile);
const smokeUrl = pathToFileURL(path.join(import.meta.dirname, '../runtimes/smoke-client.mjs')).href;
const BUDGET = { packages: 3, bytes: 1_000_000 };

let work: string;
let app: string;
let prism: { url: string; close(): Promise<void> };
let hang: http.Server;
let hangUrl: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'client-only-'));
  const packed = await packPackages(work);
  app = path.join(work, 'app');
  await mkdir(app);
  // What `npm init -y` writes: no "type", so .js files are CommonJS.
  await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  await npmInstall([packed[CLIENT].tarball], app);
  const { startPrism } = await import('../../packages/toolkit/lib/prism.mjs');
  prism = await startPrism();
  hang = http.createServer(() => {});
  await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
  hangUrl = `http://127.0.0.1:${(hang.address() as AddressInfo).port}`;
  await writeFile(
    path.join(app, 'main.mjs'),
    `import { createPlaidClient } from '${CLIENT}';
import { smoke } from '${smokeUrl}';
console.log(JSON.stringify(await smoke(createPlaidClient, { mockUrl: process.env.MOCK_URL, hangUrl: process.env.HANG_URL })));
`,
  );
  await writeFile(
    path.join(app, 'main.cjs'),
    `const { createPlaidClient } = require('${CLIENT}');
import('${smokeUrl}')
  .then(({ smoke }) => smoke(createPlaidClient, { mockUrl: process.env.MOCK_URL, hangUrl: process.env.HANG_URL }))
  .then((result) => console.log(JSON.stringify(result)));
`,
  );
}, 120_000);

afterAll(async () => {
  hang?.closeAllConnections();
  hang?.close();
  await prism?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the client installed alone', { timeout: 120_000 }, () => {
  test(`installs at most ${BUDGET.packages} packages and ${BUDGET.bytes / 1_000_000} MB of node_modules`, async () => {
    const installed = await footprint(path.join(app, 'node_modules'));
    console.log(`client alone: ${describeFootprint(installed)} (${installed.packages.join(', ')})`);
    expect(installed.packages.map((p) => p.replace(/@[^@]+$/, ''))).toContain(CLIENT);
    expect(installed.packages.length).toBeLessThanOrEqual(BUDGET.packages);
    expect(installed.bytes).toBeLessThanOrEqual(BUDGET.bytes);
  });

  test(`bundled by rolldown, tree-shaken and minified, fits ${budget.minifiedBytes / 1000} kB and ${budget.gzipBytes / 1000} kB gzipped`, async () => {
    const entries = Object.entries(clientEntries(path.join(app, 'node_modules', CLIENT)));
    const [name, source] = entries[0]!;
    const size = await bundleSize(source);
    console.log(`${name}: ${size.minifiedBytes} bytes minified, ${size.gzipBytes} gzipped`);
    expect(size.minifiedBytes).toBeLessThanOrEqual(budget.minifiedBytes);
    expect(size.gzipBytes).toBeLessThanOrEqual(budget.gzipBytes);
  });

  const node24 = ['npx', '--yes', '-p', 'node@24.9.0', '--', 'node'];
  test.each([
    ['an ES module, Node 20', [process.execPath, 'main.mjs']],
    ['CommonJS through require(), Node 20', [process.execPath, 'main.cjs']],
    [
      'an ES module, Node 20 without code generation from strings',
      [process.execPath, '--disallow-code-generation-from-strings', 'main.mjs'],
    ],
    ['CommonJS through require(), Node 22', ['npx', '--yes', '-p', 'node@22.23.3', '--', 'node', 'main.cjs']],
    ['CommonJS through require(), Node 24', [...node24, 'main.cjs']],
  ])('%s: success, Plaid error, timeout and abort', async (_name, [command, ...args]) => {
    const { stdout } = await run(command!, args, {
      cwd: app,
      env: { ...process.env, MOCK_URL: prism.url, HANG_URL: hangUrl, npm_config_update_notifier: 'false' },
      maxBuffer: 8 << 20,
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({
      success: 3,
      plaidError: 'plaid INVALID_API_KEYS',
      timeout: 'timeout',
      aborted: 'aborted',
    });
  });
});
