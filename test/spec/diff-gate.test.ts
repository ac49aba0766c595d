// The breaking-change gate and the release command, on throwaway copies of the repo. No test
// names a version: each reads the copy's own, so a release never means editing these tests.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import YAML from 'yaml';
import { nextVersion } from '../../scripts/release.mjs';
import { copyRepo, type RepoCopy } from '../support/repo-copy.js';

let copy: RepoCopy | undefined;
afterEach(async () => {
  await copy?.remove();
  copy = undefined;
});

const PARTS = ['spec', 'scripts', 'generated', 'redocly.yaml', 'package.json', 'package-lock.json', 'CHANGELOG.md'];
const versionOf = async (c: RepoCopy) => YAML.parse(await readFile(path.join(c.dir, 'spec/openapi.yaml'), 'utf8')).info.version as string;

const gate = async (edit: (copy: RepoCopy) => Promise<void>) => {
  copy = await copyRepo(PARTS);
  await edit(copy);
  return copy.run('scripts/diff.mjs');
};

const RESPONSE = 'spec/components/schemas/UserFinancialDataRefreshResponse.yaml';
const removeResponseField = (c: RepoCopy) =>
  c.edit(RESPONSE, '  - request_id\n  - user_id', '  - user_id').then(() => c.edit(RESPONSE, '  request_id:\n    type: string', '  request_ident:\n    type: string'));
const addOptionalResponseField = async (c: RepoCopy) => {
  const text = await readFile(path.join(c.dir, RESPONSE), 'utf8');
  await c.edit(RESPONSE, text, `${text}  refreshed_at:\n    type: string\n    description: When the refresh started.\n`);
};

describe('npm run diff, the breaking-change gate', () => {
  test('passes when spec/ matches the last release', async () => {
    const { code, output } = await gate(async () => {});
    expect(output).toContain('0 major, 0 minor, 0 patch');
    expect(code).toBe(0);
  });

  test('catches a removed response field, pointing at the spec/ file that holds it', async () => {
    const { code, output } = await gate(removeResponseField);
    expect(code).toBe(1);
    expect(output).toMatch(/major .*request_id/);
    expect(output).toContain(`at ${RESPONSE}:`);
    expect(output).toContain('need a major bump');
  });

  test('catches a newly required request field', async () => {
    const { code, output } = await gate((c) =>
      c.edit('spec/components/schemas/UserFinancialDataRefreshRequest.yaml', 'required:\n  - user_id', 'required:\n  - user_id\n  - client_id'),
    );
    expect(code).toBe(1);
    expect(output).toMatch(/major .*required/);
  });

  test('catches a narrowed type', async () => {
    const { code, output } = await gate((c) =>
      c.edit('spec/components/schemas/UserFinancialDataRefreshRequest.yaml', '    minLength: 1\n', '    minLength: 1\n    maxLength: 8\n'),
    );
    expect(code).toBe(1);
    expect(output).toMatch(/major .*maxLength/);
  });

  test('reports a minor change too, with its location, and asks for a minor bump', async () => {
    const { code, output } = await gate(addOptionalResponseField);
    expect(output).toMatch(/minor added .*refreshed_at/);
    expect(output).toContain(`at ${RESPONSE}:`);
    expect(output).toContain('need a minor bump');
    expect(code).toBe(1);
  });

  test('fails a bumped version with no CHANGELOG.md entry', async () => {
    let bumped = '';
    const { code, output } = await gate(async (c) => {
      const current = await versionOf(c);
      bumped = nextVersion(current, 'minor');
      await c.edit('spec/openapi.yaml', `version: ${current}`, `version: ${bumped}`);
    });
    expect(code).toBe(1);
    expect(output).toContain(`CHANGELOG.md has no "## ${bumped}" entry`);
  });
});

describe('npm run release', () => {
  test('after a minor change, a minor release bumps every version, adds the baseline, and the gate passes', async () => {
    copy = await copyRepo(PARTS);
    const before = await versionOf(copy);
    await addOptionalResponseField(copy);
    const released = await copy.run('scripts/release.mjs', 'minor');
    expect(released.code, released.output).toBe(0);
    const after = nextVersion(before, 'minor');
    expect(await versionOf(copy)).toBe(after);
    const pkg = JSON.parse(await readFile(path.join(copy.dir, 'package.json'), 'utf8'));
    const lock = JSON.parse(await readFile(path.join(copy.dir, 'package-lock.json'), 'utf8'));
    expect([pkg.version, lock.version, lock.packages[''].version]).toEqual([after, after, after]);
    expect(await readFile(path.join(copy.dir, 'CHANGELOG.md'), 'utf8')).toContain(`## ${after}`);
    expect(await readFile(path.join(copy.dir, 'spec/releases', `${after}.yaml`), 'utf8')).toContain('refreshed_at');
    const gated = await copy.run('scripts/diff.mjs');
    expect(gated.output).toContain('0 major, 0 minor, 0 patch');
    expect(gated.code).toBe(0);
    const drift = await copy.run('scripts/check-generated.mjs');
    expect(drift.code, drift.output).toBe(0);
  });

  test('refuses an unknown level with one line and exit 2', async () => {
    copy = await copyRepo(['scripts', 'package.json']);
    const { code, output } = await copy.run('scripts/release.mjs');
    expect(code).toBe(2);
    expect(output.trim().split('\n')).toHaveLength(1);
  });
});
