// The breaking-change gate and the release command, on throwaway copies of the repo. No test
// names a version: each reads the copy's own, so a release never means editing these tests.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { versionProblem } from '../../scripts/diff.mjs';
import { copyRepo, type RepoCopy } from '../support/repo-copy.js';

let copy: RepoCopy | undefined;
afterEach(async () => {
  await copy?.remove();
  copy = undefined;
});

const PARTS = ['spec', 'scripts', 'packages/toolkit', 'generated', 'redocly.yaml', 'package.json', 'package-lock.json', 'CHANGELOG.md'];

const gate = async (edit: (copy: RepoCopy) => Promise<void>) => {
  copy = await copyRepo(PARTS);
  await edit(copy);
  return copy.run('scripts/diff.mjs');
};

const RESPONSE = 'spec/components/schemas/UserFinancialDataRefreshResponse.yaml';
const REQUEST = 'spec/components/schemas/UserFinancialDataRefreshRequest.yaml';
const removeResponseField = (c: RepoCopy) =>
  c
    .edit(RESPONSE, '  - request_id\n  - user_id', '  - user_id')
    .then(() => c.edit(RESPONSE, '  request_id:\n    type: string', '  request_ident:\n    type: string'));
// A field no release has: after a release that added one, the next run picks another name.
let addedField = '';
const addOptionalResponseField = async (c: RepoCopy) => {
  const text = await readFile(path.join(c.dir, RESPONSE), 'utf8');
  addedField = 'added_by_test';
  for (let n = 2; text.includes(`  ${addedField}:`); n++) addedField = `added_by_test_${n}`;
  await c.edit(RESPONSE, text, `${text}  ${addedField}:\n    type: string\n    description: A field added by the test.\n`);
};

describe('npm run diff, the breaking-change gate', () => {
  // The passing run (spec/ as released) is `npm run diff` in CI, and the release test in test:pipeline.
  test('lists every change, major and minor, each at the spec/ file that holds it', async () => {
    // Independent edits in one run: each must be listed on its own line with its location.
    const { code, output } = await gate(async (c) => {
      await removeResponseField(c);
      await c.edit(REQUEST, 'required:\n  - user_id', 'required:\n  - user_id\n  - client_id');
      await c.edit(REQUEST, '    minLength: 1\n', '    minLength: 1\n    maxLength: 8\n');
      await addOptionalResponseField(c);
    });
    expect(code).toBe(1);
    expect(output).toMatch(new RegExp(`major .*request_id.*\\n\\s+at ${RESPONSE}:\\d+`));
    // Redocly reports the new `required` at the request body's schema: the file that holds it.
    expect(output).toMatch(new RegExp(`major .*became required: .client_id..*\\n\\s+at ${REQUEST}:\\d+`));
    expect(output).toMatch(new RegExp(`major .*maxLength.*\\n\\s+at ${REQUEST}:\\d+`));
    expect(output).toMatch(new RegExp(`minor added .*${addedField}.*\\n\\s+at ${RESPONSE}:\\d+`));
    expect(output).toContain('need a major bump');
  });

  test.each([
    [{ major: 1, minor: 1, patch: 0 }, '1.1.0', '1.2.0', 'major'],
    [{ major: 0, minor: 1, patch: 0 }, '1.1.0', '1.1.1', 'minor'],
    [{ major: 0, minor: 0, patch: 2 }, '1.1.0', '1.1.0', 'patch'],
  ])('asks for the bump the largest change needs: %j from %s to %s needs %s', (summary, released, current, needed) => {
    expect(versionProblem(summary, released, current)).toContain(`need a ${needed} bump: run \`npm run release -- ${needed}\``);
  });

  test.each([
    [{ major: 1, minor: 0, patch: 0 }, '1.1.0', '2.0.0'],
    [{ major: 0, minor: 3, patch: 1 }, '1.1.0', '1.2.0'],
    [{ major: 0, minor: 0, patch: 1 }, '1.1.0', '1.1.1'],
    [{ major: 0, minor: 0, patch: 0 }, '1.1.0', '1.1.0'],
  ])('accepts %j from %s to %s', (summary, released, current) => {
    expect(versionProblem(summary, released, current)).toBeUndefined();
  });
});

test('npm run release refuses an unknown level with one line and exit 2', async () => {
  copy = await copyRepo(['scripts', 'packages/toolkit', 'package.json']);
  const { code, output } = await copy.run('scripts/release.mjs');
  expect(code).toBe(2);
  expect(output.trim().split('\n')).toHaveLength(1);
});
