// The main job, in one process: lint, then generate. Lint and bundling both read spec/ only,
// so they run side by side on two cores.
import { lint } from './lint.mjs';
import { generate } from './generate.mjs';
import { runIfMain } from './step.mjs';

export async function build() {
  const started = performance.now();
  await Promise.all([lint(), generate()]);
  console.log(`build done in ${Math.round(performance.now() - started)} ms`);
}

runIfMain(import.meta.url, build);
