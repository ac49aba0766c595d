// The proof that another repo can consume both packages: pack them, install the client as a
// dependency and the toolkit as a dev dependency into a fresh project (from npm's cache where it
// can), then `plaid-refresh generate`, `lint`, `mock` and `contract`, and compile consumers with
// tsc under each module setting the README names, run on Node 20 and Node 24 (npm's `node`).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer } from '../fixtures/reference-server.mjs';
import { CLIENT, describeFootprint, footprint, npm, npmInstall, packPackages, TOOLKIT } from '../support/packed-packages.js';
import { repoRoot } from '../support/repo-copy.js';

const run = promisify(execFile);
const NODE_24 = 'node@24.9.0';
let work: string;
let consumer: string;
let mock: ChildProcess | undefined;
let mockUrl: string;
let packed: Awaited<ReturnType<typeof packPackages>>;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'consumer-'));
  packed = await packPackages(work);
  // A fresh project: the client as a dependency, the toolkit as a dev dependency.
  consumer = path.join(work, 'consumer');
  await mkdir(path.join(consumer, 'src'), { recursive: true });
  await writeFile(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await npmInstall([packed[CLIENT].tarball], consumer);
  await npmInstall(['--save-dev', packed[TOOLKIT].tarball, '@types/node@20.19.43'], consumer);
}, 180_000);

afterAll(async () => {
  mock?.kill('SIGTERM');
  if (work) await rm(work, { recursive: true, force: true });
});

const bin = (name: string) => path.join(consumer, 'node_modules', '.bin', name);

describe('a consumer repo', { timeout: 120_000 }, () => {
  test('gets a small toolkit, which uses the client installed beside it', async () => {
    const files = packed[TOOLKIT].files;
    expect(files).toEqual(expect.arrayContaining(['bin/plaid-refresh.mjs', 'generated/openapi.yaml', 'generated/openapi.json']));
    expect(
      files.filter((f) => /^test\/(fixtures|provider|client|spec|docs|types|consumer)\//.test(f) || /^(spec|src|dist)\//.test(f)),
    ).toEqual([]);
    // One client in the tree, the one this project depends on: the toolkit pins its own version.
    expect(existsSync(path.join(consumer, 'node_modules', TOOLKIT, 'node_modules', CLIENT))).toBe(false);
    const installed = await footprint(path.join(consumer, 'node_modules'));
    console.log(`client + toolkit + @types/node: ${describeFootprint(installed)}`);
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
const plaid = createPlaidClient({ baseUrl, clientId: 'consumer_client', secret: 'consumer_secret_123456' });
const { data, error } = await plaid.refreshUserFinancialData(
  { user_id: 'usr_8c3ZbDBYjaqUXZ' },
  { headers: { Prefer: 'example=SomeItemsFailed' } },
);
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
      const packageDir = path.join(consumer, 'node_modules', TOOLKIT);
      for (const dir of [path.join(consumer, 'node_modules'), path.join(packageDir, 'node_modules'), packageDir]) {
        expect((await readdir(dir).catch(() => [])).filter((name) => name.startsWith('.vite'))).toEqual([]);
      }
    } finally {
      await server.close();
    }
  });

  test('npx --no -- plaid-refresh runs the installed CLI, as the README and the templates call it', async () => {
    // (npx keeps a bare --help for itself, so the probe is a real command.)
    const { stdout } = await run('npx', ['--no', '--', 'plaid-refresh', 'generate', '--out', 'npx-probe/schema.d.ts'], { cwd: consumer });
    expect(stdout).toContain('wrote npx-probe/schema.d.ts');
  });

  test('lints a spec with plaid-refresh lint: the packaged bundle passes, a broken one fails with file and line', async () => {
    const bundle = path.join('node_modules', TOOLKIT, 'generated', 'openapi.yaml');
    await run(bin('plaid-refresh'), ['lint', bundle], { cwd: consumer });
    await writeFile(
      path.join(consumer, 'broken.yaml'),
      'openapi: 3.0.3\ninfo:\n  title: Broken\npaths:\n  /x:\n    get:\n      responses: {}\n',
    );
    const failed = await run(bin('plaid-refresh'), ['lint', 'broken.yaml'], { cwd: consumer }).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
    );
    expect(failed.code).not.toBe(0);
    expect(failed.output).toMatch(/broken\.yaml:\d+:\d+/);
  });
});

