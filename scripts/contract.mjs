// Runs the contract suite (test/contract/) against the Prism mock, or with --upstream URL against
// a real server through Prism's validating proxy. Exits non-zero on any violation.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fromRoot, runIfMain } from './step.mjs';

const usage = `usage: npm run contract -- [--upstream URL]
  --upstream URL   the server under test (default: none, test the mock)
environment, for a real server: CONTRACT_CLIENT_ID, CONTRACT_SECRET, CONTRACT_USER_ID`;

/**
 * @param {string[]} argv
 * @returns {{ help?: string, error?: string, upstream?: string }}
 */
export function parseContractArgs(argv) {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { upstream: { type: 'string' }, help: { type: 'boolean' } } }));
  } catch (error) {
    return { error: `${error.message}\n${usage}` };
  }
  if (values.help) return { help: usage };
  if (values.upstream !== undefined) {
    let url;
    try {
      url = new URL(values.upstream);
    } catch {
      return { error: `--upstream is not a URL: ${JSON.stringify(values.upstream)}\n${usage}` };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `--upstream must be http(s): ${values.upstream}` };
  }
  return { upstream: values.upstream };
}

// Resolved, not assumed under ./node_modules: installed as a dependency, vitest may be hoisted.
const vitestBin = () => path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

/**
 * @param {{ upstream?: string, stdio?: 'inherit' | 'pipe' }} [options]
 * @returns {import('node:child_process').ChildProcess}
 */
export function runContract({ upstream, stdio = 'inherit' } = {}) {
  const child = spawn(process.execPath, [vitestBin(), 'run', '--configLoader', 'runner', '--project', 'contract'], {
    cwd: fromRoot(),
    env: { ...process.env, CONTRACT_UPSTREAM: upstream ?? '' },
    stdio,
  });
  return child;
}

runIfMain(import.meta.url, async (argv) => {
  const parsed = parseContractArgs(argv);
  if (parsed.help) return console.log(parsed.help);
  if (parsed.error) {
    console.error(parsed.error);
    process.exit(2);
  }
  console.log(parsed.upstream ? `contract suite → Prism proxy → ${parsed.upstream}` : 'contract suite → Prism mock');
  const child = runContract({ upstream: parsed.upstream });
  // Ctrl-C reaches vitest through the shared process group; its exit code is ours.
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
});
