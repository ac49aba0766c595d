import { afterEach, describe, expect, test } from 'vitest';
import { copyRepo, type RepoCopy } from '../support/repo-copy.js';

let copy: RepoCopy | undefined;
afterEach(async () => {
  await copy?.remove();
  copy = undefined;
});

describe('npm run check:generated', () => {
  test('passes when generated/ matches spec/', async () => {
    copy = await copyRepo();
    const { code, output } = await copy.run('scripts/check-generated.mjs');
    expect(output).toContain('compare with generated/');
    expect(code).toBe(0);
  });

  test('fails, naming the stale files, when spec/ changes and generated/ is not rebuilt', async () => {
    copy = await copyRepo();
    await copy.edit(
      'spec/components/schemas/RefreshResult.yaml',
      'The outcome of refreshing one product of one Item.',
      'The outcome of refreshing one product of one Item (edited).',
    );
    const { code, output } = await copy.run('scripts/check-generated.mjs');
    expect(code).toBe(1);
    expect(output).toContain('generated/ is stale against spec/');
    expect(output).toContain('openapi.yaml: differs');
    expect(output).toContain('schema.d.ts: differs');
    expect(output).toContain('npm run generate');
  });

  test('fails when a generated file was edited by hand', async () => {
    copy = await copyRepo();
    await copy.edit('generated/client.ts', 'createRawClient', 'createRawClientEdited');
    const { code, output } = await copy.run('scripts/check-generated.mjs');
    expect(code).toBe(1);
    expect(output).toContain('client.ts: differs');
  });
});