// One consumer file, compiled under each module setting the README names, then run against the
// mock: types resolve (the main entry and `/schema`), and the emitted ES module or CommonJS runs.
const consumerSource = `import { createPlaidClient, PlaidApiError, type RefreshResult, summarizeRefresh } from '${CLIENT}';
// An inline type import: under verbatimModuleSyntax it stays a run-time import of the subpath.
import { type components } from '${CLIENT}/schema';

async function main(baseUrl: string) {
  // Options that may be undefined, as they come from configuration (exactOptionalPropertyTypes).
  const timeoutMs: number | undefined = process.env.PLAID_TIMEOUT_MS ? Number(process.env.PLAID_TIMEOUT_MS) : undefined;
  const signal: AbortSignal | undefined = undefined;
  const plaid = createPlaidClient({ baseUrl, clientId: 'consumer_client', secret: 'consumer_secret_123456', timeoutMs });
  const body = { user_id: 'usr_8c3ZbDBYjaqUXZ' };
  const { data, error } = await plaid.refreshUserFinancialData(body, { headers: { Prefer: 'example=SomeItemsFailed' }, signal });
  if (error) throw error;
  const first: components['schemas']['RefreshResult'] | undefined = data.results[0];
  const same: RefreshResult | undefined = first;
  const failed = await plaid.refreshUserFinancialData(body, { headers: { Prefer: 'code=400, example=InvalidApiKeys' } });
  const code = failed.error instanceof PlaidApiError ? failed.error.errorCode : 'no Plaid error';
  console.log(JSON.stringify({ itemsNeedingUser: summarizeRefresh(data).itemsNeedingUser.length, product: same?.product, code }));
}

main(process.argv[2]!).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

const moduleSettings: [string, { type: 'module' | 'commonjs'; compilerOptions: Record<string, string | boolean> }][] = [
  ['module nodenext, ES module package', { type: 'module', compilerOptions: { module: 'nodenext' } }],
  ['module nodenext, CommonJS package (require of the ES module)', { type: 'commonjs', compilerOptions: { module: 'nodenext' } }],
  ['module node16, ES module package', { type: 'module', compilerOptions: { module: 'node16' } }],
  ['moduleResolution bundler', { type: 'module', compilerOptions: { module: 'esnext', moduleResolution: 'bundler' } }],
  ['module commonjs (node10 resolution)', { type: 'commonjs', compilerOptions: { module: 'commonjs' } }],
  [
    'nodenext with verbatimModuleSyntax and exactOptionalPropertyTypes',
    {
      type: 'module',
      compilerOptions: {
        module: 'nodenext',
        verbatimModuleSyntax: true,
        exactOptionalPropertyTypes: true,
        isolatedModules: true,
        noUncheckedIndexedAccess: true,
      },
    },
  ],
];

describe('a TypeScript consumer', { timeout: 120_000 }, () => {
  const compileAndRun = async (dir: string) => {
    await run(bin('tsc'), ['-p', '.'], { cwd: dir }).catch((error) => {
      throw new Error(`tsc failed in ${path.basename(dir)}:\n${error.stdout}${error.stderr}`);
    });
    const emitted = existsSync(path.join(dir, 'dist', 'main.js')) ? 'dist/main.js' : 'main.js';
    const { stdout } = await run(process.execPath, [emitted, mockUrl], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual({
      itemsNeedingUser: 2,
      product: 'transactions',
      code: 'INVALID_API_KEYS',
    });
  };

  test("the README's tsconfig, ES module package: compiles with tsc and runs on Node 20", async () => {
    const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
    const shown = readme.match(/A tsconfig that works:\n\n```json\n([\s\S]*?)\n```/);
    expect(shown, 'the README shows a tsconfig').not.toBeNull();
    const dir = path.join(consumer, 'ts-readme');
    await mkdir(dir);
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'ts-consumer', private: true, type: 'module' }));
    await writeFile(path.join(dir, 'main.ts'), consumerSource);
    await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify({ ...JSON.parse(shown![1]!), files: ['main.ts'] }));
    await compileAndRun(dir);
  });

  test.each(moduleSettings)('%s: compiles with tsc and runs on Node 20', async (name, { type, compilerOptions }) => {
    const dir = path.join(consumer, `ts-${name.replace(/\W+/g, '-')}`);
    await mkdir(dir);
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'ts-consumer', private: true, type }));
    await writeFile(path.join(dir, 'main.ts'), consumerSource);
    await writeFile(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { ...compilerOptions, target: 'es2022', strict: true, types: ['node'], outDir: 'dist', skipLibCheck: false },
        files: ['main.ts'],
      }),
    );
    await compileAndRun(dir);
  });

  test("npm init -y and tsc --init, with the README's two changes, compile and run", async () => {
    const dir = path.join(consumer, 'ts-init');
    await mkdir(dir);
    await npm(['init', '-y'], dir);
    await run(bin('tsc'), ['--init'], { cwd: dir });
    await writeFile(path.join(dir, 'main.ts'), consumerSource);
    // The README's changes: an ES module package, and Node's types for \`process\`.
    await npm(['pkg', 'set', 'type=module'], dir);
    const tsconfig = await readFile(path.join(dir, 'tsconfig.json'), 'utf8');
    expect(tsconfig).toContain('"types": [],');
    await writeFile(path.join(dir, 'tsconfig.json'), tsconfig.replace('"types": [],', '"types": ["node"],'));
    await compileAndRun(dir);
  });
});

describe("a consumer's unit tests with the toolkit's MSW handlers", { timeout: 120_000 }, () => {
  test('the scenarios file runs in the consumer, all in-process, and a wrong reply fails its type check', async () => {
    await npmInstall(['--save-dev', 'msw@2.15.0'], consumer);
    const dir = path.join(consumer, 'msw-tests');
    await mkdir(dir);
    // The very file this repository runs (test/msw/), which imports the packages by name only.
    await writeFile(path.join(dir, 'refresh.test.ts'), await readFile(path.join(repoRoot, 'test/msw/consumer-scenarios.test.ts'), 'utf8'));
    const report = path.join(consumer, 'msw-report.json');
    await run(bin('vitest'), ['run', 'msw-tests', '--reporter=json', `--outputFile=${report}`], { cwd: consumer }).catch(
      async (error: { stdout: string; stderr: string }) => {
        const written = await readFile(report, 'utf8').catch(() => '');
        throw new Error(`the consumer's MSW tests failed:\n${error.stdout}${error.stderr}\n${written.slice(0, 6000)}`);
      },
    );
    const results = JSON.parse(await readFile(report, 'utf8')) as { numPassedTests: number; numFailedTests: number };
    expect(results).toMatchObject({ numPassedTests: 8, numFailedTests: 0 });

    await writeFile(
      path.join(dir, 'wrong.ts'),
      `import { answer } from '${TOOLKIT}/msw';\nexport const wrong = answer('userFinancialDataRefresh', { status: 200, body: { request_id: 'r', user_id: 'u' } });\n`,
    );
    await writeFile(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: ['node'] },
        files: ['wrong.ts'],
      }),
    );
    const compiled = await run(bin('tsc'), ['-p', dir], { cwd: consumer }).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    );
    expect(compiled).toMatch(/wrong\.ts.*error TS\d+.*results/s);
  });
});
