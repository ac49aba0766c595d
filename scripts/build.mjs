// The main job, in one process. generated/ is replaced once lint and every generate step passed
// (lint only reads spec/, so it runs on the second core beside the rest); the client's dist and
// dist/docs once compile and docs passed. A failed step leaves each directory as it was.

import { runIfMain } from '../packages/toolkit/lib/step.mjs';
import { clientDistDir, compileInto } from './compile.mjs';
import { docsInto } from './docs.mjs';
import { generate } from './generate.mjs';
import { fromRepo } from './repo.mjs';
import { staged } from './staged.mjs';

export async function build() {
  const started = performance.now();
  await generate();
  await staged([clientDistDir, fromRepo('dist', 'docs')], async (lib, docs) => {
    await compileInto(lib);
    await docsInto({ outDir: docs, libDir: lib });
  });
  console.log(`build done in ${Math.round(performance.now() - started)} ms`);
}

runIfMain(import.meta.url, build);
