// This repository's own paths and tools, for the scripts that build, check and release it (the
// toolkit's commands never run from here: they find their files in their own package).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { quietToolOutput, StepError, toolEnv } from '../packages/toolkit/lib/step.mjs';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const fromRepo = (...parts) => path.join(repoRoot, ...parts);

/** The toolkit package's copy of generated/, which it reads when installed and here alike. */
export const toolkitGenerated = fromRepo('packages', 'toolkit', 'generated');

/** Runs a tool from node_modules/.bin. Its output is shown only when it fails. */
export function runTool(bin, args, { cwd = repoRoot, quiet = true } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(fromRepo('node_modules', '.bin', bin), args, {
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
      else reject(new StepError(`${bin} ${args.join(' ')} exited with ${code}\n${quietToolOutput(output)}`));
    });
  });
}
