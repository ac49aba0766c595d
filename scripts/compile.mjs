// Compiles src/ and generated/ into the client package (packages/client/dist) with tsc. The docs
// read the error catalogue from it too. tsc does not copy .d.ts inputs, so schema.d.ts is copied
// beside the compiled client that imports it, with an empty schema.js: `import { type X } from
// '…/schema'` under verbatimModuleSyntax keeps a run-time import, which must find a module.
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runIfMain, step } from '../packages/toolkit/lib/step.mjs';
import { fromRepo, runTool } from './repo.mjs';
import { staged } from './staged.mjs';

/** The client package's compiled JavaScript and declarations. */
export const clientDistDir = fromRepo('packages', 'client', 'dist');

/** Compiles into `outDir` (the client's dist, or a stage that build swaps in). */
export async function compileInto(outDir) {
  await step('compile → packages/client/dist', async () => {
    await runTool('tsc', ['-p', fromRepo('tsconfig.build.json'), '--outDir', outDir]);
    await copyFile(fromRepo('generated', 'schema.d.ts'), path.join(outDir, 'generated', 'schema.d.ts'));
    await writeFile(path.join(outDir, 'generated', 'schema.js'), 'export {};\n');
  });
}

/** The client's dist is replaced only when tsc succeeded. */
export const compile = () => staged([clientDistDir], compileInto);

runIfMain(import.meta.url, compile);
