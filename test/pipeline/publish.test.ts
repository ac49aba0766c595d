// The publish template's own commands, run with --dry-run in this repository, in the template's
// order: the client first (the toolkit pins its exact version), each at the repository's version.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import YAML from 'yaml';
import { CLIENT, TOOLKIT } from '../support/packed-packages.js';
import { repoRoot } from '../support/repo-copy.js';

test('publish-packages.yml publishes the client, then the toolkit, and npm accepts both (--dry-run)', async () => {
  const doc = YAML.parse(await readFile(path.join(repoRoot, 'ci-templates/publish-packages.yml'), 'utf8'));
  const publishes = (doc.jobs.publish.steps as { run?: string }[]).flatMap((step) =>
    step.run?.startsWith('npm publish') ? [step.run] : [],
  );
  expect(publishes).toHaveLength(2);
  const { version } = JSON.parse(await readFile(path.join(repoRoot, 'packages/toolkit/package.json'), 'utf8'));
  const published: string[] = [];
  for (const command of publishes) {
    const [, ...args] = command.split(' ');
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        'npm',
        [...args, '--dry-run'],
        { cwd: repoRoot, env: { ...process.env, npm_config_update_notifier: 'false' } },
        (error, stdout, stderr) =>
          error ? reject(new Error(`${command} --dry-run failed:\n${stdout}${stderr}`)) : resolve(`${stdout}${stderr}`),
      ),
    );
    published.push(...[...output.matchAll(/^\+ (\S+)@(\S+)$/gm)].map(([, name, at]) => `${name}@${at}`));
  }
  expect(published).toEqual([`${CLIENT}@${version}`, `${TOOLKIT}@${version}`]);
}, 60_000);
