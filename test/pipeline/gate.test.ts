// The breaking-change gate as a maintainer and a CI system meet it, on copies of the repo: every
// change with its level, class and the file and line a maintainer edits (a removed one in the old
// release), the JSON report against the schema the toolkit ships, GitHub's annotations and step
// summary, the accepted-changes file, and exit 2 for bad input.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import YAML from 'yaml';
import schema from '../../packages/toolkit/lib/gate-report.schema.json' with { type: 'json' };
import { nextVersion } from '../../scripts/release.mjs';
import { copyRepo, type RepoCopy } from '../support/repo-copy.js';

const PARTS = ['spec', 'scripts', 'packages/toolkit', 'generated', 'redocly.yaml', 'package.json', 'package-lock.json', 'CHANGELOG.md'];
const PATH_FILE = 'spec/paths/user_financial_data_refresh.yaml';
const RESPONSE = 'spec/components/schemas/UserFinancialDataRefreshResponse.yaml';

let copy: RepoCopy;
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'gate-'));
  copy = await copyRepo(PARTS);
  // A new named example in its own file, an example value changed, the operation deprecated, and a response field removed.
  await writeFile(
    path.join(copy.dir, 'spec/components/examples/OneItem.yaml'),
    'summary: One Item\ndescription: The user has one Item.\nvalue:\n  request_id: Aa1Bb2Cc3Dd4Ee5\n  user_id: usr_one\n  results: []\n',
  );
  await copy.edit(
    PATH_FILE,
    '            NoItems:\n',
    '            OneItem:\n              $ref: ../components/examples/OneItem.yaml\n            NoItems:\n',
  );
  await copy.edit('spec/components/examples/NoItems.yaml', 'user_id: usr_2bN6kQpXmRt9Vw', 'user_id: usr_changed_by_test');
  await copy.edit(PATH_FILE, '  operationId: userFinancialDataRefresh\n', '  operationId: userFinancialDataRefresh\n  deprecated: true\n');
  const response = await readFile(path.join(copy.dir, RESPONSE), 'utf8');
  await copy.edit(RESPONSE, response, response.replace('  - request_id\n', '').replace(/ {2}request_id:\n( {4}.*\n)+/, ''));
}, 30_000);
afterAll(async () => {
  await copy?.remove();
  await rm(scratch, { recursive: true, force: true });
});

