// The README's MSW test file is the beginning of the one the tests run, word for word.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from '../support/repo-copy.js';

test("the README's MSW example is the start of test/msw/consumer-scenarios.test.ts", async () => {
  const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
  const shown = readme.match(/beginning of `test\/msw\/consumer-scenarios\.test\.ts`[\s\S]*?```ts\n([\s\S]*?)```/)?.[1];
  expect(shown, 'the README shows the MSW example').toBeDefined();
  const file = await readFile(path.join(repoRoot, 'test/msw/consumer-scenarios.test.ts'), 'utf8');
  expect(file).toContain(shown!);
  expect(shown!.split('\n').length).toBeGreaterThan(30);
});
