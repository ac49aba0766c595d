import { afterEach, describe, expect, test } from 'vitest';
import { copyRepo, type RepoCopy } from '../support/repo-copy.js';

let copy: RepoCopy | undefined;
afterEach(async () => {
  await copy?.remove();
  copy = undefined;
});

describe('npm run lint', () => {
  test('passes on the spec as committed', async () => {
    copy = await copyRepo();
    const { code, output } = await copy.run('scripts/lint.mjs');
    expect(output).toContain('lint spec/');
    expect(code).toBe(0);
  });

  test('fails on an example that breaks its schema, naming the file and line', async () => {
    copy = await copyRepo();
    await copy.edit('spec/components/examples/NoItems.yaml', 'results: []', 'results: none');
    const { code, output } = await copy.run('scripts/lint.mjs');
    expect(code).toBe(1);
    expect(output).toContain('no-invalid-media-type-examples');
    expect(output).toMatch(/spec\/[\w/]+\.yaml:\d+:\d+/);
  });

  test('fails when a schema property has no description', async () => {
    copy = await copyRepo();
    await copy.edit(
      'spec/components/schemas/RefreshResult.yaml',
      '    description: The `item_id` of the Item that was refreshed.\n',
      '',
    );
    const { code, output } = await copy.run('scripts/lint.mjs');
    expect(code).toBe(1);
    expect(output).toContain('rule/schema-property-has-description');
    expect(output).toContain('spec/components/schemas/RefreshResult.yaml:');
  });

  test('fails when the operation declares 422, which Prism would answer instead of 400', async () => {
    copy = await copyRepo();
    await copy.edit('spec/paths/user_financial_data_refresh.yaml', "'429':", "'422':");
    const { code, output } = await copy.run('scripts/lint.mjs');
    expect(code).toBe(1);
    expect(output).toContain('rule/no-422-or-4xx');
  });
});

describe('the standard error set', () => {
  test('fails an operation that does not declare 429, naming the rule and the file', async () => {
    copy = await copyRepo();
    await copy.edit('spec/paths/user_financial_data_refresh.yaml', "    '429':\n      $ref: ../components/responses/TooManyRequests.yaml\n", '');
    const { code, output } = await copy.run('scripts/lint.mjs');
    expect(code).toBe(1);
    expect(output).toContain('rule/operation-declares-standard-errors');
    expect(output).toContain('spec/paths/user_financial_data_refresh.yaml:');
  });

  test('fails a standard error response whose body is not a PlaidError', async () => {
    copy = await copyRepo();
    await copy.edit('spec/components/responses/InternalServerError.yaml', '../schemas/PlaidError.yaml', '../schemas/RefreshResult.yaml');
    const { code, output } = await copy.run('scripts/lint.mjs');
    expect(code).toBe(1);
    expect(output).toContain('rule/error-response-is-plaid-error');
  });
});
