// The main job, in one process: lint beside generate → compile → docs. Lint only reads spec/,
// so it runs on the second core while the rest goes on.
import { compile } from './compile.mjs';
import { docs } from './docs.mjs';
import { generate } from './generate.mjs';
import { lint } from './lint.mjs';
import { runIfMain } from './step.mjs';

export async function build() {
  const started = performance.now();
  await Promise.all([lint(), generate().then(compile).then(docs)]);
  console.log(`build done in ${Math.round(performance.now() - started)} ms`);
}

runIfMain(import.meta.url, build);
