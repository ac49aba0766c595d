// How vitest is run here: its binary, resolved rather than assumed under ./node_modules (installed
// as a dependency, vitest may be hoisted), and the arguments of `npm test` as package.json says
// them, so a bench or a copy of the repository runs exactly what `npm test` runs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const vitestBin = () => path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

/** `vitest run` as every script here starts it: one config, loaded by vitest's runner. */
export const vitestRun = ['run', '--configLoader', 'runner'];

/**
 * The arguments after `vitest` of a package.json script (by default `npm test`'s).
 * @param {string} root the package's folder
 */
export function npmScriptArgs(root, script = 'test') {
  const command = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts?.[script] ?? '';
  const [tool, ...args] = command.split(/\s+/);
  if (tool !== 'vitest') throw new Error(`package.json's ${script} script does not run vitest: ${command}`);
  return args;
}
