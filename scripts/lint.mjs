// Lints spec/ with the rules in redocly.yaml. Any finding fails, with file:line.
import { runIfMain, step } from '../packages/toolkit/lib/step.mjs';
import { runTool } from './repo.mjs';

export async function lint() {
  // In CI the findings become annotations on the changed lines.
  const format = process.env.CI === 'true' ? 'github-actions' : 'codeframe';
  await step('lint spec/', () => runTool('redocly', ['lint', 'spec/openapi.yaml', `--format=${format}`, '--max-problems=200']));
}

runIfMain(import.meta.url, lint);
