// The proof that another repo can consume the package: pack it, install the tarball (from npm's cache where it can) into
// a fresh project, `plaid-refresh generate`, compile a consumer with tsc, and call the packaged
// mock, under this machine's Node 20 and under Node 24 (npm's `node` package).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer } from '../fixtures/reference-server.mjs';
import { repoRoot } from '../support/repo-copy.js';

const run = promisify(execFile);
const NODE_24 = 'node@24.9.0';
let work: string;
let consumer: string;
let mock: ChildProcess | undefined;
let mockUrl: string;
let packedFiles: string[];

const npm = (args: string[], cwd: string) =>
  run('npm', args, { cwd, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });

beforeAll(async () => {
  if (!existsSync(path.join(repoRoot, 'dist/lib/src/index.js'))) throw new Error('dist/lib is missing: run `npm run build` first');
  work = await mkdtemp(path.join(tmpdir(), 'consumer-'));
  // 1. npm pack (the build already compiled dist/lib, so the prepack step is skipped).
  const { stdout } = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], repoRoot);
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  packedFiles = packed!.files.map((f) => f.path);
  // 2. A fresh project that installs the tarball from the local file (npm's cache first, then the registry).
  consumer = path.join(work, 'consumer');
  await mkdir(path.join(consumer, 'src'), { recursive: true });
  await writeFile(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await npm(
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      path.join(work, packed!.filename),
      '@types/node@20.19.43',
    ],
    consumer,
  );
}, 180_000);

afterAll(async () => {
  mock?.kill('SIGTERM');
  if (work) await rm(work, { recursive: true, force: true });
});

const bin = (name: string) => path.join(consumer, 'node_modules', '.bin', name);

describe('a consumer repo', { timeout: 120_000 }, () => {
  test('gets a small package: no tests of ours, no fixtures, no spec sources', () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining(['bin/plaid-refresh.mjs', 'dist/lib/src/index.js', 'generated/openapi.yaml', 'generated/openapi.json']),
    );
    expect(
      packedFiles.filter((f) => /^test\/(fixtures|provider|client|spec|docs|types|consumer)\//.test(f) || f.startsWith('spec/')),
    ).toEqual([]);
  });

  test('generates types and a client with plaid-refresh generate', async () => {
    const { stdout } = await run(bin('plaid-refresh'), ['generate', '--out', 'src/plaid-schema.d.ts', '--client', 'src/plaid-client.ts'], {
      cwd: consumer,
    });
    expect(stdout).toContain('wrote src/plaid-schema.d.ts');
    expect(stdout).toContain('wrote src/plaid-client.ts');
  });

  test('compiles a consumer against the generated types and the packaged client', async () => {
    await writeFile(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          outDir: 'dist',
          rootDir: 'src',
          types: ['node'],
          skipLibCheck: false,
        },
        include: ['src'],
      }),
    );
    await writeFile(
      path.join(consumer, 'src', 'main.ts'),
      `
import { createPlaidClient, summarizeRefresh, type RefreshResult } from 'plaid-user-financial-data-refresh';
import type { components } from './plaid-schema.js';
import { createRawClient, servers } from './plaid-client.js';

// The generated types and the packaged ones describe the same schema.
const fromGenerated: components['schemas']['RefreshResult'] = { item_id: 'i', product: 'transactions' };
const fromPackage: RefreshResult = fromGenerated;

const baseUrl = process.env.MOCK_URL!;
const preferExample: typeof fetch = (input, init) => {
  const request = new Request(input, init);
  request.headers.set('Prefer', 'example=SomeItemsFailed');
  return fetch(request);
};
const plaid = createPlaidClient({ baseUrl, clientId: 'consumer_client', secret: 'consumer_secret_123456', fetch: preferExample });
const { data, error } = await plaid.refreshUserFinancialData({ user_id: 'usr_8c3ZbDBYjaqUXZ' });
if (error) throw error;
const outcome = summarizeRefresh(data);
const raw = await createRawClient({ baseUrl, headers: { 'PLAID-CLIENT-ID': 'c', 'PLAID-SECRET': 's' } }).POST('/user/financial_data/refresh', { body: { user_id: 'usr_1' } });
console.log(JSON.stringify({
  node: process.version,
  succeeded: outcome.succeeded.length,
  failedCodes: Object.keys(outcome.failedByCode),
  itemsNeedingUser: outcome.itemsNeedingUser,
  rawStatus: raw.response.status,
  sandbox: servers.sandbox,
  sameType: fromPackage.item_id,
}));
`,
    );
    await run(bin('tsc'), ['-p', '.'], { cwd: consumer });
    expect(existsSync(path.join(consumer, 'dist', 'main.js'))).toBe(true);
  });

  test('starts the packaged mock with plaid-refresh mock', async () => {
    mock = spawn(bin('plaid-refresh'), ['mock', '--port', '0'], { cwd: consumer, stdio: ['ignore', 'pipe', 'pipe'] });
    mockUrl = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`mock did not start:\n${seen}`)), 30_000);
      mock!.stdout!.on('data', (chunk) => {
        seen += chunk;
        const match = seen.match(/on (http:\/\/127\.0\.0\.1:\d+)/);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      mock!.on('exit', (code) => reject(new Error(`mock exited with ${code}:\n${seen}`)));
    });
    expect(mockUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  const expectOutcome = (stdout: string, major: string) => {
    const result = JSON.parse(stdout);
    expect(result.node).toMatch(new RegExp(`^v${major}\\.`));
    expect(result).toMatchObject({
      succeeded: 1,
      failedCodes: ['ITEM_LOGIN_REQUIRED'],
      rawStatus: 200,
      sandbox: 'https://sandbox.plaid.com',
    });
    expect(result.itemsNeedingUser).toHaveLength(2);
  };

  test('calls the mock and reads the per-Item outcome, on Node 20', async () => {
    const { stdout } = await run(process.execPath, ['dist/main.js'], { cwd: consumer, env: { ...process.env, MOCK_URL: mockUrl } });
    expectOutcome(stdout, '20');
  });

  test('calls the mock and reads the per-Item outcome, on Node 24', async () => {
    const { stdout } = await run('npx', ['--yes', '-p', NODE_24, '--', 'node', 'dist/main.js'], {
      cwd: consumer,
      env: { ...process.env, MOCK_URL: mockUrl },
      maxBuffer: 8 * 1024 * 1024,
    });
    expectOutcome(stdout.trim().split('\n').at(-1)!, '24');
  });

  test('verifies a server with the packaged contract suite: plaid-refresh contract --upstream', async () => {
    const server = await startReferenceServer();
    try {
      const { stdout } = await run(bin('plaid-refresh'), ['contract', '--upstream', server.url], {
        cwd: consumer,
        maxBuffer: 8 * 1024 * 1024,
      });
      expect(stdout.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/Tests\s+\d+ passed/);
      // The run writes nothing inside the consumer's node_modules (no vitest cache, no config copy).
      const packageDir = path.join(consumer, 'node_modules', 'plaid-user-financial-data-refresh');
      for (const dir of [path.join(consumer, 'node_modules'), path.join(packageDir, 'node_modules'), packageDir]) {
        expect((await readdir(dir).catch(() => [])).filter((name) => name.startsWith('.vite'))).toEqual([]);
      }
    } finally {
      await server.close();
    }
  });
});
