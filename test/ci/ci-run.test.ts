// `.ci/run` is what CI executes on a clean clone; the README tells a newcomer what that is. The
// two must name the same commands in the same order, and the README's two commands come first.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from '../support/repo-copy.js';

const read = (file: string) => readFile(path.join(repoRoot, file), 'utf8');

test('.ci/run runs exactly the commands the README lists, in its order', async () => {
  const script = (await read('.ci/run'))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('npm '));
  const readme = await read('README.md');
  const paragraph = readme.slice(readme.indexOf('CI (`.ci/run`) runs exactly:'), readme.indexOf('if it is missing'));
  const listed = [...paragraph.matchAll(/`((?:npm [^`]+)|(?:test:[\w-]+))`/g)].map(([, command]) =>
    command!.startsWith('npm ') ? command : `npm run ${command}`,
  );
  expect(listed.length).toBeGreaterThan(5);
  expect(script).toEqual(listed);
});

test("the README's two commands are the first CI runs", async () => {
  const readme = await read('README.md');
  const block = readme.match(/```sh\n([\s\S]*?)```/)![1]!;
  const commands = block
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean)
    .flatMap((line) => line.split('&&').map((part) => part.trim()));
  expect(commands).toEqual(['npm ci', 'npm run build', 'npm test']);
  const script = await read('.ci/run');
  for (const command of commands) expect(script).toMatch(new RegExp(`^${command}$`, 'm'));
});
