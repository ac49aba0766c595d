// Every valid way a maintainer may write an operation (test/fixtures/operation-styles/): each style
// is one operation, laid over a copy of the repository with one root line per path. The supported
// ones must be covered by every layer that reads examples, from the same build; the refused one
// must stop at lint with its rule, file and line, never as a crash in a later step.
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUILDABLE, copyRepo, type RepoCopy, repoRoot } from '../support/repo-copy.js';

const fixtures = path.join(repoRoot, 'test/fixtures/operation-styles');
const styles = [
  { operationId: 'userRemove', urlPath: '/user/remove', file: 'user_remove.yaml', style: 'inline named examples' },
  { operationId: 'userUpdate', urlPath: '/user/update', file: 'user_update.yaml', style: 'singular example (media type and schema)' },
  { operationId: 'userItemsGet', urlPath: '/user/items/get', file: 'user_items_get.yaml', style: 'allOf schemas' },
  {
    operationId: 'userProductsTerminate',
    urlPath: '/user/products/terminate',
    file: 'user_products_terminate.yaml',
    style: 'path-level parameters',
  },
  {
    operationId: 'userAccountSessionGet',
    urlPath: '/user/account_session/get',
    file: 'user_account_session_get.yaml',
    style: "$ref'ed requestBody and responses",
  },
];
const rootLines = (rows: { urlPath: string; file: string }[]) =>
  rows.map(({ urlPath, file }) => `  ${urlPath}:\n    $ref: paths/${file}\n`).join('');

type Example = { name: string | null; pointer: string };
type Row = {
  method: string;
  path: string;
  request: { required: string[]; examples: Example[] } | null;
  responses: Record<string, { examples: Example[] }>;
};

let copy: RepoCopy;
let prism: { url: string; close(): Promise<void> };
let table: Record<string, Row>;
let document: unknown;
let exampleValue: (document: unknown, example: Example) => unknown;
let contract: { code: number; output: string; cases: { fullName: string; status: string }[] };
const inCopy = <T>(file: string): Promise<T> => import(pathToFileURL(path.join(copy.dir, file)).href);

beforeAll(async () => {
  copy = await copyRepo(BUILDABLE);
  await cp(path.join(fixtures, 'supported/spec'), path.join(copy.dir, 'spec'), { recursive: true });
  await copy.edit('spec/openapi.yaml', '\npaths:\n', `\npaths:\n${rootLines(styles)}`);
  const build = await copy.run('scripts/build.mjs');
  if (build.code !== 0) throw new Error(`npm run build failed in the copy:\n${build.output}`);
  table = JSON.parse(await readFile(path.join(copy.dir, 'generated/operations.json'), 'utf8'));
  document = JSON.parse(await readFile(path.join(copy.dir, 'generated/openapi.json'), 'utf8'));
  ({ exampleValue } = await inCopy<{ exampleValue: typeof exampleValue }>('packages/toolkit/lib/operations.mjs'));
  const { startPrism } = await inCopy<typeof import('../../packages/toolkit/lib/prism.mjs')>('packages/toolkit/lib/prism.mjs');
  prism = await startPrism();
  contract = await copy.contract();
}, 120_000);

afterAll(async () => {
  await prism?.close();
  await copy?.remove();
});

