// What the toolkit's commands and this repository's scripts share: one line per step with its
// duration, tools' output without their noise, and a clear exit when run from the command line.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The toolkit package's folder: its generated/ copy of the spec, its contract suite. */
export const packageRoot = fileURLToPath(new URL('..', import.meta.url));
export const fromPackage = (...parts) => path.join(packageRoot, ...parts);

/** Colour only for a terminal, and never under NO_COLOR (https://no-color.org). */
export const useColor = (stream = process.stdout) => Boolean(stream.isTTY) && !process.env.NO_COLOR;

// Redocly phones home and nags about updates unless told not to; its colours follow ours.
export const toolEnv = {
  ...process.env,
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  ...(useColor() ? {} : { NO_COLOR: '1', FORCE_COLOR: '0' }),
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

/**
 * A tool's output without its noise: Redocly 2.x boxes a Node 20 deprecation notice into every
 * run (not a finding), and ends a failed lint by suggesting an ignore file, which would silence
 * the gate instead of fixing the spec.
 * @param {string} text
 */
export const quietToolOutput = (text) =>
  text
    .split('\n')
    .filter((line) => !/[╔║╚]/.test(line) && !/--generate-ignore-file/.test(line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
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
