// Compiles src/ and generated/ to dist/lib with tsc, for the npm package and for the docs
// (which render the client's error catalogue). tsc does not copy .d.ts inputs, so schema.d.ts is
// copied beside the compiled client that imports it.
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { staged } from './staged.mjs';
import { fromRoot, runIfMain, runTool, step } from './step.mjs';

/** Compiles into `outDir` (dist/lib, or a stage that build swaps in). */
export async function compileInto(outDir) {
  await step('compile → dist/lib', async () => {
    await runTool('tsc', ['-p', 'tsconfig.build.json', '--outDir', outDir]);
    await copyFile(fromRoot('generated', 'schema.d.ts'), path.join(outDir, 'generated', 'schema.d.ts'));
  });
}

/** dist/lib is replaced only when tsc succeeded. */
export const compile = () => staged([fromRoot('dist', 'lib')], compileInto);

runIfMain(import.meta.url, compile);