describe('npm run diff -- --format json', () => {
  let report: {
    fits: boolean;
    changes: { level: string; class: string; message: string; location: { file: string; line: number; removedFrom?: string } }[];
  };
  let summary = '';
  beforeAll(async () => {
    const summaryFile = path.join(scratch, 'summary.md');
    const { output } = await copy.run('scripts/diff.mjs', '--format', 'json', { GITHUB_STEP_SUMMARY: summaryFile, GITHUB_ACTIONS: '' });
    report = JSON.parse(output);
    summary = await readFile(summaryFile, 'utf8');
  }, 30_000);

  test('is what the shipped JSON Schema describes', () => {
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  test('carries every change with its level, class and location; a new example at its own file', () => {
    const find = (re: RegExp) => report.changes.find((c) => re.test(c.message));
    expect(find(/is now deprecated/)).toMatchObject({ level: 'minor', class: 'deprecation', location: { file: PATH_FILE } });
    expect(find(/example value at \/components\/examples\/NoItems\/value changed/)).toMatchObject({
      level: 'patch',
      class: 'example value',
      location: { file: 'spec/components/examples/NoItems.yaml' },
    });
    expect(
      report.changes.find((c) => c.location.file === 'spec/components/examples/OneItem.yaml'),
      JSON.stringify(report.changes, null, 2),
    ).toBeDefined();
  });

  test('says where a removed field was: in the old release, by its version', () => {
    const removed = report.changes.find((c) => c.level === 'major' && /request_id/.test(c.message) && c.location.removedFrom);
    expect(removed, JSON.stringify(report.changes, null, 2)).toBeDefined();
    expect(removed!.location.file).toMatch(/^spec\/releases\/\d+\.\d+\.\d+\.yaml$/);
    expect(report.fits).toBe(false);
  });

  test('appends a Markdown summary to GITHUB_STEP_SUMMARY with the verdict', () => {
    expect(summary).toMatch(/^### Breaking-change gate: /);
    expect(summary).toContain('| major |');
    expect(summary).toMatch(/need a major bump/);
  });
});

test('under GitHub Actions, one annotation per change at its file and line', async () => {
  const { code, output } = await copy.run('scripts/diff.mjs', { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '' });
  expect(code).toBe(1);
  expect(output).toMatch(new RegExp(`^::notice file=${PATH_FILE},line=\\d+,title=minor deprecation::`, 'm'));
  expect(output).toMatch(/^::error file=spec\/releases\/[\d.]+\.yaml,line=\d+,title=major spec::/m);
  expect(output).toMatch(/^::error title=breaking-change gate::info\.version is/m);
}, 30_000);

describe('spec/accepted-changes.yaml', () => {
  test('levels a reviewed change, says so, and fails on an entry that matches nothing', async () => {
    const accepted = path.join(copy.dir, 'spec/accepted-changes.yaml');
    await writeFile(
      accepted,
      '- class: deprecation\n  at: /paths/~1user~1financial_data~1refresh/post/deprecated\n  level: patch\n  why: announced in 2025; no consumer calls it\n' +
        '- class: server\n  at: /servers/9\n  level: patch\n  why: a stale entry\n',
    );
    const { code, output } = await copy.run('scripts/diff.mjs', { GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '' });
    await rm(accepted);
    expect(code).toBe(1);
    expect(output).toMatch(
      /patch deprecation: .*is now deprecated \[accepted as patch, found minor: announced in 2025; no consumer calls it\]/,
    );
    expect(output).toContain('spec/accepted-changes.yaml: no change matches server at /servers/9: remove the entry');
  }, 30_000);
});

test('fails a bumped version with no CHANGELOG.md entry', async () => {
  const bumpedCopy = await copyRepo(PARTS);
  try {
    const current = YAML.parse(await readFile(path.join(bumpedCopy.dir, 'spec/openapi.yaml'), 'utf8')).info.version as string;
    const bumped = nextVersion(current, 'minor');
    await bumpedCopy.edit('spec/openapi.yaml', `version: ${current}`, `version: ${bumped}`);
    const { code, output } = await bumpedCopy.run('scripts/diff.mjs');
    expect(code).toBe(1);
    expect(output).toContain(`CHANGELOG.md has no "## ${bumped}" entry`);
  } finally {
    await bumpedCopy.remove();
  }
}, 30_000);

describe('bad input: one line, exit 2', () => {
  test('a flag it does not know', async () => {
    const { code, output } = await copy.run('scripts/diff.mjs', '--format', 'xml');
    expect(code).toBe(2);
    expect(output.trim().split('\n')).toEqual(['--format must be text, json or markdown, got xml']);
  });

  test.each([
    ['a YAML syntax error in the root', (text: string) => `${text}  broken: [\n`, /^spec\/openapi\.yaml cannot be read: /],
    [
      'an info.version that is not semver',
      (text: string) => text.replace(/^(\s+version:\s*)\S+$/m, '$1two'),
      /info\.version must be a semver like 1\.2\.3, got "two"/,
    ],
  ])(
    '%s',
    async (_name, change, message) => {
      const broken = await copyRepo(PARTS);
      try {
        const root = path.join(broken.dir, 'spec/openapi.yaml');
        const text = await readFile(root, 'utf8');
        await broken.edit('spec/openapi.yaml', text, change(text));
        const { code, output } = await broken.run('scripts/diff.mjs');
        expect(code).toBe(2);
        expect(output.trim().split('\n')).toHaveLength(1);
        expect(output).toMatch(message);
      } finally {
        await broken.remove();
      }
    },
    30_000,
  );

  test('a spec that does not bundle', async () => {
    const broken = await copyRepo(PARTS);
    try {
      await broken.edit(PATH_FILE, '$ref: ../components/examples/NoItems.yaml', '$ref: ../components/examples/Missing.yaml');
      const { code, output } = await broken.run('scripts/diff.mjs');
      expect(code).toBe(2);
      expect(output.trim().split('\n')).toHaveLength(1);
      expect(output).toMatch(/^spec\/ does not bundle: /);
    } finally {
      await broken.remove();
    }
  }, 30_000);
});
