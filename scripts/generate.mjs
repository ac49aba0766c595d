// Everything in generated/, from spec/: bundle, types, client, operations table, validators. `build` adds lint and docs.
import { bundle } from './bundle.mjs';
import { generateTypes } from './generate-types.mjs';
import { generateClient } from './generate-client.mjs';
import { generateOperations } from './generate-operations.mjs';
import { generateValidators } from './generate-validators.mjs';
import { fromRoot, runIfMain } from './step.mjs';

export async function generate(outDir = fromRoot('generated')) {
  await bundle(outDir);
  await generateTypes(outDir);
  await generateClient(outDir);
  await generateOperations(outDir);
  await generateValidators(outDir);
}

runIfMain(import.meta.url, () => generate());
