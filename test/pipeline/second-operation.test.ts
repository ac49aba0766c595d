// A maintainer adds `POST /user/create` the house way: a path file, its schemas and examples, one
// line in the root. In a copy of the repository with only that change to spec/, every layer must
// cover both operations: generated/, the contract suite, the fuzzer, the mock banner, the docs,
// response validation, the reference server's routes and the client.
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUILDABLE, copyRepo, type RepoCopy, repoRoot } from '../support/repo-copy.js';

const operationIds = ['userCreate', 'userFinancialDataRefresh'];
let copy: RepoCopy;
let prism: { url: string; close(): Promise<void> };
const inCopy = <T>(file: string): Promise<T> => import(pathToFileURL(path.join(copy.dir, file)).href);

/** A tool of the copy's node_modules, run in the copy as CI would (no colours, the mock, not a server). */
const run = (tool: string, ...args: string[]) => copy.run(tool, ...args, { CI: '1', NO_COLOR: '1', CONTRACT_UPSTREAM: '' });

beforeAll(async () => {
  copy = await copyRepo(BUILDABLE);
  await cp(path.join(repoRoot, 'test/fixtures/second-operation/spec'), path.join(copy.dir, 'spec'), { recursive: true });
  await copy.edit('spec/openapi.yaml', '\npaths:\n', '\npaths:\n  /user/create:\n    $ref: paths/user_create.yaml\n');
  const build = await copy.run('scripts/build.mjs');
  if (build.code !== 0) throw new Error(`npm run build failed in the copy:\n${build.output}`);
  const { startPrism } = await inCopy<typeof import('../../packages/toolkit/lib/prism.mjs')>('packages/toolkit/lib/prism.mjs');
  prism = await startPrism();
}, 60_000);

afterAll(async () => {
  await prism?.close();
  await copy?.remove();
});

