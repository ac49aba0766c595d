// `npm run lint` on the committed spec, and on one copy broken in several independent ways at
// once: each rule must report its own finding with the spec/ file and line. (One Redocly run for
// all the breakages instead of one each: the rules do not interact.)

import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copyRepo, type RepoCopy, repoRoot } from '../support/repo-copy.js';

const PATH_FILE = 'spec/paths/user_financial_data_refresh.yaml';
const breakages: { rule: string; file: string; why: string; edit: (c: RepoCopy) => Promise<void> }[] = [
  {
    why: 'an example that breaks its schema',
    rule: 'no-invalid-media-type-examples',
    file: 'spec/components/examples/NoItems.yaml',
    edit: (c) => c.edit('spec/components/examples/NoItems.yaml', 'results: []', 'results: none'),
  },
  {
    why: 'a schema property with no description',
    rule: 'rule/schema-property-has-description',
    file: 'spec/components/schemas/RefreshResult.yaml',
    edit: (c) =>
      c.edit('spec/components/schemas/RefreshResult.yaml', '    description: The `item_id` of the Item that was refreshed.\n', ''),
  },
  {
    why: 'a 422, which Prism would answer instead of 400',
    rule: 'rule/no-422-or-4xx',
    file: PATH_FILE,
    edit: (c) => c.edit(PATH_FILE, "    '429':", "    '422':"),
  },
  {
    why: 'an operation without 429 (the same edit)',
    rule: 'rule/operation-declares-standard-errors',
    file: PATH_FILE,
    edit: async () => {},
  },
  {
    why: 'a standard error response whose body is not a PlaidError',
    rule: 'rule/error-response-is-plaid-error',
    // Redocly reports where the offending schema's title is.
    file: 'spec/components/schemas/RefreshResult.yaml',
    edit: (c) =>
      c.edit('spec/components/responses/InternalServerError.yaml', '../schemas/PlaidError.yaml', '../schemas/RefreshResult.yaml'),
  },
  {
    why: 'a response body without any example',
    rule: 'toolkit/media-type-has-example',
    file: 'spec/components/responses/TooManyRequests.yaml',
    edit: (c) => c.edit('spec/components/responses/TooManyRequests.yaml', '    examples:\n', '    x-examples:\n'),
  },
  {
    why: 'an example that points at an externalValue instead of giving its value',
    rule: 'toolkit/example-has-value',
    file: 'spec/components/examples/SomeItemsFailed.yaml',
    edit: (c) =>
      c.edit('spec/components/examples/SomeItemsFailed.yaml', '\nvalue:', '\nexternalValue: https://example.com/x.json\nx-value:'),
  },
];

test('npm run lint passes on the spec as committed', async () => {
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve) =>
    execFile(process.execPath, ['scripts/lint.mjs'], { cwd: repoRoot, env: { ...process.env, CI: '' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    ),
  );
  expect(output).toContain('lint spec/');
  expect(code).toBe(0);
});

describe('npm run lint on a broken spec', () => {
  let copy: RepoCopy;
  let result: { code: number; output: string };
  /** Redocly's codeframe output, one block per finding. */
  let findings: string[];
  beforeAll(async () => {
    copy = await copyRepo();
    for (const breakage of breakages) await breakage.edit(copy);
    // As a CI that forces colours would run it: output that is not a terminal still gets none.
    result = await copy.run('scripts/lint.mjs', { FORCE_COLOR: '1' });
    findings = result.output.split(/^\[\d+\] /m).slice(1);
  });
  afterAll(() => copy?.remove());

  test('exits 1', () => {
    expect(result.code, result.output).toBe(1);
  });

  test("shows the findings without Redocly's banner, colours, or advice to ignore them", () => {
    expect(result.output).not.toMatch(/Node\.js 20|[╔║╚]/);
    expect(result.output).not.toMatch(/\x1b\[/);
    expect(result.output).not.toMatch(/ignore/i);
  });

  test.each(breakages)('reports $why under $rule, at its spec/ file and line', ({ rule, file }) => {
    const finding = findings.find((f) => f.includes(`by the ${rule} rule`));
    expect(finding, result.output).toBeDefined();
    expect(finding).toMatch(new RegExp(`^${file.replaceAll('.', '\\.')}:\\d+:\\d+`));
  });
});
