// Compiles src/ and generated/ to dist/lib with tsc, for the npm package and for the docs
// (which render the client's error catalogue). tsc does not copy .d.ts inputs, so schema.d.ts is
// copied beside the compiled client that imports it.
import { copyFile, rm } from 'node:fs/promises';
import { fromRoot, runIfMain, runTool, step } from './step.mjs';

export async function compile() {
  await step('compile → dist/lib', async () => {
    await rm(fromRoot('dist', 'lib'), { recursive: true, force: true });
    await runTool('tsc', ['-p', 'tsconfig.build.json']);
    await copyFile(fromRoot('generated', 'schema.d.ts'), fromRoot('dist', 'lib', 'generated', 'schema.d.ts'));
  });
}

runIfMain(import.meta.url, compile);