describe('with a second operation added to spec/ only', () => {
  test('generated/operations.json has a row for each', async () => {
    const table = JSON.parse(await readFile(path.join(copy.dir, 'generated/operations.json'), 'utf8'));
    expect(Object.keys(table).sort()).toEqual(operationIds);
    expect(table.userCreate).toMatchObject({ method: 'post', path: '/user/create', request: { required: ['client_user_id'] } });
  });

  test('the contract suite runs cases for both, and all pass', async () => {
    const { code, output, cases } = await copy.contract();
    expect(
      cases.filter((c) => c.status === 'failed').map((c) => c.fullName),
      output.slice(-3000),
    ).toEqual([]);
    expect(code).toBe(0);
    for (const id of operationIds) {
      const passed = cases.filter((c) => c.fullName.startsWith(`${id} `) && c.status === 'passed');
      // A valid call, each named example, and the invalid requests its schema implies.
      expect(passed.length, id).toBeGreaterThanOrEqual(8);
    }
    expect(cases.some((c) => /client_user_id/.test(c.fullName))).toBe(true);
  }, 60_000);

  test('the fuzzer spreads its cases over both, with no failure', async () => {
    const { runFuzz, loadSpec } = await inCopy<typeof import('../../packages/toolkit/lib/fuzz.mjs')>('packages/toolkit/lib/fuzz.mjs');
    const report = await runFuzz({ url: prism.url, seed: 11, count: 120, spec: await loadSpec() });
    expect(Object.keys(report.byOperation).sort()).toEqual(operationIds);
    expect(report.failures).toEqual([]);
  });

  test("the mock banner shows each operation's curl and Prefer headers", async () => {
    const { mockBanner } = await inCopy<{ mockBanner(url: string): Promise<string> }>('packages/toolkit/lib/mock.mjs');
    const banner = await mockBanner(prism.url);
    expect(banner).toContain(`curl -X POST ${prism.url}/user/create`);
    expect(banner).toContain(`curl -X POST ${prism.url}/user/financial_data/refresh`);
    expect(banner).toContain('Prefer: code=400, example=MissingClientUserId');
    expect(banner).toContain('Prefer: code=200, example=AllItemsRefreshed');
  });

  test('the docs page documents both, with a quick-start call for each', async () => {
    const html = await readFile(path.join(copy.dir, 'dist/docs/index.html'), 'utf8');
    for (const urlPath of ['/user/create', '/user/financial_data/refresh'])
      expect(html).toContain(`curl -X POST http://127.0.0.1:4010${urlPath}`);
    expect(html).toContain('Create a user');
  });

  test("the mock's invalid-request answer for the new operation names its own field", async () => {
    const response = await fetch(`${prism.url}/user/create`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'PLAID-CLIENT-ID': 'c', 'PLAID-SECRET': 's' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error_message).toMatch(/client_user_id/);
  });

  test("response validation uses each operation's own schema", async () => {
    const { createSpecAjv, declaredResponse, schemaAt } =
      await inCopy<typeof import('../../packages/toolkit/lib/spec-ajv.mjs')>('packages/toolkit/lib/spec-ajv.mjs');
    const document = JSON.parse(await readFile(path.join(copy.dir, 'generated/openapi.json'), 'utf8'));
    const table = JSON.parse(await readFile(path.join(copy.dir, 'generated/operations.json'), 'utf8'));
    const ajv = createSpecAjv(document);
    const created = { user_id: 'usr_1', request_id: 'r1' };
    expect(schemaAt(ajv, declaredResponse(table.userCreate, 200)!.schema!)!(created)).toBe(true);
    // The refresh's schema would reject it: validating by the wrong operation is caught.
    expect(schemaAt(ajv, declaredResponse(table.userFinancialDataRefresh, 200)!.schema!)!(created)).toBe(false);
  });

  test('the reference server routes by the table: 404 for what it does not implement and for unknown paths', async () => {
    const { startReferenceServer } = await inCopy<typeof import('../fixtures/reference-server.mjs')>('test/fixtures/reference-server.mjs');
    const server = await startReferenceServer();
    try {
      const post = async (urlPath: string) => {
        const response = await fetch(`${server.url}${urlPath}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        });
        return { status: response.status, body: await response.json() };
      };
      expect(await post('/user/create')).toMatchObject({
        status: 404,
        body: { error_type: 'INVALID_REQUEST', error_code: 'NOT_FOUND', error_message: /userCreate is not implemented/ },
      });
      expect(await post('/no/such/path')).toMatchObject({ status: 404, body: { error_code: 'NOT_FOUND', status: 404 } });
      expect((await post('/user/financial_data/refresh')).status).toBe(400);
    } finally {
      await server.close();
    }
  });

  test('the client has a typed method for each, and the new one works against the mock', async () => {
    await writeFile(
      path.join(copy.dir, 'test/types/second-operation-probe.ts'),
      `import { createPlaidClient } from '../../src/index.js';
const client = createPlaidClient({ baseUrl: 'http://127.0.0.1:1', clientId: 'c', secret: 's' });
export const ok = client.userCreate({ client_user_id: 'u' });
// @ts-expect-error the new operation's body is typed from its own schema
export const wrong = client.userCreate({ user_id: 'u' });
`,
    );
    const compiled = await run('node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json');
    expect(compiled.output).toBe('');
    const { createPlaidClient } = await inCopy<{
      createPlaidClient: (o: object) => Record<string, (body: object) => Promise<{ data?: unknown; error?: unknown }>>;
    }>('packages/client/dist/src/index.js');
    const client = createPlaidClient({ baseUrl: prism.url, clientId: 'c', secret: 's' });
    const { data, error } = await client.userCreate!({ client_user_id: 'u' });
    expect(error).toBeUndefined();
    expect(data).toEqual({ user_id: 'usr_9nSp2KuZ2x4JDw', request_id: 'Mdqp7Jx1gKcTnRv' });
  }, 30_000);
});
