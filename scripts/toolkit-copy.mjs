// The toolkit package's copy of generated/ (its prepack): installed, the toolkit has only its own
// folder, so it carries the spec artefacts it serves, checks against and generates from.
import { cp } from 'node:fs/promises';
import { runIfMain, step } from '../packages/toolkit/lib/step.mjs';
import { fromRepo, toolkitGenerated } from './repo.mjs';
import { staged } from './staged.mjs';

export const copyIntoToolkit = () =>
  step('generated/ → packages/toolkit/generated', () =>
    staged([toolkitGenerated], (copy) => cp(fromRepo('generated'), copy, { recursive: true })),
  );

runIfMain(import.meta.url, copyIntoToolkit);
