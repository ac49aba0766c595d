// Fails when generated/ is stale: regenerates into a temp dir and compares file by file.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runIfMain, StepError, step } from '../packages/toolkit/lib/step.mjs';
import { generateInto } from './generate.mjs';
import { fromRepo } from './repo.mjs';

export async function checkGenerated(committedDir = fromRepo('generated')) {
  const fresh = await mkdtemp(path.join(tmpdir(), 'generated-'));
  try {
    await generateInto(fresh);
    await step('compare with generated/', async () => {
      const expected = (await readdir(fresh)).sort();
      const actual = (await readdir(committedDir).catch(() => [])).sort();
      const stale = [];
      for (const name of new Set([...expected, ...actual])) {
        const [want, have] = await Promise.all([
          readFile(path.join(fresh, name), 'utf8').catch(() => null),
          readFile(path.join(committedDir, name), 'utf8').catch(() => null),
        ]);
        if (want === null) stale.push(`${name}: not produced by the spec any more; delete it`);
        else if (have === null) stale.push(`${name}: missing`);
        else if (want !== have) stale.push(`${name}: differs from what spec/ produces`);
      }
      if (stale.length > 0) {
        throw new StepError(`generated/ is stale against spec/:\n  ${stale.join('\n  ')}\nRun \`npm run generate\` and commit generated/.`);
      }
    });
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, () => checkGenerated());
