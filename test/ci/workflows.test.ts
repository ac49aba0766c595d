// The GitHub Actions workflows and templates are YAML that no test here runs; this proves they
// pass a workflow linter (action-validator, GitHub's workflow schema), have the shape Actions
// needs, call commands that exist, and that the README shows each template.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, test } from 'vitest';
import YAML from 'yaml';
import pkg from '../../package.json' with { type: 'json' };
import { commands } from '../../packages/toolkit/lib/cli.mjs';
import { repoRoot } from '../support/repo-copy.js';

const dirs = ['.github/workflows', 'ci-templates'];
const files = (await Promise.all(dirs.map(async (dir) => (await readdir(path.join(repoRoot, dir))).map((f) => path.join(dir, f))))).flat();
// The CLI's own table of commands: a template cannot call one that does not exist.
const binCommands = Object.keys(commands);
const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');

interface Step {
  uses?: string;
  run?: string;
}

describe.each(files)('%s', (file) => {
  test("passes the workflow linter (GitHub's workflow schema)", async () => {
    // action-validator's own engine, in this process (its CLI is a wrapper that reads one file).
    const { errors } = validateWorkflow(await readFile(path.join(repoRoot, file), 'utf8'));
    expect(errors).toEqual([]);
  });

  test('is valid YAML with a name, triggers and jobs', async () => {
    const doc = YAML.parse(await readFile(path.join(repoRoot, file), 'utf8'), { strict: true, uniqueKeys: true });
    expect(doc.name).toEqual(expect.any(String));
    expect(doc.on).toBeDefined();
    expect(Object.keys(doc.jobs).length).toBeGreaterThan(0);
  });

  test('every job runs on a runner and every step either uses a pinned action or runs a command', async () => {
    const doc = YAML.parse(await readFile(path.join(repoRoot, file), 'utf8'));
    for (const [name, job] of Object.entries<{ 'runs-on': string; steps: Step[] }>(doc.jobs)) {
      expect(job['runs-on'], `${name}: runs-on`).toEqual(expect.any(String));
      for (const step of job.steps) {
        expect(Boolean(step.uses) !== Boolean(step.run), `${name}: a step has both or neither of uses/run`).toBe(true);
        if (step.uses) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
      }
    }
  });

  test('calls only npm scripts and plaid-refresh commands that exist', async () => {
    const text = await readFile(path.join(repoRoot, file), 'utf8');
    for (const [, script] of text.matchAll(/npm run ([\w:-]+)/g)) expect(Object.keys(pkg.scripts)).toContain(script);
    for (const [, command] of text.matchAll(/plaid-refresh (\w+)/g)) expect(binCommands).toContain(command);
  });

  test('runs the installed plaid-refresh only, and keeps its flags from npx: npx --no -- plaid-refresh', async () => {
    const text = await readFile(path.join(repoRoot, file), 'utf8');
    expect(text.match(/npx(?! --no -- plaid-refresh)[^\n]*plaid-refresh/g) ?? []).toEqual([]);
    expect(text).not.toMatch(/npx --yes|wait-on/);
  });

  test('sets up a Node version the tests run on (20 and 24)', async () => {
    const versions = [...(await readFile(path.join(repoRoot, file), 'utf8')).matchAll(/node-version: '?([\d.]+)'?/g)].map(([, v]) => v);
    for (const version of versions) expect(['20', '24']).toContain(version!.split('.')[0]);
  });
});

test('a template that runs plaid-refresh contract sets every identity variable the run requires', async () => {
  const { identityVariables } = await import('../../packages/toolkit/lib/contract-identity.mjs');
  for (const file of files) {
    const text = await readFile(path.join(repoRoot, file), 'utf8');
    if (!/plaid-refresh contract --upstream/.test(text)) continue;
    const env = YAML.parse(text).jobs.contract.env as Record<string, string>;
    expect(Object.keys(env).sort(), file).toEqual(identityVariables.map(([name]) => name).sort());
  }
});

test.each(files.filter((f) => f.startsWith('ci-templates/')))('the README shows how to use %s', (file) => {
  expect(readme).toContain(file);
});

test("the contract template skips, with a notice, when a fork's pull request has no secrets, and a caller can pass them", async () => {
  const doc = YAML.parse(await readFile(path.join(repoRoot, 'ci-templates/consumer-contract.yml'), 'utf8'));
  expect(Object.keys(doc.on.workflow_call.secrets).sort()).toEqual(['CONTRACT_CLIENT_ID', 'CONTRACT_SECRET']);
  const [skip, ...rest] = doc.jobs.contract.steps as (Step & { if?: string })[];
  expect(skip?.if).toMatch(/CONTRACT_CLIENT_ID == ''/);
  expect(skip?.run).toMatch(/::notice/);
  for (const step of rest.filter((s) => s.if !== 'failure()')) expect(step.if, JSON.stringify(step)).toMatch(/CONTRACT_CLIENT_ID != ''/);
});

test('the regenerate template sees files that were never committed (git status, not git diff)', async () => {
  const text = await readFile(path.join(repoRoot, 'ci-templates/consumer-regenerate.yml'), 'utf8');
  expect(text).toContain('git status --porcelain -- src/plaid/');
  expect(text).not.toContain('git diff');
});
