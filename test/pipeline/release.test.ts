// A maintainer's release, by the README's one command, on a copy of the repository: after a minor
// change, `npm run release -- minor` must leave a repo whose gate, drift check and diff-gate tests
// pass with no edit to any test.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import YAML from 'yaml';
import { nextVersion } from '../../scripts/release.mjs';
import { BUILDABLE, copyRepo, type RepoCopy } from '../support/repo-copy.js';

const run = promisify(execFile);
const RESPONSE = 'spec/components/schemas/UserFinancialDataRefreshResponse.yaml';
let copy: RepoCopy;
let before: string;
let released: { code: number; output: string };

const versionOf = async () => YAML.parse(await readFile(path.join(copy.dir, 'spec/openapi.yaml'), 'utf8')).info.version as string;

beforeAll(async () => {
  copy = await copyRepo(BUILDABLE);
  before = await versionOf();
  const text = await readFile(path.join(copy.dir, RESPONSE), 'utf8');
  await copy.edit(RESPONSE, text, `${text}  added_by_test:\n    type: string\n    description: A field added by the release test.\n`);
  released = await copy.run('scripts/release.mjs', 'minor');
}, 30_000);
afterAll(() => copy?.remove());

test('bumps info.version, both packages and package-lock.json together', async () => {
  expect(released.code, released.output).toBe(0);
  const after = nextVersion(before, 'minor');
  expect(await versionOf()).toBe(after);
  const json = async (file: string) => JSON.parse(await readFile(path.join(copy.dir, file), 'utf8'));
  const [toolkit, client, lock] = await Promise.all([
    json('packages/toolkit/package.json'),
    json('packages/client/package.json'),
    json('package-lock.json'),
  ]);
  expect([toolkit.version, client.version, lock.packages['packages/toolkit'].version, lock.packages['packages/client'].version]).toEqual([
    after,
    after,
    after,
    after,
  ]);
  // The toolkit depends on exactly the client released with it.
  expect(toolkit.dependencies[client.name]).toBe(after);
});

test('leaves a lockfile npm agrees with: `npm install --package-lock-only` changes nothing', async () => {
  const lockfile = path.join(copy.dir, 'package-lock.json');
  const written = await readFile(lockfile, 'utf8');
  await run('npm', ['install', '--package-lock-only', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: copy.dir });
  expect(await readFile(lockfile, 'utf8')).toBe(written);
});

test('adds a CHANGELOG.md stub and the new baseline in spec/releases/', async () => {
  const after = nextVersion(before, 'minor');
  expect(await readFile(path.join(copy.dir, 'CHANGELOG.md'), 'utf8')).toContain(`## ${after}`);
  expect(await readFile(path.join(copy.dir, 'spec/releases', `${after}.yaml`), 'utf8')).toContain('added_by_test');
});

test("the gate shows the release's own changes, refuses the CHANGELOG's TODO, then passes", async () => {
  const after = nextVersion(before, 'minor');
  const pending = await copy.run('scripts/diff.mjs');
  expect(pending.output).toContain(`release ${after} against ${before} (spec/ is the release just made)`);
  expect(pending.output).toMatch(/minor added .*added_by_test/);
  expect(pending.output).toContain(`CHANGELOG.md's "## ${after}" entry still holds the release template's TODO`);
  expect(pending.code).toBe(1);
  await copy.edit('CHANGELOG.md', '- TODO: what changed, and what a consumer must do.', '- Responses may carry `added_by_test`.');
  const gated = await copy.run('scripts/diff.mjs');
  expect(gated.output).toMatch(/minor added .*added_by_test/);
  expect(gated.output).toContain(`✔ ${after} fits these changes.`);
  expect(gated.code, gated.output).toBe(0);
});

test('leaves the drift check passing', async () => {
  const drift = await copy.run('scripts/check-generated.mjs');
  expect(drift.code, drift.output).toBe(0);
});

test('the diff-gate tests pass in the released copy, unedited', async () => {
  const { code, output } = await copy.vitest('test/spec/diff-gate.test.ts', { NO_COLOR: '1' });
  expect(output).toMatch(/Tests\s+\d+ passed/);
  expect(code, output).toBe(0);
}, 30_000);
