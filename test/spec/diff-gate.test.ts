import { afterEach, describe, expect, test } from 'vitest';
import { copyRepo, type RepoCopy } from '../support/repo-copy.js';

let copy: RepoCopy | undefined;
afterEach(async () => {
  await copy?.remove();
  copy = undefined;
});

const gate = async (edit: (copy: RepoCopy) => Promise<void>) => {
  copy = await copyRepo(['spec', 'scripts', 'redocly.yaml', 'package.json', 'CHANGELOG.md']);
  await edit(copy);
  return copy.run('scripts/diff.mjs');
};

const removeResponseField = (c: RepoCopy) =>
  c.edit('spec/components/schemas/UserFinancialDataRefreshResponse.yaml', '  - request_id\n  - user_id', '  - user_id').then(() =>
    c.edit('spec/components/schemas/UserFinancialDataRefreshResponse.yaml', '  request_id:\n    type: string', '  request_ident:\n    type: string'),
  );

describe('npm run diff, the breaking-change gate', () => {
  test('passes when spec/ matches the last release', async () => {
    const { code, output } = await gate(async () => {});
    expect(output).toContain('0 major, 0 minor, 0 patch');
    expect(code).toBe(0);
  });

  test('catches a removed response field', async () => {
    const { code, output } = await gate(removeResponseField);
    expect(code).toBe(1);
    expect(output).toMatch(/major .*request_id|request_id.*\(property-removed\)/s);
  });

  test('catches a newly required request field', async () => {
    const { code, output } = await gate((c) => c.edit('spec/components/schemas/UserFinancialDataRefreshRequest.yaml', 'required:\n  - user_id', 'required:\n  - user_id\n  - client_id'));
    expect(code).toBe(1);
    expect(output).toContain('became required: `client_id`');
  });

  test('catches a narrowed type', async () => {
    const { code, output } = await gate((c) => c.edit('spec/components/schemas/UserFinancialDataRefreshRequest.yaml', '    minLength: 1\n', '    minLength: 1\n    maxLength: 8\n'));
    expect(code).toBe(1);
    expect(output).toMatch(/major .*maxLength/);
  });

  test('lets a breaking change through once info.version is bumped and CHANGELOG.md says why', async () => {
    const { code, output } = await gate(async (c) => {
      await removeResponseField(c);
      await c.edit('spec/openapi.yaml', 'version: 1.0.0', 'version: 2.0.0');
      await c.edit('CHANGELOG.md', '## 1.0.0', '## 2.0.0\n\n- `request_id` renamed.\n\n## 1.0.0');
    });
    expect(output).toContain('2 major');
    expect(code).toBe(0);
  });

  test('fails a bumped version with no CHANGELOG.md entry', async () => {
    const { code, output } = await gate((c) => c.edit('spec/openapi.yaml', 'version: 1.0.0', 'version: 1.1.0'));
    expect(code).toBe(1);
    expect(output).toContain('CHANGELOG.md has no "## 1.1.0" entry');
  });
});
