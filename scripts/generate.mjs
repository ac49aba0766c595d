// Everything in generated/, from spec/: bundle, types, client. `build` adds lint and docs.
import { bundle } from './bundle.mjs';
import { generateTypes } from './generate-types.mjs';
import { generateClient } from './generate-client.mjs';
import { fromRoot, runIfMain } from './step.mjs';

export async function generate(outDir = fromRoot('generated')) {
  await bundle(outDir);
  await generateTypes(outDir);
  await generateClient(outDir);
}

runIfMain(import.meta.url, () => generate());
