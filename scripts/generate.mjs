// Everything in generated/, from spec/: bundle, types, client, operations table, validators.
// `npm run generate` lints first (beside the rest) and refuses a spec that fails, unless --force;
// generated/ is replaced only when every step succeeded. `build` adds compile and docs.
// The toolkit package gets its own copy (packages/toolkit/generated, not committed): installed,
// it has only its own folder, so it reads that copy here too, and a test here is a test of it.
import { cp } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { generateClient } from '../packages/toolkit/lib/generate-client.mjs';
import { generateOperations } from '../packages/toolkit/lib/generate-operations.mjs';
import { generateTypes } from '../packages/toolkit/lib/generate-types.mjs';
import { runIfMain, UsageError } from '../packages/toolkit/lib/step.mjs';
import { bundle } from './bundle.mjs';
import { generateValidators } from './generate-validators.mjs';
import { lint } from './lint.mjs';
import { fromRepo, toolkitGenerated } from './repo.mjs';
import { allSteps, staged } from './staged.mjs';

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
  await staged([fromRepo('generated'), toolkitGenerated], async (stage, copy) => {
    await allSteps([force ? undefined : lint(), generateInto(stage)]);
    await cp(stage, copy, { recursive: true });
  });
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
