// What every script shares: one line per step with its duration, tool runs that stay quiet
// unless they fail, and a clear exit when run from the command line.
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const fromRoot = (...parts) => path.join(root, ...parts);

// Redocly phones home and nags about updates unless told not to.
export const toolEnv = {
  ...process.env,
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
};

/** A step failed: its message says what and where, and the script exits 1. */
export class StepError extends Error {}

/** The command line was wrong: one line, exit 2. */
export class UsageError extends Error {}

export async function step(label, fn) {
  const started = performance.now();
  try {
    const result = await fn();
    const ms = Math.round(performance.now() - started);
    console.log(`✔ ${label.padEnd(28)} ${String(ms).padStart(5)} ms`);
    return result;
  } catch (error) {
    console.error(`✘ ${label}`);
    throw error;
  }
}

/** Runs a tool from node_modules/.bin. Its output is shown only when it fails. */
export function runTool(bin, args, { cwd = root, quiet = true } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(fromRoot('node_modules', '.bin', bin), args, {
      cwd,
      env: toolEnv,
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new StepError(`${bin} ${args.join(' ')} exited with ${code}\n${stripBanner(output)}`));
    });
  });
}

// Redocly 2.x prints a boxed Node 20 deprecation notice on every run; it is not a finding.
const stripBanner = (text) =>
  text
    .split('\n')
    .filter((line) => !/[╔║╚]/.test(line))
    .join('\n')
    .trim();

/** Runs `main` when the file is the entry point, and turns failures into one clear message. */
export function runIfMain(moduleUrl, main) {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  main(process.argv.slice(2)).catch((error) => {
    if (error instanceof UsageError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(error instanceof StepError ? error.message : error);
    process.exit(1);
  });
}