describe.each(styles)('an operation written with $style ($operationId)', ({ operationId, urlPath }) => {
  test('has a row whose every example resolves to a value in the bundle', () => {
    const row = table[operationId];
    expect(row).toMatchObject({ method: 'post', path: urlPath, request: { required: ['user_id'] } });
    const examples = [...(row?.request?.examples ?? []), ...Object.values(row?.responses ?? {}).flatMap((r) => r.examples)];
    expect(row?.request?.examples.length).toBeGreaterThan(0);
    expect(row?.responses['200']?.examples.length).toBeGreaterThan(0);
    expect(row?.responses['400']?.examples.length).toBeGreaterThan(0);
    for (const example of examples) expect(exampleValue(document, example), example.pointer).toBeTypeOf('object');
  });

  test('gets every contract case, and each passes: a valid call, each status × example, invalid requests, the docs sample', () => {
    expect(
      contract.cases.filter((c) => c.status === 'failed').map((c) => c.fullName),
      contract.output.slice(-3000),
    ).toEqual([]);
    const passed = contract.cases.filter((c) => c.status === 'passed').map((c) => c.fullName);
    const mine = passed.filter((name) => name.startsWith(`${operationId} `));
    expect(mine).toContain(`${operationId} a valid call gets a success the client accepts and the spec allows`);
    const row = table[operationId]!;
    for (const [status, { examples }] of Object.entries(row.responses)) {
      if (status === 'default') continue;
      for (const example of examples) {
        expect(mine.some((name) => name.includes(`${status} ${example.name ?? 'example'} reaches the caller`))).toBe(true);
      }
    }
    // The probe table's cases for its request schema, derived with no per-operation code.
    expect(mine.some((name) => name.includes('schema · user_id · required: user_id left out gets a 400'))).toBe(true);
    expect(mine.some((name) => name.includes('schema · user_id · type: user_id as'))).toBe(true);
    expect(passed.some((name) => name.includes(`for ${operationId} gets its documented success status from the mock`))).toBe(true);
  });

  test("the mock answers an invalid request with the spec's 400", async () => {
    const response = await fetch(`${prism.url}${urlPath}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'PLAID-CLIENT-ID': 'c', 'PLAID-SECRET': 's' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error_type: 'INVALID_REQUEST', status: 400 });
  });

  test("the mock banner and the docs page show the operation's call", async () => {
    const { mockBanner } = await inCopy<{ mockBanner(url: string): Promise<string> }>('packages/toolkit/lib/mock.mjs');
    expect(await mockBanner(prism.url)).toContain(`curl -X POST ${prism.url}${urlPath}`);
    const html = await readFile(path.join(copy.dir, 'dist/docs/index.html'), 'utf8');
    expect(html).toContain(`curl -X POST http://127.0.0.1:4010${urlPath}`);
  });

  test("the client's method for it returns the mock's 200 example", async () => {
    const { createPlaidClient } = await inCopy<{
      createPlaidClient: (o: object) => Record<string, (body: object) => Promise<{ data?: unknown; error?: unknown }>>;
    }>('packages/client/dist/src/index.js');
    const client = createPlaidClient({ baseUrl: prism.url, clientId: 'c', secret: 's' });
    const { data, error } = await client[operationId]!({ user_id: 'usr_1' });
    expect(error).toBeUndefined();
    // The mock's success echoes the request's user_id, as Plaid's does.
    expect(data).toEqual({ ...(exampleValue(document, table[operationId]!.responses['200']!.examples[0]!) as object), user_id: 'usr_1' });
  });
});

test('the client has a typed method for each style, whose body is typed from its schema', async () => {
  const probe = styles
    .map(
      ({ operationId }) => `export const ${operationId} = client.${operationId}({ user_id: 'u' });
// @ts-expect-error user_id is a string
export const ${operationId}Wrong = client.${operationId}({ user_id: 1 });`,
    )
    .join('\n');
  await writeFile(
    path.join(copy.dir, 'test/types/operation-styles-probe.ts'),
    `import { createPlaidClient } from '../../src/index.js';\nconst client = createPlaidClient({ baseUrl: 'http://127.0.0.1:1', clientId: 'c', secret: 's' });\n${probe}\n`,
  );
  const compiled = await copy.run('node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json');
  expect(compiled.output).toBe('');
}, 60_000);

describe('an operation with no example anywhere', () => {
  let refused: RepoCopy;
  let build: { code: number; output: string };
  let before: string;
  beforeAll(async () => {
    refused = await copyRepo();
    await cp(path.join(fixtures, 'refused/spec'), path.join(refused.dir, 'spec'), { recursive: true });
    await refused.edit(
      'spec/openapi.yaml',
      '\npaths:\n',
      `\npaths:\n${rootLines([{ urlPath: '/user/delete', file: 'user_delete.yaml' }])}`,
    );
    before = await readFile(path.join(refused.dir, 'generated/operations.json'), 'utf8');
    build = await refused.run('scripts/build.mjs', { NO_COLOR: '1' });
  }, 60_000);
  afterAll(() => refused?.remove());

  test('is refused by lint, by rule, at the file and line of each body without one, saying what to write', () => {
    expect(build.code).not.toBe(0);
    const findings = build.output.split(/^\[\d+\] /m).slice(1);
    const mine = findings.filter((f) => f.includes('by the toolkit/media-type-has-example rule'));
    expect(mine.map((f) => f.match(/^(\S+):\d+:\d+/)?.[1])).toEqual([
      'spec/paths/user_delete.yaml',
      'spec/paths/user_delete.yaml',
      'spec/paths/user_delete.yaml',
    ]);
    expect(mine[0]).toContain('examples: { Name: { $ref: ../components/examples/Name.yaml } }');
  });

  test('and nothing later crashes or changes generated/', async () => {
    expect(build.output).not.toMatch(/^\s+at /m);
    expect(await readFile(path.join(refused.dir, 'generated/operations.json'), 'utf8')).toBe(before);
  });
});
