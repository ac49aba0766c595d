// The toolkit's CLI as a shell runs it: a child process of packages/toolkit/bin/plaid-refresh.mjs.
import { type ExecFileOptions, execFile } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './repo-copy.js';

export const cliPath = path.join(repoRoot, 'packages/toolkit/bin/plaid-refresh.mjs');

/** Runs `plaid-refresh <args>`; never throws: its exit code and everything it printed. */
export const runCli = (args: string[], options: ExecFileOptions = {}) =>
  new Promise<{ code: number; output: string }>((resolve) => {
    execFile(process.execPath, [cliPath, ...args], { maxBuffer: 32 << 20, ...options }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
