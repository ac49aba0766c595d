// Everything in generated/, from spec/: bundle, types, client, operations table, validators.
// `npm run generate` lints first (beside the rest) and refuses a spec that fails, unless --force;
// generated/ is replaced only when every step succeeded. `build` adds compile and docs.
import { parseArgs } from 'node:util';
import { bundle } from './bundle.mjs';
import { generateClient } from './generate-client.mjs';
import { generateOperations } from './generate-operations.mjs';
import { generateTypes } from './generate-types.mjs';
import { generateValidators } from './generate-validators.mjs';
import { lint } from './lint.mjs';
import { allSteps, staged } from './staged.mjs';
import { fromRoot, runIfMain, UsageError } from './step.mjs';

/** Writes every generated file into `outDir`, whatever is there. */
export async function generateInto(outDir) {
  await bundle(outDir);
  await generateTypes(outDir);
  await generateClient(outDir);
  await generateOperations(outDir);
  await generateValidators(outDir);
}

/**
 * Regenerates generated/ in a stage beside it, and swaps it in when lint and every step passed.
 * @param {{ force?: boolean }} [options] force: write even from a spec that fails lint
 */
export async function generate({ force = false } = {}) {
  await staged([fromRoot('generated')], (stage) => allSteps([force ? undefined : lint(), generateInto(stage)]));
}

runIfMain(import.meta.url, async (argv) => {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { force: { type: 'boolean' } } }));
  } catch (error) {
    throw new UsageError(`${error.message.split('\n')[0]} (usage: npm run generate -- [--force])`);
  }
  await generate({ force: values.force });
});
