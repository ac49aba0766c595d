// The GitHub Actions workflows and templates are YAML that no test here runs; this at least
// proves they parse, have the shape Actions needs, and call commands that exist.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import YAML from 'yaml';
import pkg from '../../package.json' with { type: 'json' };
import { repoRoot } from '../support/repo-copy.js';

const dirs = ['.github/workflows', 'ci-templates'];
const files = (await Promise.all(dirs.map(async (dir) => (await readdir(path.join(repoRoot, dir))).map((f) => path.join(dir, f))))).flat();
const binCommands = ['generate', 'mock', 'contract', 'lint'];

interface Step {
  uses?: string;
  run?: string;
}

describe.each(files)('%s', (file) => {
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

  test('runs the installed plaid-refresh only: npx never fetches a package of that name', async () => {
    const text = await readFile(path.join(repoRoot, file), 'utf8');
    expect(text.match(/npx (?!--no )\S*\s*plaid-refresh/g) ?? []).toEqual([]);
  });
});

test('a template that runs plaid-refresh contract sets every identity variable the run requires', async () => {
  const { identityVariables } = await import('../../scripts/contract-identity.mjs');
  for (const file of files) {
    const text = await readFile(path.join(repoRoot, file), 'utf8');
    if (!/plaid-refresh contract --upstream/.test(text)) continue;
    const env = YAML.parse(text).jobs.contract.env as Record<string, string>;
    expect(Object.keys(env).sort(), file).toEqual(identityVariables.map(([name]) => name).sort());
  }
});
