// The toolkit package's copy of generated/: installed, the toolkit has only its own folder, so it
// carries the spec artefacts it serves, checks against and generates from, and here it reads the
// same copy. `generate` and `build` write it beside generated/; this brings it up to date after
// anything else changed generated/ (a bundle, a pull), before the toolkit runs or is packed.
import { cp, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runIfMain, step } from '../packages/toolkit/lib/step.mjs';
import { fromRepo, toolkitGenerated } from './repo.mjs';
import { staged } from './staged.mjs';

/** Every file of a directory and its bytes, or undefined when there is none. */
async function contents(dir) {
  const names = await readdir(dir).catch(() => undefined);
  if (!names) return undefined;
  return Object.fromEntries(await Promise.all(names.sort().map(async (name) => [name, await readFile(path.join(dir, name), 'utf8')])));
}

/** Copies generated/ into the toolkit when the copy differs; silent when it is already the same. */
export async function refreshToolkitCopy() {
  const [source, copy] = await Promise.all([contents(fromRepo('generated')), contents(toolkitGenerated)]);
  if (JSON.stringify(source) === JSON.stringify(copy)) return;
  await step('generated/ → packages/toolkit/generated', () =>
    staged([toolkitGenerated], (stage) => cp(fromRepo('generated'), stage, { recursive: true })),
  );
}

runIfMain(import.meta.url, refreshToolkitCopy);
