// Bundles spec/ into single-file YAML and JSON for other repos and tools to consume.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { runIfMain, step } from '../packages/toolkit/lib/step.mjs';
import { fromRepo, runTool } from './repo.mjs';
import { refreshToolkitCopy } from './toolkit-copy.mjs';

export async function bundle(outDir = fromRepo('generated')) {
  await mkdir(outDir, { recursive: true });
  const yamlFile = path.join(outDir, 'openapi.yaml');
  await step('bundle → openapi.yaml', () => runTool('redocly', ['bundle', 'spec/openapi.yaml', '--output', yamlFile, '--ext', 'yaml']));
  // One bundle, two encodings: converting in-process is cheaper than a second Redocly run.
  await step('bundle → openapi.json', async () => {
    const document = YAML.parse(await readFile(yamlFile, 'utf8'));
    await writeFile(path.join(outDir, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
  });
}

runIfMain(import.meta.url, async () => {
  await bundle();
  await refreshToolkitCopy();
});
